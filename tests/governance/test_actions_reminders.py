"""Owners of overdue actions are told once, through the one notification service, as they
chose: every periodic task run (twice) sends an overdue action's owner exactly one message
about it, through a real SMTP server. The old weekly "overdue actions" email is gone."""

import datetime as dt

import pytest
from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

from governance import notifications, tasks
from governance.models import Action
from portal.notifications import services as notification_services
from portal.notifications.models import Notification
from portal.notifications.registry import Channel
from tests.plugins.task_queue import run_due

from .factories import ActionFactory

pytestmark = pytest.mark.django_db
NOTIFICATION_EMAIL = "portal.notifications.tasks.send_notification_email"


def days(n):
    return timezone.localdate() + dt.timedelta(days=n)


@pytest.fixture
def overdue(world):
    """One overdue action of the member's, and ones that must not count."""
    ActionFactory(
        meeting=world.meeting,
        owner=world.member,
        due=days(-5),
        status=Action.Status.DONE,
        description="Finished already",
    )
    ActionFactory(meeting=world.meeting, owner=world.member, due=days(40), description="Later")
    return ActionFactory(
        meeting=world.meeting, owner=world.member, due=days(-3), description="Send the audit"
    )


def run_every_periodic_task(django_capture_on_commit_callbacks):
    """Each periodic task once, as the worker runs them, then the emails they queued."""
    with django_capture_on_commit_callbacks(execute=True):
        for path in settings.PERIODIC_TASKS:
            import_string(path).call()
    run_due(NOTIFICATION_EMAIL)


def test_an_overdue_actions_owner_gets_exactly_one_message(
    world, overdue, smtp_inbox, django_capture_on_commit_callbacks
):
    run_every_periodic_task(django_capture_on_commit_callbacks)
    run_every_periodic_task(django_capture_on_commit_callbacks)  # the next day's runs

    [message] = smtp_inbox.to(world.member.email)
    assert message["Subject"] == f"Overdue action: it was due {overdue.due:%-d %B %Y}"
    assert "Send the audit" in smtp_inbox.text(message)
    assert "Finished already" not in smtp_inbox.text(message)
    [notification] = Notification.objects.filter(recipient=world.member)
    assert notification.kind == notifications.ACTION_DUE


def test_the_old_weekly_email_is_not_scheduled_any_more():
    assert not any("overdue_action" in path for path in settings.PERIODIC_TASKS)
    assert not hasattr(tasks, "send_overdue_action_reminders")
    assert "governance.tasks.notify_actions_due" in settings.PERIODIC_TASKS


def test_an_owner_who_switched_it_off_is_not_told(
    world, overdue, smtp_inbox, django_capture_on_commit_callbacks
):
    notification_services.save_preferences(world.member, {notifications.ACTION_DUE: Channel.OFF})
    run_every_periodic_task(django_capture_on_commit_callbacks)
    assert smtp_inbox.to(world.member.email) == []
    assert not Notification.objects.filter(recipient=world.member).exists()


def test_an_owner_who_chose_the_digest_gets_it_there_once(
    world, overdue, smtp_inbox, django_capture_on_commit_callbacks
):
    notification_services.save_preferences(world.member, {notifications.ACTION_DUE: Channel.DIGEST})
    run_every_periodic_task(django_capture_on_commit_callbacks)
    assert smtp_inbox.to(world.member.email) == []
    tomorrow = timezone.localtime() + dt.timedelta(days=1)
    assert notification_services.send_daily_digests(tomorrow) == 1
    run_every_periodic_task(django_capture_on_commit_callbacks)
    assert notification_services.send_daily_digests(tomorrow) == 0
    [digest] = smtp_inbox.to(world.member.email)
    assert "Overdue action: it was due" in smtp_inbox.text(digest)
