"""Reminders a week and a day before an event, to everyone with a confirmed place."""

from datetime import timedelta

from django.db.models import Exists, OuterRef
from django.utils import timezone

from ..models import Booking, BookingNotice, EventPage
from .notices import deliver

DAY = timedelta(days=1)
WEEK = timedelta(days=7)


def _due(kind, window_start, window_end, *, booked_before):
    already_sent = BookingNotice.objects.filter(booking=OuterRef("pk"), key=kind)
    return (
        Booking.objects.confirmed()
        .filter(
            event__live=True,
            event__start__gt=window_start,
            event__start__lte=window_end,
            confirmed_at__lt=booked_before,
        )
        .exclude(event__status=EventPage.Status.CANCELLED)
        .exclude(Exists(already_sent))
        .select_related("event", "person")
    )


def due_reminders(now=None):
    """(booking, kind) pairs whose reminder should go now.

    The week-before reminder goes to events starting in one to seven days, except to people
    who booked in the last day (their confirmation has just told them); the day-before
    reminder goes to everyone once the event is within a day.
    """
    now = now or timezone.now()
    week = _due("reminder_7_day", now + DAY, now + WEEK, booked_before=now - DAY)
    day = _due("reminder_1_day", now, now + DAY, booked_before=now)
    return [(b, "reminder_7_day") for b in week] + [(b, "reminder_1_day") for b in day]


def send_due_reminders(now=None):
    return sum(deliver(booking, kind, kind) for booking, kind in due_reminders(now))
