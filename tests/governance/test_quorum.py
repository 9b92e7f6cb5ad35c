"""Quorum at its edges, through the attendance the secretary records (form and service)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from governance.models import Attendance, Membership
from governance.services.meetings import quorum, record_attendance
from tests.portal.factories import UserFactory

from .factories import MembershipFactory

pytestmark = pytest.mark.django_db

PRESENT = Attendance.Status.PRESENT
APOLOGIES = Attendance.Status.APOLOGIES
DEPUTISED = Attendance.Status.DEPUTISED


@pytest.fixture(autouse=True)
def meeting_under_way(world, clock_after):
    """Attendance is recorded once the meeting has started."""
    clock_after(world.meeting)


def attend(world, *people, **roles):
    """Record attendance, by role name (chair=PRESENT) or as (person, status) pairs; a status
    may be (DEPUTISED, deputy)."""
    pairs = list(people) + [(getattr(world, role), status) for role, status in roles.items()]
    for person, status in pairs:
        status, deputy = status if isinstance(status, tuple) else (status, None)
        record_attendance(world.meeting, person, status, recorded_by=world.secretary, deputy=deputy)
    return quorum(world.meeting)


def test_one_short_of_the_voting_members_needed_is_not_quorate(world):
    result = attend(world, chair=PRESENT, member=PRESENT, secretary=APOLOGIES, deputy=APOLOGIES)
    assert not result.is_quorate
    assert result.voting_present == 2
    assert result.summary() == "Not quorate: 2 of 3 voting members needed are present."
    result = attend(world, secretary=PRESENT)
    assert result.is_quorate
    assert result.summary() == "Quorate: 3 voting members present from 3 trusts."


def test_the_deputy_chair_stands_in_for_an_absent_chair(world):
    result = attend(world, chair=APOLOGIES, deputy=PRESENT, secretary=PRESENT, member=PRESENT)
    assert result.is_quorate
    assert result.chair_present


def test_without_chair_or_deputy_a_group_that_needs_one_is_not_quorate(world):
    result = attend(
        world,
        chair=APOLOGIES,
        deputy=APOLOGIES,
        secretary=PRESENT,
        member=PRESENT,
        lay_member=PRESENT,
    )
    assert not result.is_quorate
    assert result.shortfalls == ["neither the chair nor the deputy chair is present"]
    world.board.quorum_requires_chair = False
    world.board.save()
    world.meeting.refresh_from_db()
    del world.meeting.group  # the group is cached on the meeting for a request
    assert quorum(world.meeting).is_quorate


def test_a_member_who_sends_a_deputy_counts_as_present(world):
    stand_in = UserFactory()
    result = attend(
        world, chair=PRESENT, member=PRESENT, secretary=(DEPUTISED, stand_in), deputy=APOLOGIES
    )
    assert result.is_quorate
    assert result.voting_present == 3
    row = Attendance.objects.get(meeting=world.meeting, person=world.secretary)
    assert row.deputy == stand_in


def test_the_minimum_number_of_trusts_must_be_represented(world):
    world.board.quorum_trusts = 3
    world.board.save()
    world.meeting.refresh_from_db()
    # chair and lay member are both from trust 0; member from trust 3
    result = attend(world, chair=PRESENT, lay_member=PRESENT, member=PRESENT)
    assert result.voting_present == 3
    assert result.trusts_present == 2
    assert result.shortfalls == ["2 of 3 trusts needed are represented"]
    assert attend(world, deputy=PRESENT).is_quorate


def test_non_voting_members_and_observers_do_not_count(world):
    observer = UserFactory()
    MembershipFactory(
        group=world.board, person=observer, role=Membership.Role.OBSERVER, voting=False
    )
    world.board.memberships.filter(person=world.member).update(voting=False)
    result = attend(world, (observer, PRESENT), chair=PRESENT, member=PRESENT, secretary=PRESENT)
    assert not result.is_quorate
    assert result.voting_present == 2
    assert attend(world, lay_member=PRESENT).is_quorate


def test_members_whose_membership_ended_before_the_meeting_do_not_count(world):
    meeting_day = timezone.localtime(world.meeting.start).date()
    world.board.memberships.filter(person=world.member).update(
        end=meeting_day - dt.timedelta(days=1)
    )
    result = attend(world, chair=PRESENT, member=PRESENT, secretary=PRESENT)
    assert not result.is_quorate
    assert result.voting_present == 2
    # ending on the day of the meeting still counts: they were a member that day
    world.board.memberships.filter(person=world.member).update(end=meeting_day)
    assert quorum(world.meeting).is_quorate


def test_attendance_form_records_each_member_and_shows_the_quorum(world, client):
    client.force_login(world.secretary)
    url = reverse("governance:attendance", args=[world.meeting.pk])
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    for person in (world.chair, world.deputy, world.secretary, world.member, world.lay_member):
        assert escape(person.get_full_name()) in html
    assert escape(world.non_member.get_full_name()) not in html
    stand_in = UserFactory()
    response = client.post(
        url,
        {
            f"status_{world.chair.pk}": "present",
            f"status_{world.deputy.pk}": "apologies",
            f"status_{world.secretary.pk}": "present",
            f"status_{world.member.pk}": "deputised",
            f"deputy_{world.member.pk}": stand_in.email.upper(),
            f"status_{world.lay_member.pk}": "absent",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == url
    html = response.content.decode()
    assert "Attendance saved. Quorate: 3 voting members present from 3 trusts." in html
    rows = dict(Attendance.objects.filter(meeting=world.meeting).values_list("person", "status"))
    assert rows[world.member.pk] == "deputised"
    assert rows[world.lay_member.pk] == "absent"
    assert Attendance.objects.get(person=world.member).deputy == stand_in
    # the meeting page now shows the quorum to everyone
    client.logout()
    assert "Quorate: 3 voting members" in client.get(world.meeting.url).content.decode()


def test_attendance_form_needs_a_known_deputy(world, client):
    client.force_login(world.secretary)
    url = reverse("governance:attendance", args=[world.meeting.pk])
    response = client.post(
        url,
        {
            f"status_{world.chair.pk}": "present",
            f"status_{world.member.pk}": "deputised",
            f"status_{world.deputy.pk}": "deputised",
            f"deputy_{world.deputy.pk}": "nobody@example.org",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Enter the email address of the person who deputised." in html
    assert "No one with that email address has an account." in html
    assert 'value="nobody@example.org"' in html  # what was typed is kept
    assert not Attendance.objects.exists()


def test_only_those_running_the_group_record_attendance(world, client):
    url = reverse("governance:attendance", args=[world.meeting.pk])
    client.force_login(world.member)
    assert client.get(url).status_code == 403
    client.force_login(world.other_chair)
    assert client.post(url, {f"status_{world.chair.pk}": "present"}).status_code == 403
    assert not Attendance.objects.exists()
