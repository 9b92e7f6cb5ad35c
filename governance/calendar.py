"""Meetings as RFC 5545 calendar files, with a stable UID and a SEQUENCE that only rises
(the meeting's own `sequence`, raised on every change a member sees: `portal.ical`)."""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Event

from portal import links
from portal.ical import calendar_bytes

LONDON = ZoneInfo("Europe/London")
STATUS = {
    "scheduled": "CONFIRMED",
    "held": "CONFIRMED",
    "postponed": "TENTATIVE",
    "cancelled": "CANCELLED",
}


def meeting_uid(meeting):
    return f"meeting-{meeting.pk}@{settings.CALENDAR_UID_DOMAIN}"


def meeting_sequences(meetings):
    """meeting pk → its calendar SEQUENCE."""
    return {meeting.pk: meeting.sequence for meeting in meetings}


def meeting_event(meeting, *, sequence=None, base_url=None, include_join_link):
    url = base_url + meeting.url if base_url else links.absolute_url(meeting.url)
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("sequence", meeting.sequence if sequence is None else sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.start.astimezone(LONDON))
    event.add("dtend", meeting.end.astimezone(LONDON))
    event.add("summary", f"{meeting.group.title}: {meeting.title}")
    event.add("status", STATUS[meeting.status])
    event.add("url", url)
    location = meeting.location
    if include_join_link and meeting.join_url:
        location = f"{location} / online: {meeting.join_url}" if location else meeting.join_url
    if location:
        event.add("location", location)
    event.add("description", f"Agenda and papers: {url}")
    return event


def calendar_for(meetings, *, name, base_url=None, include_join_link=lambda meeting: False):
    components = [
        meeting_event(meeting, base_url=base_url, include_join_link=include_join_link(meeting))
        for meeting in meetings
    ]
    return calendar_bytes(components, name=name)
