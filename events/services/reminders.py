"""Reminders a week and a day before an event, to everyone with a confirmed place, through the
one notification service: each person is told as they chose (straight away, in their daily
digest, or not at all), and never twice."""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from .. import notifications
from ..models import Booking, BookingNotice, EventPage

DAY = timedelta(days=1)
WEEK = timedelta(days=7)
WEEK_BEFORE = notifications.REMINDER_7_DAY
DAY_BEFORE = notifications.REMINDER_1_DAY


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
    week = _due(WEEK_BEFORE, now + DAY, now + WEEK, booked_before=now - DAY)
    day = _due(DAY_BEFORE, now, now + DAY, booked_before=now)
    return [(b, WEEK_BEFORE) for b in week] + [(b, DAY_BEFORE) for b in day]


def remind(booking, which):
    """Remind the person holding `booking`, once: the BookingNotice row under `which` is written
    in the same transaction as the notification, so a retried or doubled run finds it and
    does nothing, and the row is written even for someone who switched reminders off (the
    next run does not ask again). True if the person was told."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                BookingNotice.objects.create(booking=booking, key=which)
        except IntegrityError:
            return False
        return bool(notifications.event_reminder(booking, which))


def send_due_reminders(now=None):
    """Send every reminder due now; returns how many people were told."""
    return sum(remind(booking, which) for booking, which in due_reminders(now))
