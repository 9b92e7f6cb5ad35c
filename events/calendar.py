"""Events as RFC 5545 calendar data: one event's file, the public feed and personal feeds.

UIDs never change; SEQUENCE is the event's own counter (raised by `portal.ical.CalendarSequence`
whenever the time, place or status changes), and an attendee's own copy adds one for each
change to their place (`attendee_sequence`), so a per-place CANCEL outranks the REQUEST before
it. Every VEVENT has a DTSTAMP, times carry TZID=Europe/London with the VTIMEZONE of
`portal.ical`, links start with the configured base URL, and a join link is written only where
the caller says the reader has a confirmed place.
"""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone
from icalendar import Event, vCalAddress

from governance import calendar as meeting_calendar
from governance.models import MeetingPage, Membership
from portal import links
from portal.ical import calendar_bytes
from portal.tree import parent_path

from .models import Booking, BookingNotice, EventPage

LONDON = ZoneInfo("Europe/London")
# Notices that change a person's own place in their calendar (each raises their SEQUENCE).
PLACE_NOTICES = ("booking_confirmed", "promoted", "booking_cancelled")


def event_uid(event):
    return f"event-{event.pk}@{settings.CALENDAR_UID_DOMAIN}"


def event_location(event, *, include_join_link=False):
    parts = [p for p in (event.venue_name, " ".join(event.venue_address.split())) if p]
    if event.online:
        online = f"Online: {event.join_url}" if include_join_link and event.join_url else "Online"
        parts.append(online)
    return ", ".join(parts)


def _place_changes(bookings):
    """booking pk → how many calendar notices about the person's own place were sent."""
    place = Q()
    for notice in PLACE_NOTICES:
        place |= Q(key__startswith=f"{notice}:")
    return dict(
        BookingNotice.objects.filter(place, booking__in=bookings)
        .values_list("booking")
        .annotate(count=Count("id"))
    )


def attendee_sequence(booking, place_changes=None):
    """SEQUENCE of the attendee's own copy of the event: the event's own counter, plus one for
    every change to their place after the first (a cancelled place, a place booked again).

    Notices are recorded before they are sent, so a cancellation being sent already counts and
    carries a higher SEQUENCE than the REQUEST the person last had.
    """
    if place_changes is None:
        place_changes = _place_changes([booking])
    return booking.event.sequence + max(place_changes.get(booking.pk, 0) - 1, 0)


def event_component(
    event, *, base_url=None, include_join_link=False, tentative=False, sequence=None
):
    """One VEVENT. `tentative` marks a place still on the waiting list."""
    component = Event()
    component.add("uid", event_uid(event))
    component.add("sequence", event.sequence if sequence is None else sequence)
    component.add("dtstamp", timezone.now())
    component.add("dtstart", event.start.astimezone(LONDON))
    component.add("dtend", event.end.astimezone(LONDON))
    component.add("summary", event.title)
    status = "CANCELLED" if event.is_cancelled else "TENTATIVE" if tentative else "CONFIRMED"
    component.add("status", status)
    url = base_url + event.url if base_url else links.absolute_url(event.url)
    component.add("url", url)
    if location := event_location(event, include_join_link=include_join_link):
        component.add("location", location)
    description = [event.summary] if event.summary else []
    if tentative:
        description.append("You are on the waiting list for this event.")
    if include_join_link and event.online and event.join_url:
        description.append(f"Join online: {event.join_url}")
    description.append(f"Details and booking: {url}")
    component.add("description", "\n\n".join(description))
    return component


def event_file(event, *, base_url=None, include_join_link=False):
    """The .ics a person downloads from the event page."""
    component = event_component(event, base_url=base_url, include_join_link=include_join_link)
    return calendar_bytes([component], method="PUBLISH")


def invitation(booking, *, base_url=None, method="REQUEST"):
    """The .ics attached to an email about a booking: an iTIP REQUEST, or CANCEL to remove it.

    The attendee's own copy, so it may carry the join link once their place is confirmed.
    """
    event = booking.event
    confirmed = booking.status == Booking.Status.CONFIRMED
    component = event_component(
        event,
        base_url=base_url,
        include_join_link=confirmed and method != "CANCEL",
        tentative=booking.status == Booking.Status.WAITING,
        sequence=attendee_sequence(booking),
    )
    if method == "CANCEL":
        component["status"] = "CANCELLED"
    organiser = vCalAddress(f"mailto:{settings.NETWORK_OFFICE_EMAIL}")
    organiser.params["cn"] = settings.WAGTAIL_SITE_NAME
    component.add("organizer", organiser)
    attendee = vCalAddress(f"mailto:{booking.person.email}")
    attendee.params["cn"] = str(booking.person)
    attendee.params["partstat"] = "ACCEPTED" if confirmed else "TENTATIVE"
    component.add("attendee", attendee)
    return calendar_bytes([component], method=method)


def public_feed(*, base_url=None):
    """Every live event open to anyone, including cancelled ones (as STATUS:CANCELLED)."""
    events = EventPage.objects.live().filter(audience=EventPage.Audience.PUBLIC).order_by("start")
    components = [event_component(event, base_url=base_url) for event in events]
    return calendar_bytes(components, name=f"{settings.WAGTAIL_SITE_NAME} events")


def _meetings_of_groups_of(person):
    groups = {
        m.group.path: m.group
        for m in Membership.objects.current().filter(person=person).select_related("group")
    }
    if not groups:
        return []
    under_a_group = Q()
    for path in groups:
        under_a_group |= Q(path__startswith=path)
    meetings = list(
        MeetingPage.objects.live()
        .filter(under_a_group)
        .filter(depth__in={group.depth + 1 for group in groups.values()})
        .order_by("start")
    )
    mine = []
    for meeting in meetings:
        group = groups.get(parent_path(meeting))
        if group is not None:
            meeting.__dict__["group"] = group  # prime MeetingPage.group: no query per meeting
            mine.append(meeting)
    return mine


def personal_feed(person, *, base_url=None):
    """A person's bookings (cancelled events stay, as STATUS:CANCELLED) and their groups'
    meetings. Behind a secret address, so it carries join links the person may see."""
    bookings = (
        Booking.objects.active()
        .filter(person=person, event__live=True)
        .select_related("event")
        .order_by("event__start")
    )
    place_changes = _place_changes(bookings)
    components = [
        event_component(
            booking.event,
            base_url=base_url,
            include_join_link=booking.status == Booking.Status.CONFIRMED,
            tentative=booking.status == Booking.Status.WAITING,
            sequence=attendee_sequence(booking, place_changes),
        )
        for booking in bookings
    ]
    meetings = _meetings_of_groups_of(person)
    sequences = meeting_calendar.meeting_sequences(meetings)
    components += [
        meeting_calendar.meeting_event(
            meeting, sequence=sequences[meeting.pk], base_url=base_url, include_join_link=True
        )
        for meeting in meetings
    ]
    return calendar_bytes(components, name=f"{settings.WAGTAIL_SITE_NAME}: my events and meetings")
