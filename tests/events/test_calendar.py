"""Calendar output parsed back with icalendar and checked field by field."""

import datetime as dt

import pytest
from django.conf import settings
from icalendar import Calendar

from events import calendar
from events.models import CalendarFeed, EventPage
from events.services import organiser
from tests.governance.factories import MeetingPageFactory

from .factories import BookingFactory, EventPageFactory

pytestmark = pytest.mark.django_db
BASE = "https://portal.example"
SECRET = "https://teams.example/join/secret-webinar-room"


def vevents(body):
    parsed = Calendar.from_ical(body)
    return parsed, {str(e["uid"]): e for e in parsed.walk("VEVENT")}


def test_an_event_file_has_every_field(event):
    parsed, found = vevents(calendar.event_file(event, base_url=BASE))
    component = found[f"event-{event.pk}@{settings.CALENDAR_UID_DOMAIN}"]
    assert parsed["method"] == "PUBLISH"
    assert component["summary"] == event.title
    assert component["sequence"] == 0
    assert component["status"] == "CONFIRMED"
    assert component.get("dtstamp") is not None
    assert component["dtstart"].params["TZID"] == "Europe/London"
    assert component.decoded("dtstart") == event.start.replace(microsecond=0)
    assert component.decoded("dtend") == event.end.replace(microsecond=0)
    assert "Birmingham Conference Centre" in component["location"]
    assert str(component["url"]).endswith(event.url)
    timezones = [str(tz["tzid"]) for tz in parsed.walk("VTIMEZONE")]
    assert timezones == ["Europe/London"]


def test_the_uid_never_changes_and_the_sequence_rises_with_each_change(event, world):
    _, before = vevents(calendar.event_file(event, base_url=BASE))
    organiser.change_time_or_place(
        event,
        world.chair,
        start=event.start + dt.timedelta(days=1),
        end=event.end + dt.timedelta(days=1),
    )
    event.refresh_from_db()
    _, after = vevents(calendar.event_file(event, base_url=BASE))
    assert list(before) == list(after)
    (uid,) = after
    assert after[uid]["sequence"] == 1
    assert after[uid].decoded("dtstart") == before[uid].decoded("dtstart") + dt.timedelta(days=1)
    organiser.cancel_event(event, world.chair)
    event.refresh_from_db()
    _, cancelled = vevents(calendar.event_file(event, base_url=BASE))
    assert cancelled[uid]["sequence"] == 2
    assert cancelled[uid]["status"] == "CANCELLED"


def test_the_public_feed_keeps_cancelled_events_and_never_has_join_links(events_index, world):
    public = EventPageFactory(parent=events_index, webinar=True, audience="public")
    cancelled = EventPageFactory(
        parent=events_index, audience="public", status=EventPage.Status.CANCELLED
    )
    members_only = EventPageFactory(parent=events_index)
    BookingFactory(event=public)
    body = calendar.public_feed(base_url=BASE)
    _, found = vevents(body)
    assert set(found) == {calendar.event_uid(public), calendar.event_uid(cancelled)}
    assert found[calendar.event_uid(cancelled)]["status"] == "CANCELLED"
    assert calendar.event_uid(members_only) not in found
    assert b"secret-webinar-room" not in body
    assert found[calendar.event_uid(public)]["location"] == "Online"


def test_the_join_link_is_in_an_event_file_only_when_asked(events_index):
    webinar = EventPageFactory(parent=events_index, webinar=True)
    assert b"secret-webinar-room" not in calendar.event_file(webinar, base_url=BASE)
    with_link = calendar.event_file(webinar, base_url=BASE, include_join_link=True)
    assert SECRET in Calendar.from_ical(with_link).walk("VEVENT")[0]["description"]


def test_the_personal_feed_has_bookings_and_the_groups_meetings(events_index, world):
    webinar = EventPageFactory(parent=events_index, webinar=True)
    waiting_for = EventPageFactory(parent=events_index, capacity=0)
    cancelled = EventPageFactory(parent=events_index, status=EventPage.Status.CANCELLED)
    not_booked = EventPageFactory(parent=events_index)
    BookingFactory(event=webinar, person=world.member)
    BookingFactory(event=waiting_for, person=world.member, waiting=True)
    BookingFactory(event=cancelled, person=world.member)
    other_meeting = MeetingPageFactory(parent=world.other_group)
    body = calendar.personal_feed(world.member, base_url=BASE)
    parsed, found = vevents(body)
    assert calendar.event_uid(not_booked) not in found
    assert found[calendar.event_uid(webinar)]["status"] == "CONFIRMED"
    assert SECRET in found[calendar.event_uid(webinar)]["description"]
    assert found[calendar.event_uid(waiting_for)]["status"] == "TENTATIVE"
    assert found[calendar.event_uid(cancelled)]["status"] == "CANCELLED"
    assert f"meeting-{world.meeting.pk}@{settings.CALENDAR_UID_DOMAIN}" in found
    assert f"meeting-{other_meeting.pk}@{settings.CALENDAR_UID_DOMAIN}" not in found
    assert all(e.get("dtstamp") is not None for e in found.values())
    assert [str(tz["tzid"]) for tz in parsed.walk("VTIMEZONE")] == ["Europe/London"]


def test_an_invitation_is_a_request_and_a_cancellation_a_cancel(event):
    booking = BookingFactory(event=event)
    request = Calendar.from_ical(calendar.invitation(booking, base_url=BASE))
    assert request["method"] == "REQUEST"
    (component,) = request.walk("VEVENT")
    assert str(component["attendee"]) == f"mailto:{booking.person.email}"
    assert str(component["organizer"]) == f"mailto:{settings.NETWORK_OFFICE_EMAIL}"
    cancel = Calendar.from_ical(calendar.invitation(booking, base_url=BASE, method="CANCEL"))
    assert cancel["method"] == "CANCEL"
    assert cancel.walk("VEVENT")[0]["status"] == "CANCELLED"


def test_feed_tokens_are_secret_and_reset(world):
    feed = CalendarFeed.objects.create(person=world.member)
    old = feed.token
    assert len(old) >= 32
    feed.reset()
    assert feed.token != old
    assert not CalendarFeed.objects.filter(token=old).exists()
