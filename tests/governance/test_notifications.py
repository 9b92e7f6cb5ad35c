"""Governance tells people through the one notification service: agendas and papers for their
groups, minutes circulated, actions they own (given, due, overdue), join requests decided and
risks escalated to their groups. Each is told once, however often the trigger runs."""

import datetime as dt

import pytest
from django.utils import timezone

from governance import notifications
from governance.risks import services as risk_services
from governance.services import memberships, records
from portal.notifications.models import Notification
from tests.plugins.clock import TODAY

from .factories import MeetingPageFactory
from .fixtures_risks import risk_fields

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]


def told(kind):
    return sorted(Notification.objects.filter(kind=kind).values_list("recipient__email", flat=True))


def emails(people):
    return sorted(p.email for p in people)


def board_members(world):
    return [world.chair, world.deputy, world.secretary, world.member, world.lay_member]


def test_publishing_an_agenda_tells_the_groups_members_once(
    world, immediate_tasks, smtp_inbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        world.meeting.save_revision(user=world.chair).publish(user=world.chair)
    with django_capture_on_commit_callbacks(execute=True):
        world.meeting.save_revision(user=world.chair).publish(user=world.chair)  # republished
    assert told(notifications.MEETING_PAPERS) == emails(board_members(world))
    [message] = smtp_inbox.to(world.member.email)
    assert message["Subject"].startswith("Agenda published: Operational Board, May")
    assert smtp_inbox.to(world.non_member.email) == []


def test_an_action_owner_is_told_when_given_it_and_when_it_falls_due_and_is_overdue(
    world, frozen_clock, immediate_tasks, smtp_inbox, django_capture_on_commit_callbacks
):
    held = MeetingPageFactory(
        parent=world.board, title="April", slug="april", start=timezone.now() - dt.timedelta(days=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        action = records.record_action(
            held,
            description="Draft the MRI safety policy",
            owner=world.member,
            due=TODAY + dt.timedelta(days=30),
            by=world.chair,
        )
    [given] = smtp_inbox.to(world.member.email)
    assert given["Subject"] == f"New action for you, due {action.due:%-d %B %Y}"
    assert "Draft the MRI safety policy" in smtp_inbox.text(given)

    with django_capture_on_commit_callbacks(execute=True):
        assert notifications.actions_due() == 0  # green: nothing to say
        frozen_clock.shift(dt.timedelta(days=20))  # due within 14 days: amber
        assert notifications.actions_due() == 1
        assert notifications.actions_due() == 0  # a second run tells nobody again
        frozen_clock.shift(dt.timedelta(days=11))  # past its due date: red
        assert notifications.actions_due() == 1
        assert notifications.actions_due() == 0
    subjects = [m["Subject"] for m in smtp_inbox.to(world.member.email)]
    assert subjects[1:] == [
        f"Action due {action.due:%-d %B %Y}",
        f"Overdue action: it was due {action.due:%-d %B %Y}",
    ]


def test_circulated_minutes_notify_the_members_in_the_portal(
    world, django_capture_on_commit_callbacks
):
    held = MeetingPageFactory(
        parent=world.board, title="March", slug="march", start=timezone.now() - dt.timedelta(days=2)
    )
    with django_capture_on_commit_callbacks(execute=True):
        records.circulate_minutes(held, by=world.secretary)
    assert told(notifications.MINUTES_CIRCULATED) == emails(board_members(world))
    notification = Notification.objects.get(recipient=world.member)
    assert notification.title == "Draft minutes to read: Operational Board, March"
    assert notification.url == held.url


def test_a_decided_join_request_is_in_the_requesters_notifications(
    world, django_capture_on_commit_callbacks
):
    join_request = world.board.join_requests.create(person=world.non_member)
    with django_capture_on_commit_callbacks(execute=True):
        memberships.decide_join_request(join_request, approve=True, decided_by=world.chair)
    [notification] = Notification.objects.filter(recipient=world.non_member)
    assert notification.title == "You are now a member of Operational Board"


def test_a_risk_escalated_to_a_group_tells_that_groups_members_once(
    risk_world, django_capture_on_commit_callbacks
):
    world = risk_world.world
    world.board.risk_escalation_threshold = 20  # the board passes risks on only from 20
    world.board.save()
    with django_capture_on_commit_callbacks(execute=True):
        risk = risk_services.open_risk(
            risk_world.sig,
            by=risk_world.sig_chair,
            **risk_fields(3, 3, owner=risk_world.sig_member),
        )
    assert not Notification.objects.exists()  # on its own register only
    with django_capture_on_commit_callbacks(execute=True):
        risk_services.change_score(
            risk,
            consequence=4,
            likelihood=4,
            reason="Two radiographers left",
            by=risk_world.sig_chair,
        )
        risk_services.change_score(  # still on the same registers: nothing new to tell
            risk, consequence=3, likelihood=5, reason="Reassessed", by=risk_world.sig_chair
        )
    assert told("risks.risk_escalated") == emails(board_members(world))
    notification = Notification.objects.get(recipient=world.member)
    assert (
        notification.title == f"Risk {risk.reference} escalated to the Operational Board register"
    )
    assert risk_world.exec_member.email not in told("risks.risk_escalated")
