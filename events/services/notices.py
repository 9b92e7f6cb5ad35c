"""Emails about bookings and changes to events, each sent at most once (reminders are
notifications: events/services/reminders.py).

Every email is recorded as a BookingNotice row under a unique key in the same transaction
that sends it: a retried or doubled task finds the row and sends nothing, and a failed send
rolls the row back so the retry sends it.
"""

from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse

from portal.email import send_templated_email
from portal.links import absolute_url

from .. import calendar, notifications
from ..models import AttendeeMessage, Booking, BookingNotice, EventPage

# notice → (template, calendar method or None)
NOTICES = {
    "booking_confirmed": ("events/email/booking_confirmed", "REQUEST"),
    "waiting_list_joined": ("events/email/waiting_list_joined", None),
    "promoted": ("events/email/promoted", "REQUEST"),
    "booking_cancelled": ("events/email/booking_cancelled", "CANCEL"),
    "left_waiting_list": ("events/email/left_waiting_list", None),
    "event_changed": ("events/email/event_changed", "REQUEST"),
    "event_cancelled": ("events/email/event_cancelled", "CANCEL"),
    "attendee_message": ("events/email/attendee_message", None),
}


def enqueue_notice(booking_id, notice, key):
    """Queue one notice (called on commit, so the worker sees the booking as it now is)."""
    from ..tasks import send_booking_notice

    send_booking_notice.enqueue(booking_id, notice, key)


def deliver(booking, notice, key, extra=None):
    """Send `notice` about `booking` unless a notice with `key` was already sent. True if sent."""
    template, method = NOTICES[notice]
    with transaction.atomic():
        try:
            with transaction.atomic():
                BookingNotice.objects.create(booking=booking, key=key)
        except IntegrityError:
            return False
        event = booking.event
        from .booking import waiting_position

        context = {
            "booking": booking,
            "event": event,
            "person": booking.person,
            "event_url": absolute_url(event.url),
            "my_bookings_url": absolute_url(reverse("events:my_bookings")),
            "position": waiting_position(booking),
            "venue_address_line": ", ".join(
                line.strip() for line in event.venue_address.splitlines() if line.strip()
            ),
            # Confirmed attendees get the join link with every calendar REQUEST (the attached
            # .ics carries it too, so the email and the file agree); the day-before reminder
            # (events/notifications.py) carries it again.
            "join_link": (
                event.join_url
                if booking.is_confirmed and event.online and method == "REQUEST"
                else ""
            ),
            **(extra or {}),
        }
        ics = calendar.invitation(booking, method=method) if method else None
        subject = render_to_string(f"{template}_subject.txt", context)
        notifications.booking_notice(booking, notice, key, " ".join(subject.split()))
        send_templated_email(
            template,
            booking.person.email,
            context,
            attachments=[("event.ics", ics, f"text/calendar; charset=utf-8; method={method}")]
            if ics
            else (),
        )
    return True


def send_booking_notice(booking_id, notice, key):
    booking = (
        Booking.objects.select_related("event", "person", "event__organising_group")
        .filter(pk=booking_id)
        .first()
    )
    if booking is None:
        return False
    return deliver(booking, notice, key)


def send_event_update(event_id, notice, sequence):
    """Tell everyone holding or waiting for a place that the event changed or was cancelled."""
    event = EventPage.objects.get(pk=event_id)
    bookings = Booking.objects.active().filter(event=event).select_related("person")
    sent = 0
    for booking in bookings:
        booking.event = event
        sent += deliver(booking, notice, f"{notice}:{sequence}")
    return sent


def send_attendee_message(message_id):
    message = AttendeeMessage.objects.select_related("event", "sender").get(pk=message_id)
    event = message.event
    bookings = Booking.objects.filter(event=event).select_related("person")
    bookings = bookings.active() if message.include_waiting_list else bookings.confirmed()
    sent = 0
    for booking in bookings:
        booking.event = event
        sent += deliver(booking, "attendee_message", f"message:{message.pk}", {"message": message})
    return sent
