"""Events as RFC 5545 calendar data: one event's file, the public feed and personal feeds.

UIDs never change, SEQUENCE is the event's own counter (bumped when the time, place or status
changes), every VEVENT has a DTSTAMP, times carry TZID=Europe/London with a VTIMEZONE, and a
join link is written only where the caller says the reader has a confirmed place.
"""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress

from governance import calendar as meeting_calendar
from governance.models import MeetingPage, Membership

from .models import Booking, EventPage

LONDON = ZoneInfo("Europe/London")
PRODID = "-//West Midlands Imaging Network//Network Portal//EN"


def event_uid(event):
    return f"event-{event.pk}@{settings.CALENDAR_UID_DOMAIN}"


def event_location(event, *, include_join_link=False):
    parts = [p for p in (event.venue_name, " ".join(event.venue_address.split())) if p]
    if event.online:
        online = f"Online: {event.join_url}" if include_join_link and event.join_url else "Online"
        parts.append(online)
    return ", ".join(parts)


def event_component(event, *, base_url, include_join_link=False, tentative=False):
    """One VEVENT. `tentative` marks a place still on the waiting list."""
    component = Event()
    component.add("uid", event_uid(event))
    component.add("sequence", event.sequence)
    component.add("dtstamp", timezone.now())
    component.add("dtstart", event.start.astimezone(LONDON))
    component.add("dtend", event.end.astimezone(LONDON))
    component.add("summary", event.title)
    status = "CANCELLED" if event.is_cancelled else "TENTATIVE" if tentative else "CONFIRMED"
    component.add("status", status)
    url = base_url + event.url
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


def build_calendar(components, *, name=None, method=None):
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    if method:
        calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", name)
    for component in components:
        calendar.add_component(component)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def event_file(event, *, base_url, include_join_link=False):
    """The .ics a person downloads from the event page."""
    component = event_component(event, base_url=base_url, include_join_link=include_join_link)
    return build_calendar([component], method="PUBLISH")


def invitation(booking, *, base_url, method="REQUEST"):
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
    return build_calendar([component], method=method)


def public_feed(*, base_url):
    """Every live event open to anyone, including cancelled ones (as STATUS:CANCELLED)."""
    events = EventPage.objects.live().filter(audience=EventPage.Audience.PUBLIC).order_by("start")
    components = [event_component(event, base_url=base_url) for event in events]
    return build_calendar(components, name=f"{settings.WAGTAIL_SITE_NAME} events")


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
    steplen = MeetingPage.steplen
    mine = []
    for meeting in meetings:
        group = groups.get(meeting.path[:-steplen])
        if group is not None:
            meeting.__dict__["group"] = group  # prime MeetingPage.group: no query per meeting
            mine.append(meeting)
    return mine


def personal_feed(person, *, base_url):
    """A person's bookings (cancelled events stay, as STATUS:CANCELLED) and their groups'
    meetings. Behind a secret address, so it carries join links the person may see."""
    bookings = (
        Booking.objects.active()
        .filter(person=person, event__live=True)
        .select_related("event")
        .order_by("event__start")
    )
    components = [
        event_component(
            booking.event,
            base_url=base_url,
            include_join_link=booking.status == Booking.Status.CONFIRMED,
            tentative=booking.status == Booking.Status.WAITING,
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
    return build_calendar(components, name=f"{settings.WAGTAIL_SITE_NAME}: my events and meetings")
