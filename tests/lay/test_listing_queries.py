"""The listing pages of lay review cost the same number of queries however many rows."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from governance.lay.models import ExpenseClaim, GlossaryTerm
from governance.lay.services import changes as lay_changes
from governance.lay.services import feedback as lay_feedback
from governance.lay.services.expenses import mileage_rate
from governance.lay.services.onboarding import invite_volunteer
from governance.models import Attendance
from governance.services.meetings import record_attendance
from governance.visibility import Visibility
from tests.governance.factories import MeetingPageFactory
from tests.portal.factories import UserFactory

pytestmark = pytest.mark.django_db


def queries(client, url):
    client.get(url)  # warm per-process caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_the_glossary(client, db):
    GlossaryTerm.objects.create(term="PACS", definition="Stores scans.")
    few = queries(client, reverse("governance:glossary"))
    for n in range(30):
        GlossaryTerm.objects.create(term=f"T{n}", definition="A term.")
    assert queries(client, reverse("governance:glossary")) == few
    assert queries(client, reverse("governance:glossary") + "?q=term") == few


def test_the_change_logs(world, agenda, client):
    def add(count):
        for n in range(count):
            feedback = lay_feedback.give_feedback(
                agenda.papers[Visibility.GROUP],
                by=world.lay_member,
                kind="question",
                text=f"Question {n}",
                ease=3,
                name_in_public_log=bool(n % 2),
            )
            lay_changes.record_change(
                world.board,
                by=world.chair,
                you_said=f"Said {n}",
                we_did=f"Did {n}",
                feedback=feedback,
            )

    add(1)
    public = reverse("governance:lay_public_change_log", args=[world.board.pk])
    public_few, board_few = queries(client, public), queries(client, world.board.url)
    client.force_login(world.chair)
    private = reverse("governance:lay_change_log", args=[world.board.pk])
    private_few = queries(client, private)
    add(12)
    assert queries(client, private) == private_few
    client.logout()
    assert queries(client, public) == public_few
    assert queries(client, world.board.url) == board_few


def test_the_meeting_page_with_feedback_raised_under_its_items(world, agenda, client):
    def raise_feedback(count):
        for visibility in (Visibility.PUBLIC, Visibility.GROUP):
            for n in range(count):
                lay_feedback.give_feedback(
                    agenda.papers[visibility],
                    by=world.lay_member,
                    kind="concern",
                    text=f"Raised {n}",
                    ease=2,
                    raise_at_meeting=True,
                )

    raise_feedback(1)
    client.force_login(world.member)
    few = queries(client, world.meeting.url)
    raise_feedback(8)
    assert queries(client, world.meeting.url) == few


def test_my_expenses_and_the_invitations(world, client):
    office = UserFactory(network_office=True)

    def claims(count):
        for _ in range(count):
            meeting = MeetingPageFactory(
                parent=world.board, start=timezone.now() - dt.timedelta(days=10)
            )
            record_attendance(
                meeting, world.lay_member, Attendance.Status.PRESENT, recorded_by=world.chair
            )
            ExpenseClaim.objects.create(
                claimant=world.lay_member,
                meeting=meeting,
                travel_mode="car",
                miles=Decimal("10"),
                mileage_rate=mileage_rate(),
            )
            invite_volunteer(
                email=f"v{ExpenseClaim.objects.count()}@example.org",
                first_name="V",
                last_name="W",
                by=office,
            )

    claims(1)
    client.force_login(world.lay_member)
    mine_few = queries(client, reverse("governance:my_expenses"))
    client.force_login(office)
    invites_few = queries(client, reverse("volunteer_invite"))
    claims(10)
    assert queries(client, reverse("volunteer_invite")) == invites_few
    client.force_login(world.lay_member)
    assert queries(client, reverse("governance:my_expenses")) == mine_few
