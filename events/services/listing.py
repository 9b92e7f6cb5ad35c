"""Which events a listing shows, and in what order; the round-up and group pages use these too."""

from django.utils import timezone

from ..models import Booking, EventPage


def published_events():
    """Every live event, past, cancelled or to come: the pages an event's id may open."""
    return EventPage.objects.live()


def events_between(start, end):
    """Live, not-cancelled events that start in [start, end), soonest first."""
    return (
        EventPage.objects.live()
        .scheduled()
        .filter(start__gte=start, start__lt=end)
        .select_related("organising_group")
        .order_by("start")
    )


def listed_events(*, past=False, now=None):
    """The index page's events with everything a card shows, in a fixed number of queries."""
    events = EventPage.objects.live().select_related("organising_group").with_confirmed_count()
    if past:
        return events.past(now).order_by("-start")
    return events.upcoming(now).order_by("start")


def group_upcoming_events(group, limit=5):
    """The next events a group organises (for its page)."""
    return (
        EventPage.objects.live()
        .scheduled()
        .upcoming(timezone.now())
        .filter(organising_group=group)
        .select_related("organising_group")
        .with_confirmed_count()
        .order_by("start")[:limit]
    )


def bookings_of(person, events):
    """The person's active booking at each of `events`, by event id (one query)."""
    if not person.is_authenticated:
        return {}
    bookings = Booking.objects.active().filter(person=person, event__in=[e.pk for e in events])
    return {booking.event_id: booking for booking in bookings}
