"""The weekly email to owners of overdue actions, sent through a real SMTP server."""

import datetime as dt

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from governance import tasks
from governance.models import Action
from governance.services.records import send_overdue_action_reminders
from tests.portal.flows import only_message_to

from .factories import ActionFactory, MeetingPageFactory

pytestmark = pytest.mark.django_db


def days(n, today=None):
    return (today or timezone.localdate()) + dt.timedelta(days=n)


@pytest.fixture
def overdue(world):
    """Two overdue actions of the member's in different groups, and ones that must not count."""
    sig_meeting = MeetingPageFactory(parent=world.subgroup, title="MRI SIG, March")
    return {
        "audit": ActionFactory(
            meeting=world.meeting, owner=world.member, due=days(-3), description="Send the audit"
        ),
        "rota": ActionFactory(
            meeting=sig_meeting, owner=world.member, due=days(-10), description="Share the rota"
        ),
        "done": ActionFactory(
            meeting=world.meeting,
            owner=world.member,
            due=days(-5),
            status=Action.Status.DONE,
            description="Finished already",
        ),
        "dropped": ActionFactory(
            meeting=world.meeting,
            owner=world.member,
            due=days(-5),
            status=Action.Status.DROPPED,
            description="No longer needed",
        ),
        "today": ActionFactory(
            meeting=world.meeting, owner=world.member, due=days(0), description="Due today"
        ),
        "later": ActionFactory(
            meeting=world.meeting, owner=world.member, due=days(20), description="Not yet due"
        ),
        "chair": ActionFactory(
            meeting=world.meeting, owner=world.chair, due=days(-1), description="Chair's task"
        ),
    }


def test_an_owner_gets_one_email_listing_all_their_overdue_actions(world, overdue, smtp_inbox):
    tasks.send_overdue_action_reminders.call()

    message = only_message_to(smtp_inbox, world.member.email)
    assert message["Subject"] == "You have 2 overdue actions"
    body = smtp_inbox.text(message)
    rota, audit = overdue["rota"], overdue["audit"]
    assert body.index(rota.description) < body.index(audit.description)  # most overdue first
    assert f"{rota.reference}: Share the rota" in body
    assert "Group: MRI SIG" in body and "Agreed at: MRI SIG, March" in body
    assert f"Due: {rota.due:%-d %B %Y} (10 days overdue)" in body
    assert f"{audit.reference}: Send the audit" in body
    assert "Group: Operational Board" in body and f"Agreed at: {world.meeting.title}" in body
    assert "(3 days overdue)" in body
    for key in ("done", "dropped", "today", "later", "chair"):
        assert overdue[key].description not in body
    assert f"http://127.0.0.1:8000/governance/actions/{rota.pk}/" in smtp_inbox.links(message)
    assert "http://127.0.0.1:8000/governance/my-actions/" in smtp_inbox.links(message)
    html = message.get_body(preferencelist=("html",)).get_content()
    assert f'href="http://127.0.0.1:8000/governance/actions/{audit.pk}/"' in html
    assert "10 days overdue" in html

    chair_message = only_message_to(smtp_inbox, world.chair.email)
    assert chair_message["Subject"] == "You have an overdue action"
    assert "(1 day overdue)" in smtp_inbox.text(chair_message)


def test_the_task_queues_its_next_run_a_week_on(world, overdue, smtp_inbox):
    tasks.send_overdue_action_reminders.call()
    (waiting,) = DBTaskResult.objects.filter(
        task_path="governance.tasks.send_overdue_action_reminders", status="READY"
    )
    assert waiting.run_after - timezone.now() > dt.timedelta(days=6, hours=23)


def test_running_again_the_same_week_sends_nothing(world, overdue, smtp_inbox):
    today = timezone.localdate()
    overdue["today"].delete()  # it would fall overdue during the week, and be worth an email
    send_overdue_action_reminders(today)
    assert len(smtp_inbox.messages) == 2
    tasks.send_overdue_action_reminders.call()
    send_overdue_action_reminders(days(6, today))
    assert len(smtp_inbox.messages) == 2


def test_a_week_later_it_reminds_again_about_what_is_still_overdue(world, overdue, smtp_inbox):
    today = timezone.localdate()
    send_overdue_action_reminders(today)
    overdue["rota"].status = Action.Status.DONE
    overdue["rota"].save()

    send_overdue_action_reminders(days(7, today))

    member_messages = smtp_inbox.to(world.member.email)
    assert len(member_messages) == 2
    body = smtp_inbox.text(member_messages[1])
    assert member_messages[1]["Subject"] == "You have 2 overdue actions"
    assert "Send the audit" in body and "(10 days overdue)" in body
    assert "Due today" in body and "(7 days overdue)" in body  # due then, overdue now
    assert "Share the rota" not in body


def test_nothing_is_sent_when_nothing_is_overdue(world, smtp_inbox):
    ActionFactory(meeting=world.meeting, owner=world.member, due=days(1))
    assert send_overdue_action_reminders() == 0
    assert smtp_inbox.messages == []
