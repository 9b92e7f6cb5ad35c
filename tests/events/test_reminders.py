"""Reminders a week and a day before an event, through the one notification service and a real
SMTP server: sent once, the join link only the day before, and each person's choice honoured
(straight away, daily digest, off; a suppressed address is told in the portal only), while
changes to their place cannot be switched off."""

import datetime as dt

import pytest
from django.utils import timezone

from events import notifications, tasks
from events.models import Booking, BookingNotice
from events.services.booking import cancel_booking
from events.services.reminders import due_reminders, send_due_reminders
from portal.notifications import services as notification_services
from portal.notifications.models import Notification
from portal.notifications.registry import Channel, get_kind
from portal.suppression import suppress
from tests.plugins.task_queue import run_due

from .factories import BookingFactory, EventPageFactory

pytestmark = pytest.mark.django_db
SECRET = "secret-webinar-room"
NOTIFICATION_EMAIL = "portal.notifications.tasks.send_notification_email"
BOOKING_NOTICE = "events.tasks.send_booking_notice"


@pytest.fixture
def webinar(events_index, world):
    return EventPageFactory(
        parent=events_index,
        webinar=True,
        organising_group=world.board,
        start=timezone.now() + dt.timedelta(days=5),
    )


@pytest.fixture
def booking(webinar):
    return BookingFactory(event=webinar)


@pytest.fixture
def run_reminders(django_capture_on_commit_callbacks):
    """Run the reminders due at `now` as the worker would (the hourly task when `now` is not
    given), then the emails they queued on commit."""

    def run(now=None):
        with django_capture_on_commit_callbacks(execute=True):
            told = send_due_reminders(now) if now else tasks.send_event_reminders.call()
        run_due(NOTIFICATION_EMAIL)
        return told

    return run


def choose(person, channel):
    notification_services.save_preferences(person, {notifications.EVENT_REMINDER: channel})


def test_a_week_and_a_day_before_each_reminder_is_emailed_once(
    webinar, booking, smtp_inbox, run_reminders
):
    BookingFactory(event=webinar, waiting=True)  # a waiting-list place is not reminded
    assert run_reminders() == 1
    assert run_reminders() == 0  # the hourly task runs again: nothing more
    [week] = smtp_inbox.to(booking.person.email)
    assert week["Subject"] == f"Next week: {webinar.title}"
    text = smtp_inbox.text(week)
    assert "A reminder that you have a place at this event next week." in text
    assert "(UK time)" in text and "cancel your place" in text
    assert SECRET not in text  # the join link only comes the day before
    assert f"http://127.0.0.1:8000{webinar.url}" in smtp_inbox.links(week)

    day_before = webinar.start - dt.timedelta(hours=20)
    assert run_reminders(day_before) == 1
    assert run_reminders(day_before) == 0
    assert due_reminders(day_before) == []
    [_, day] = smtp_inbox.to(booking.person.email)
    assert day["Subject"] == f"Tomorrow: {webinar.title}"
    assert f"Join online: https://teams.example/join/{SECRET}" in smtp_inbox.text(day)
    assert SECRET in day.get_body(preferencelist=("html",)).get_content()
    assert len(smtp_inbox.messages) == 2
    assert (
        list(Notification.objects.filter(recipient=booking.person).values_list("kind", flat=True))
        == [notifications.EVENT_REMINDER] * 2
    )


def test_off_means_no_reminder_and_no_asking_again(booking, smtp_inbox, run_reminders):
    choose(booking.person, Channel.OFF)
    assert run_reminders() == 0
    assert smtp_inbox.messages == []
    assert not Notification.objects.filter(recipient=booking.person).exists()
    assert BookingNotice.objects.filter(booking=booking, key="reminder_7_day").exists()
    assert due_reminders() == []


def test_the_daily_digest_carries_the_reminder_the_next_morning_once(
    webinar, booking, smtp_inbox, run_reminders
):
    choose(booking.person, Channel.DIGEST)
    assert run_reminders() == 1
    assert run_reminders() == 0
    assert smtp_inbox.messages == []  # nothing straight away
    next_morning = timezone.localtime() + dt.timedelta(days=1)
    assert notification_services.send_daily_digests(next_morning) == 1
    assert notification_services.send_daily_digests(next_morning) == 0
    [digest] = smtp_inbox.to(booking.person.email)
    assert digest["Subject"].startswith("Your daily digest: 1 notification from")
    assert f"Next week: {webinar.title}" in smtp_inbox.text(digest)
    assert len(smtp_inbox.messages) == 1


def test_a_suppressed_address_is_reminded_in_the_portal_only(booking, smtp_inbox, run_reminders):
    suppress(booking.person.email, "hard_bounce", "webhook")
    assert run_reminders() == 1
    assert smtp_inbox.messages == []
    [notification] = Notification.objects.filter(recipient=booking.person)
    assert notification.title.startswith("Next week: ")


def test_reminders_can_be_switched_off_but_a_cancelled_place_is_always_told(
    booking, smtp_inbox, run_reminders, django_capture_on_commit_callbacks
):
    reminder = get_kind(notifications.EVENT_REMINDER)
    assert {value for value, _ in reminder.choices} == {"immediate", "digest", "off"}
    assert not get_kind(notifications.BOOKING).choosable
    choose(booking.person, Channel.OFF)
    with pytest.raises(notification_services.PreferenceNotAllowed):
        notification_services.save_preferences(booking.person, {notifications.BOOKING: Channel.OFF})
    with django_capture_on_commit_callbacks(execute=True):
        cancel_booking(booking, booking.person)
    run_due(BOOKING_NOTICE)
    [cancelled] = smtp_inbox.to(booking.person.email)
    assert "your place is cancelled" in smtp_inbox.text(cancelled)
    assert run_reminders() == 0


def test_a_person_who_booked_today_gets_no_week_reminder(webinar, smtp_inbox, run_reminders):
    BookingFactory(event=webinar, confirmed_at=timezone.now() - dt.timedelta(hours=2))
    assert run_reminders() == 0


def test_cancelled_events_and_places_get_no_reminder(webinar):
    BookingFactory(event=webinar, status=Booking.Status.CANCELLED)
    webinar.status = "cancelled"
    webinar.save()
    BookingFactory(event=webinar)
    assert due_reminders() == []
