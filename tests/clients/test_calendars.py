"""Every kind of calendar the portal writes, read by two independent parsers besides the writer
(icalendar): ical.js under node (Thunderbird, many web calendars) and vobject. Both must give
the same UTC instant as zoneinfo, in winter and summer, either side of the October and March
clock changes, and after 2037.

Before the fix, the VTIMEZONE of icalendar's `add_missing_timezones()` listed its transitions
as one comma-separated RDATE, and both readers put winter times an hour early.
"""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from events.models import CalendarFeed, EventPage
from events.services.booking import book_place, cancel_booking
from portal.ical import calendar_bytes
from tests.events.factories import EventPageFactory
from tests.governance.factories import MeetingPageFactory

from .readers import calendar_attachments, icaljs_events, vobject_events

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
UTC = dt.UTC

# Local wall-clock starts, named by what makes them hard.
STARTS = {
    "January": dt.datetime(2026, 1, 14, 13, 0),
    "July": dt.datetime(2026, 7, 14, 13, 0),
    "before the October change": dt.datetime(2026, 10, 25, 0, 30),
    "after the October change": dt.datetime(2026, 10, 25, 3, 0),
    "before the March change": dt.datetime(2027, 3, 28, 0, 30),
    "after the March change": dt.datetime(2027, 3, 28, 3, 0),
    "December 2040": dt.datetime(2040, 12, 14, 13, 0),
    "July 2040": dt.datetime(2040, 7, 10, 9, 0),
}
EXPECTED_UTC = {
    "January": dt.datetime(2026, 1, 14, 13, 0, tzinfo=UTC),
    "July": dt.datetime(2026, 7, 14, 12, 0, tzinfo=UTC),
    "before the October change": dt.datetime(2026, 10, 24, 23, 30, tzinfo=UTC),
    "after the October change": dt.datetime(2026, 10, 25, 3, 0, tzinfo=UTC),
    "before the March change": dt.datetime(2027, 3, 28, 0, 30, tzinfo=UTC),
    "after the March change": dt.datetime(2027, 3, 28, 2, 0, tzinfo=UTC),
    "December 2040": dt.datetime(2040, 12, 14, 13, 0, tzinfo=UTC),
    "July 2040": dt.datetime(2040, 7, 10, 8, 0, tzinfo=UTC),
}


def test_zoneinfo_agrees_with_the_expected_instants():
    for name, local in STARTS.items():
        assert local.replace(tzinfo=LONDON).astimezone(UTC) == EXPECTED_UTC[name], name


@pytest.fixture
def dated(world, events_index):
    """Public events and board meetings at each awkward time, seen from 1 December 2025."""
    world.meeting.delete()  # only the meetings at awkward times
    with time_machine.travel(dt.datetime(2025, 12, 1, 9, 0, tzinfo=UTC)):
        events, meetings = {}, {}
        for number, (name, local) in enumerate(STARTS.items()):
            start = local.replace(tzinfo=LONDON)
            events[name] = EventPageFactory(
                parent=events_index,
                title=f"Study day: {name}",
                slug=f"study-day-{number}",
                start=start,
                end=start + dt.timedelta(hours=2),
                audience=EventPage.Audience.PUBLIC,
                online=True,
                join_url="https://teams.example/join/room",
            )
            meetings[name] = MeetingPageFactory(
                parent=world.board,
                title=f"Board: {name}",
                slug=f"board-{number}",
                start=start,
                end=start + dt.timedelta(hours=2),
            )
    return events, meetings


def expected_by_uid(dated):
    events, meetings = dated
    expected = {}
    for name, event in events.items():
        expected[f"event-{event.pk}@portal.wmin.example"] = (name, EXPECTED_UTC[name], event.end)
    for name, meeting in meetings.items():
        expected[f"meeting-{meeting.pk}@portal.wmin.example"] = (
            name,
            EXPECTED_UTC[name],
            meeting.end,
        )
    return expected


def assert_read_right(calendars, expected, tmp_path):
    """Every VEVENT of every calendar starts at the zoneinfo instant, for both readers."""
    by_icaljs = icaljs_events(calendars, tmp_path)
    checked = {}
    for label, body in calendars.items():
        by_vobject = vobject_events(body)
        assert set(by_icaljs[label]) == set(by_vobject), label
        for uid, event in by_icaljs[label].items():
            name, start, end = expected[uid]
            assert event["start"] == start, f"ical.js, {label}, {name}"
            assert by_vobject[uid]["start"] == start, f"vobject, {label}, {name}"
            assert event["end"] == end, f"ical.js end, {label}, {name}"
            assert by_vobject[uid]["end"] == end, f"vobject end, {label}, {name}"
            assert event["tzid"] == "Europe/London", f"{label}, {name}: floating or UTC time"
            checked[label] = checked.get(label, 0) + 1
    return checked


def test_feeds_and_files_read_the_same_in_ical_js_vobject_and_zoneinfo(
    dated, world, client, tmp_path
):
    events, meetings = dated
    feed = CalendarFeed.objects.create(person=world.member)
    for event in events.values():
        book_place_directly(event, world.member)
    client.force_login(world.member)
    urls = {
        "public events feed": reverse("events:public_feed"),
        "personal feed": reverse("events:personal_feed", args=[feed.token]),
        "board meetings feed": reverse("governance:group_meetings_calendar", args=[world.board.pk]),
    }
    for name, event in events.items():
        urls[f"event file, {name}"] = reverse("events:event_calendar", args=[event.pk])
    for name, meeting in meetings.items():
        urls[f"meeting file, {name}"] = reverse("governance:meeting_calendar", args=[meeting.pk])
    calendars = {}
    for label, url in urls.items():
        response = client.get(url)
        assert response.status_code == 200, label
        calendars[label] = response.content
    checked = assert_read_right(calendars, expected_by_uid(dated), tmp_path)
    # each feed holds all eight, the personal feed bookings and meetings, each file one
    assert checked == {label: 8 if "feed" in label else 1 for label in urls} | {"personal feed": 16}


def book_place_directly(event, person):
    from events.models import Booking

    Booking.objects.create(
        event=event, person=person, status=Booking.Status.CONFIRMED, confirmed_at=event.start
    )


def test_booking_invitations_and_cancellations_from_the_mail_server_read_right(
    dated, world, smtp_inbox, immediate_tasks, django_capture_on_commit_callbacks, tmp_path
):
    events, _ = dated
    with time_machine.travel(dt.datetime(2025, 12, 1, 9, 0, tzinfo=UTC)):
        for event in events.values():
            with django_capture_on_commit_callbacks(execute=True):
                booking = book_place(event, world.member, {})
        with django_capture_on_commit_callbacks(execute=True):
            cancel_booking(booking, world.member)
    calendars = {}
    for number, message in enumerate(smtp_inbox.to(world.member.email)):
        for body in calendar_attachments(message):
            calendars[f"{message['Subject']} ({number})"] = body
    assert len(calendars) == 9  # eight confirmations and one cancellation
    assert sum(assert_read_right(calendars, expected_by_uid(dated), tmp_path).values()) == 9


def test_the_time_zone_uses_yearly_rules_not_a_list_of_dates():
    body = calendar_bytes([]).decode()
    zone = body[body.index("BEGIN:VTIMEZONE") : body.index("END:VTIMEZONE")]
    assert "RDATE" not in zone
    assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3" in zone
    assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10" in zone
    assert zone.count("BEGIN:STANDARD") == zone.count("BEGIN:DAYLIGHT") == 1
