"""Reads that need the person: their booking on the way to a certificate, the recordings open
to them and their CPD log."""

from events.models import Booking

from .models import CpdEntry
from .rules import may_watch_recordings


def attendee_booking(event, person):
    """The person's confirmed booking for the event, with what the certificate rule needs."""
    if not person.is_authenticated:
        return None
    return (
        Booking.objects.select_related("event", "evaluation", "certificate")
        .filter(event=event, person=person, status=Booking.Status.CONFIRMED)
        .first()
    )


def recordings_open_to(user, event, now=None):
    """The event's recordings this person may watch: network members, after the event."""
    if not may_watch_recordings(user, event, now):
        return []
    return list(event.recordings.select_related("recording_file", "slides").order_by("sort_order"))


def cpd_log(person):
    return CpdEntry.objects.of(person).for_log()
