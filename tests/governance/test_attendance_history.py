"""Attendance history per person and per trust: who may see it, and the rates by group."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from governance.models import Attendance
from tests.portal.factories import TrustFactory, UserFactory
from tests.portal.html import soup, text

from .factories import MeetingPageFactory, MembershipFactory
from .fixtures_registers import sign_in

pytestmark = pytest.mark.django_db


def past_meeting(group, days_ago, title=None):
    return MeetingPageFactory(
        parent=group,
        title=title or f"{group.title}, {days_ago} days ago",
        start=timezone.now() - dt.timedelta(days=days_ago),
        status="held",
    )


def attend(meeting, person, status, deputy=None):
    return Attendance.objects.create(meeting=meeting, person=person, status=status, deputy=deputy)


@pytest.fixture
def history(world):
    """The member's attendance at three board meetings and one MRI SIG meeting."""
    MembershipFactory(group=world.subgroup, person=world.member, trust=world.trusts[3])
    board = [past_meeting(world.board, days) for days in (90, 60, 30)]
    sig = past_meeting(world.subgroup, 45, "MRI SIG, spring")
    attend(board[0], world.member, Attendance.Status.PRESENT)
    attend(board[1], world.member, Attendance.Status.APOLOGIES)
    attend(board[2], world.member, Attendance.Status.DEPUTISED, deputy=world.non_member)
    attend(sig, world.member, Attendance.Status.ABSENT)
    return {"board": board, "sig": sig}


def person_url(person):
    return f"/governance/attendance/people/{person.pk}/"


def rate_rows(response):
    table = soup(response).find(id="rates-heading").find_next("table")
    return {
        row.td.a.get_text(strip=True): [cell.get_text(" ", strip=True) for cell in row.select("td")]
        for row in table.select("tbody tr")
    }


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("member", 200),
        ("chair", 200),
        ("secretary", 200),
        ("admin", 200),
        ("lay_member", 403),
        ("non_member", 403),
        ("other_chair", 403),
    ],
)
def test_who_may_see_a_persons_attendance(client, world, history, who, status):
    sign_in(client, world.people()[who])
    assert client.get(person_url(world.member)).status_code == status


def test_anonymous_visitors_are_asked_to_sign_in(client, world):
    response = client.get(person_url(world.member))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_person_sees_all_their_meetings_and_rates_by_group(client, world, history):
    sign_in(client, world.member)
    response = client.get(person_url(world.member))
    assert soup(response).h1.get_text() == "My attendance"
    rates = rate_rows(response)
    assert rates["Operational Board"][1:] == [
        "Meetings 3",
        "Present 1",
        "Sent a deputy 1",
        "Apologies 1",
        "Absent 0",
        "Attended or represented 67%",
    ]
    assert rates["MRI SIG"][-1] == "Attended or represented 0%"
    page = text(response)
    assert f"Deputised ({world.non_member.get_full_name()})" in page
    assert "MRI SIG, spring" in page


def test_a_chair_sees_only_the_groups_they_run(client, world, history):
    sign_in(client, world.chair)
    response = client.get(person_url(world.member))
    assert set(rate_rows(response)) == {"Operational Board"}
    assert "MRI SIG, spring" not in text(response)
    assert "You see this person’s attendance at the groups you run." in text(response)


def test_person_page_query_count_does_not_grow(client, world, django_assert_num_queries):
    sign_in(client, world.member)
    url = person_url(world.member)

    def add(n):
        for _ in range(n):
            meeting = past_meeting(world.board, 10 + Attendance.objects.count())
            attend(meeting, world.member, Attendance.Status.PRESENT)

    add(3)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    add(27)
    with django_assert_num_queries(len(few)):
        client.get(url)


# Per trust


def trust_url(trust):
    return f"/governance/attendance/trusts/{trust.pk}/"


@pytest.mark.parametrize(
    ("who", "status"), [("non_member", 200), ("member", 200), ("admin", 200), ("applicant", 403)]
)
def test_trust_attendance_is_for_network_members(client, world, who, status):
    person = UserFactory(applicant=True) if who == "applicant" else world.people()[who]
    sign_in(client, person)
    assert client.get(trust_url(world.trusts[3])).status_code == status
    assert client.get("/governance/attendance/trusts/").status_code == status


def test_trust_list_needs_sign_in(client, world):
    response = client.get("/governance/attendance/trusts/")
    assert response.status_code == 302


def test_trust_rates_count_meetings_where_a_representative_attended(client, world, history):
    # The member represents trusts[3] on the board and the MRI SIG (since a year ago).
    before = past_meeting(world.board, 500, "Before they joined")
    attend(before, world.member, Attendance.Status.PRESENT)
    sign_in(client, world.non_member)
    response = client.get(trust_url(world.trusts[3]))
    rates = rate_rows(response)
    assert rates["Operational Board"][1:] == ["Meetings 3", "Represented 2", "Rate 67%"]
    assert rates["MRI SIG"][1:] == ["Meetings 1", "Represented 0", "Rate 0%"]
    page = text(response)
    assert "Before they joined" not in page
    assert f"{world.member.get_full_name()}: apologies" in page
    now = soup(response).find("h2", string="Groups the trust is represented on now")
    assert {li.get_text() for li in now.find_next("ul").select("li")} == {
        "Operational Board",
        "MRI SIG",
    }


def test_trust_without_representatives_has_empty_states(client, world):
    sign_in(client, world.non_member)
    page = text(client.get(trust_url(TrustFactory())))
    assert "Nobody represents the trust on a group at the moment." in page
    assert "No attendance has been recorded for the trust’s representatives." in page
