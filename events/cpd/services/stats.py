"""Figures about events for the network dashboard: events held, attendances, CPD hours.

Periods are London dates, both ends included. A cancelled event was not held; an attendance
is a confirmed booking marked as attended.
"""

import datetime as dt

from django.db.models import Count
from django.utils import timezone

from events.models import Booking, EventPage
from portal.models import Trust, User

from .log import event_hours

NO_TRUST = "No trust recorded"
NO_STAFF_GROUP = "No staff group recorded"


def _bounds(start, end):
    """Aware datetimes for a period of London dates (or datetimes), end included."""

    def aware(value, next_day=False):
        if isinstance(value, dt.datetime):
            return value if timezone.is_aware(value) else timezone.make_aware(value)
        day = value + dt.timedelta(days=1) if next_day else value
        return timezone.make_aware(dt.datetime.combine(day, dt.time.min))

    return aware(start), aware(end, next_day=True)


def _held(start, end):
    since, until = _bounds(start, end)
    return (
        EventPage.objects.live()
        .exclude(status=EventPage.Status.CANCELLED)
        .filter(start__gte=since, start__lt=min(until, timezone.now()))
    )


def events_held(start, end):
    """How many events took place (started, not cancelled) in the period."""
    return _held(start, end).count()


def _attendances(start, end):
    return Booking.objects.filter(
        event__in=_held(start, end), status=Booking.Status.CONFIRMED, attended=True
    )


def attendees(start, end, *, distinct_people=False):
    """Attendances at events held in the period (or, asked, the number of different people)."""
    attendances = _attendances(start, end)
    if distinct_people:
        return attendances.values("person").distinct().count()
    return attendances.count()


def cpd_hours_delivered(start, end, by):
    """CPD hours attendees received in the period, by "trust" or "staff_group".

    Rows are dicts (key, label, attendances, hours), most hours first. Each attendance counts
    the event's CPD hours as `event_hours` decides them (its CPD hours, else its length).
    """
    if by not in ("trust", "staff_group"):
        raise ValueError('`by` is "trust" or "staff_group".')
    key = "person__organisation" if by == "trust" else "person__staff_group"
    counts = list(_attendances(start, end).values(key, "event").annotate(attendances=Count("pk")))
    events = EventPage.objects.in_bulk({row["event"] for row in counts})
    hours_of = {pk: event_hours(event) for pk, event in events.items()}
    if by == "trust":
        trusts = Trust.objects.in_bulk({row[key] for row in counts if row[key]})
        label_of = lambda value: trusts[value].name if value in trusts else NO_TRUST  # noqa: E731
    else:
        labels = dict(User.StaffGroup.choices)
        label_of = lambda value: labels.get(value, NO_STAFF_GROUP)  # noqa: E731
    totals = {}
    for row in counts:
        total = totals.setdefault(
            row[key], {"key": row[key], "label": label_of(row[key]), "attendances": 0, "hours": 0}
        )
        total["attendances"] += row["attendances"]
        total["hours"] += hours_of[row["event"]] * row["attendances"]
    return sorted(totals.values(), key=lambda row: (-row["hours"], row["label"]))
