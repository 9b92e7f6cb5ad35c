"""Emails about bookings, through a real SMTP server: what they say, the calendar file they
carry, and that each goes once (reminders are in test_reminders.py)."""

import datetime as dt

import pytest
from icalendar import Calendar

from events.models import Booking, BookingNotice
from events.services import notices, organiser
from events.services.booking import book_place, cancel_booking
from tests.portal.factories import UserFactory

from .factories import BookingFactory

pytestmark = pytest.mark.django_db


def attached_calendar(message):
    (part,) = [p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"]
    return Calendar.from_ical(part.get_content())


def test_booking_sends_a_confirmation_with_the_ics(
    event, smtp_inbox, immediate_tasks, django_capture_on_commit_callbacks
):
    person = UserFactory(first_name="Priya")
    with django_capture_on_commit_callbacks(execute=True):
        book_place(event, person, {})
    (message,) = smtp_inbox.to(person.email)
    assert message["Subject"] == f"Your place is booked: {event.title}"
    text = smtp_inbox.text(message)
    assert "Dear Priya" in text
    assert "Birmingham Conference Centre" in text
    assert message.get_body(preferencelist=("html",)) is not None
    ics = attached_calendar(message)
    assert ics["method"] == "REQUEST"
    assert ics.walk("VEVENT")[0]["uid"] == f"event-{event.pk}@portal.wmin.example"


def test_the_full_event_puts_people_on_the_waiting_list_by_email(
    event, smtp_inbox, immediate_tasks, django_capture_on_commit_callbacks
):
    event.capacity = 0
    event.save()
    person = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        book_place(event, person, {})
    (message,) = smtp_inbox.to(person.email)
    assert "waiting list" in message["Subject"]
    assert "at number 1" in smtp_inbox.text(message)
    assert not list(message.iter_attachments())


def test_a_cancellation_emails_the_promoted_person(
    event, smtp_inbox, immediate_tasks, django_capture_on_commit_callbacks
):
    event.capacity = 1
    event.save()
    holder = BookingFactory(event=event)
    waiting = BookingFactory(event=event, waiting=True)
    with django_capture_on_commit_callbacks(execute=True):
        cancel_booking(holder, holder.person)
    (promoted,) = smtp_inbox.to(waiting.person.email)
    assert promoted["Subject"] == f"A place has come up for you: {event.title}"
    assert attached_calendar(promoted)["method"] == "REQUEST"
    (cancelled,) = smtp_inbox.to(holder.person.email)
    assert "As you asked, your place is cancelled" in smtp_inbox.text(cancelled)
    assert attached_calendar(cancelled)["method"] == "CANCEL"


def test_a_notice_is_sent_once_however_often_the_task_runs(event, smtp_inbox):
    booking = BookingFactory(event=event)
    assert notices.send_booking_notice(booking.pk, "booking_confirmed", "booking_confirmed:1")
    assert not notices.send_booking_notice(booking.pk, "booking_confirmed", "booking_confirmed:1")
    assert len(smtp_inbox.to(booking.person.email)) == 1


def test_a_failed_send_leaves_no_record_so_the_retry_sends(event, settings, smtp_inbox):
    booking = BookingFactory(event=event)
    working = settings.MAILERS
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 1, "timeout": 2},
        }
    }
    with pytest.raises(OSError):
        notices.send_booking_notice(booking.pk, "promoted", "promoted:1")
    assert not BookingNotice.objects.filter(booking=booking).exists()
    settings.MAILERS = working
    assert notices.send_booking_notice(booking.pk, "promoted", "promoted:1")
    assert len(smtp_inbox.to(booking.person.email)) == 1


def test_cancelling_the_event_sends_everyone_a_calendar_cancel(
    event, world, smtp_inbox, immediate_tasks, django_capture_on_commit_callbacks
):
    confirmed = BookingFactory(event=event)
    waiting = BookingFactory(event=event, waiting=True)
    gone = BookingFactory(event=event, status=Booking.Status.CANCELLED)
    with django_capture_on_commit_callbacks(execute=True):
        organiser.cancel_event(event, world.chair, reason="The venue flooded.")
    for booking in (confirmed, waiting):
        (message,) = smtp_inbox.to(booking.person.email)
        assert message["Subject"] == f"Cancelled: {event.title}"
        assert "The venue flooded." in smtp_inbox.text(message)
        ics = attached_calendar(message)
        assert ics["method"] == "CANCEL"
        assert ics.walk("VEVENT")[0]["sequence"] == 1
    assert smtp_inbox.to(gone.person.email) == []
    notices.send_event_update(event.pk, "event_cancelled", 1)
    assert len(smtp_inbox.messages) == 2


def test_moving_the_event_sends_the_updated_ics(
    event, world, smtp_inbox, immediate_tasks, django_capture_on_commit_callbacks
):
    booking = BookingFactory(event=event)
    new_start = event.start + dt.timedelta(days=2)
    with django_capture_on_commit_callbacks(execute=True):
        organiser.change_time_or_place(
            event,
            world.secretary,
            start=new_start,
            end=new_start + dt.timedelta(hours=3),
            venue_name="Queen Elizabeth Hospital",
        )
    (message,) = smtp_inbox.to(booking.person.email)
    assert "Queen Elizabeth Hospital" in smtp_inbox.text(message)
    component = attached_calendar(message).walk("VEVENT")[0]
    assert component["sequence"] == 1
    assert component.decoded("dtstart") == new_start.replace(microsecond=0)


def test_emailing_attendees_reaches_each_confirmed_person_once(
    event, world, smtp_inbox, immediate_tasks, django_capture_on_commit_callbacks
):
    confirmed = [BookingFactory(event=event) for _ in range(2)]
    waiting = BookingFactory(event=event, waiting=True)
    with django_capture_on_commit_callbacks(execute=True):
        message = organiser.message_attendees(
            event, world.chair, subject="Parking", body="Park in car park B."
        )
    for booking in confirmed:
        (sent,) = smtp_inbox.to(booking.person.email)
        assert sent["Subject"] == f"Parking ({event.title})"
        assert "Park in car park B." in smtp_inbox.text(sent)
    assert smtp_inbox.to(waiting.person.email) == []
    assert notices.send_attendee_message(message.pk) == 0
