"""The nightly task that re-checks the quorum of recent meetings after attendance changes."""

import datetime as dt

from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from governance.models import Attendance
from publications.dashboard import tasks
from publications.dashboard.models import QuorumCheck
from publications.dashboard.services.quorum import check_unchecked_meetings


def test_a_corrected_attendance_is_picked_up_by_the_nightly_run(year, world):
    check_unchecked_meetings()
    assert not QuorumCheck.objects.get(meeting=year.inquorate).is_quorate
    for person in (world.secretary, world.member):
        Attendance.objects.create(
            meeting=year.inquorate, person=person, status=Attendance.Status.PRESENT
        )
    assert check_unchecked_meetings() == 0  # already checked: the view does not re-check
    assert tasks.recheck_meeting_quorum.call() == 3  # the three held in the last 400 days
    assert QuorumCheck.objects.get(meeting=year.inquorate).is_quorate
    (waiting,) = DBTaskResult.objects.filter(
        task_path="publications.dashboard.tasks.recheck_meeting_quorum", status="READY"
    )
    assert waiting.run_after - timezone.now() > dt.timedelta(hours=23)
