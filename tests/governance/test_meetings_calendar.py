"""Calendar files: a meeting's "Add to calendar" file and each group's meetings feed keep the
same UID for a meeting for ever, and SEQUENCE rises each time the meeting is republished."""

import datetime as dt

import pytest
from django.urls import reverse
from icalendar import Calendar

from .factories import MeetingPageFactory

pytestmark = pytest.mark.django_db


def events(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return {
        str(event["uid"]): event for event in Calendar.from_ical(response.content).walk("VEVENT")
    }


def republish(meeting, **changes):
    page = meeting.get_latest_revision_as_object()
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()


def test_a_meeting_keeps_its_uid_and_its_sequence_rises_on_each_publish(world, client):
    meeting = world.meeting
    url = reverse("governance:meeting_calendar", args=[meeting.pk])
    republish(meeting)
    ((uid, event),) = events(client.get(url)).items()
    assert uid == f"meeting-{meeting.pk}@portal.wmin.example"
    assert event["sequence"] == 0
    assert event["summary"] == "Operational Board: Operational Board, May"
    assert event.decoded("dtstart").tzinfo.key == "Europe/London"

    new_start = meeting.start + dt.timedelta(days=1)
    republish(meeting, start=new_start, end=new_start + dt.timedelta(hours=2), location="Room 2")
    ((uid_again, event),) = events(client.get(url)).items()
    assert uid_again == uid
    assert event["sequence"] == 1
    assert event.decoded("dtstart") == new_start.replace(microsecond=0)
    assert str(event["location"]) == "Room 2"

    republish(meeting, status="cancelled")
    ((_, event),) = events(client.get(url)).items()
    assert event["sequence"] == 2
    assert event["status"] == "CANCELLED"


def test_calendar_files_carry_the_london_time_zone(world, client):
    response = client.get(reverse("governance:meeting_calendar", args=[world.meeting.pk]))
    calendar = Calendar.from_ical(response.content)
    assert [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/London"]
    assert "attachment" in response["Content-Disposition"]


def test_the_group_feed_lists_its_published_meetings_with_stable_uids(world, client):
    july = MeetingPageFactory(
        parent=world.board, title="July", start=world.meeting.start + dt.timedelta(days=60)
    )
    draft = MeetingPageFactory(parent=world.board, title="Draft", live=False)
    sub = MeetingPageFactory(parent=world.subgroup, title="MRI SIG meeting")
    url = reverse("governance:group_meetings_calendar", args=[world.board.pk])
    found = events(client.get(url))
    assert set(found) == {
        f"meeting-{world.meeting.pk}@portal.wmin.example",
        f"meeting-{july.pk}@portal.wmin.example",
    }
    assert f"meeting-{draft.pk}@portal.wmin.example" not in found
    assert f"meeting-{sub.pk}@portal.wmin.example" not in found
    # the feed is for calendar apps: no join links without a signed-in member
    assert b"secret-room" not in client.get(url).content.replace(b"\r\n ", b"")

    republish(july)
    republish(july, location="Room 3")
    again = events(client.get(url))
    assert set(again) == set(found)
    assert again[f"meeting-{july.pk}@portal.wmin.example"]["sequence"] == 1
    assert str(again[f"meeting-{july.pk}@portal.wmin.example"]["location"]) == "Room 3"


def test_unpublished_meetings_have_no_calendar_file(world, client):
    world.meeting.unpublish()
    url = reverse("governance:meeting_calendar", args=[world.meeting.pk])
    assert client.get(url).status_code == 404
