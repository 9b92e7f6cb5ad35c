"""The dashboard's tests reuse governance's small world (a board, a sub-group and people in each
role) and add a period of held meetings with attendance, actions and risks."""

from dataclasses import dataclass

import pytest

from governance.models import Attendance, MeetingPage
from publications.dashboard.services.metrics import Period

from .factories import attend, held_meeting

PRESENT = Attendance.Status.PRESENT
APOLOGIES = Attendance.Status.APOLOGIES
ABSENT = Attendance.Status.ABSENT


@dataclass
class Year:
    period: Period
    quorate: MeetingPage
    inquorate: MeetingPage
    subgroup_meeting: MeetingPage
    too_old: MeetingPage


@pytest.fixture
def year(world):
    """Three meetings held in the last twelve months (one quorate) and one held before them."""
    quorate = held_meeting(world.board, 30, title="Board, last month", slug="last-month")
    attend(
        quorate,
        chair=(world.chair, PRESENT),
        secretary=(world.secretary, PRESENT),
        member=(world.member, PRESENT),
        deputy=(world.deputy, APOLOGIES),
    )
    inquorate = held_meeting(world.board, 90, title="Board, in the spring", slug="spring")
    attend(inquorate, chair=(world.chair, PRESENT), deputy=(world.deputy, ABSENT))
    subgroup_meeting = held_meeting(world.subgroup, 60, title="MRI SIG meeting", slug="mri")
    too_old = held_meeting(world.board, 500, title="Board, long ago", slug="long-ago")
    attend(too_old, chair=(world.chair, ABSENT))
    return Year(
        period=Period.last_twelve_months(),
        quorate=quorate,
        inquorate=inquorate,
        subgroup_meeting=subgroup_meeting,
        too_old=too_old,
    )
