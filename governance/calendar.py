"""Meetings as RFC 5545 calendar files, with a stable UID and a SEQUENCE that only rises."""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count
from django.utils import timezone
from icalendar import Calendar, Event
from wagtail.models import PageLogEntry

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
    """Each publish of a meeting page is a new version of its event (one query for all)."""
    publishes = dict(
        PageLogEntry.objects.filter(page__in=meetings, action="wagtail.publish")
        .values_list("page")
        .annotate(count=Count("id"))
    )
    return {meeting.pk: max(publishes.get(meeting.pk, 0) - 1, 0) for meeting in meetings}


def meeting_event(meeting, *, sequence, base_url, include_join_link):
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("sequence", sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.start.astimezone(LONDON))
    event.add("dtend", meeting.end.astimezone(LONDON))
    event.add("summary", f"{meeting.group.title}: {meeting.title}")
    event.add("status", STATUS[meeting.status])
    event.add("url", base_url + meeting.url)
    location = meeting.location
    if include_join_link and meeting.join_url:
        location = f"{location} / online: {meeting.join_url}" if location else meeting.join_url
    if location:
        event.add("location", location)
    event.add("description", f"Agenda and papers: {base_url}{meeting.url}")
    return event


def calendar_for(meetings, *, name, base_url, include_join_link=lambda meeting: False):
    calendar = Calendar()
    calendar.add("prodid", "-//West Midlands Imaging Network//Network Portal//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    sequences = meeting_sequences(meetings)
    for meeting in meetings:
        calendar.add_component(
            meeting_event(
                meeting,
                sequence=sequences[meeting.pk],
                base_url=base_url,
                include_join_link=include_join_link(meeting),
            )
        )
    calendar.add_missing_timezones()
    return calendar.to_ical()
