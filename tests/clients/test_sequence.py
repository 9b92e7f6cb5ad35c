"""SEQUENCE rises with every change a recipient should see, so Outlook and the rest apply it:
a per-place cancellation outranks the invitation before it, a place booked again outranks the
cancellation, and a meeting or event moved for the first time is no longer SEQUENCE 0."""

import datetime as dt

import pytest
from django.urls import reverse

from events.services.booking import book_place, cancel_booking
from tests.events.factories import EventPageFactory

from .readers import calendar_attachments, vobject_events

pytestmark = pytest.mark.django_db


def sequences_sent_to(inbox, person):
    """(METHOD, SEQUENCE) of each calendar emailed to `person`, in the order they were sent."""
    sent = []
    for message in inbox.to(person.email):
        for body in calendar_attachments(message):
            ((event,),) = [list(vobject_events(body).values())]
            method = "CANCEL" if b"METHOD:CANCEL" in body else "REQUEST"
            sent.append((method, event["sequence"]))
    return sent


def test_a_cancelled_place_outranks_its_invitation_and_a_new_booking_outranks_both(
    world, events_index, smtp_inbox, immediate_tasks, django_capture_on_commit_callbacks
):
    event = EventPageFactory(parent=events_index)
    with django_capture_on_commit_callbacks(execute=True):
        booking = book_place(event, world.member, {})
    with django_capture_on_commit_callbacks(execute=True):
        cancel_booking(booking, world.member)
    with django_capture_on_commit_callbacks(execute=True):
        book_place(event, world.member, {})
    sent = sequences_sent_to(smtp_inbox, world.member)
    assert [method for method, _ in sent] == ["REQUEST", "CANCEL", "REQUEST"]
    numbers = [sequence for _, sequence in sent]
    assert numbers[0] < numbers[1] < numbers[2], sent


def test_the_personal_feed_carries_the_attendees_own_sequence(
    world, events_index, client, smtp_inbox, immediate_tasks, django_capture_on_commit_callbacks
):
    from events.models import CalendarFeed

    event = EventPageFactory(parent=events_index)
    with django_capture_on_commit_callbacks(execute=True):
        booking = book_place(event, world.member, {})
    with django_capture_on_commit_callbacks(execute=True):
        cancel_booking(booking, world.member)
    with django_capture_on_commit_callbacks(execute=True):
        book_place(event, world.member, {})
    last_sent = sequences_sent_to(smtp_inbox, world.member)[-1][1]
    feed = CalendarFeed.objects.create(person=world.member)
    body = client.get(reverse("events:personal_feed", args=[feed.token])).content
    assert vobject_events(body)[f"event-{event.pk}@portal.wmin.example"]["sequence"] == last_sent


def meeting_sequence(client, meeting):
    body = client.get(reverse("governance:meeting_calendar", args=[meeting.pk])).content
    return vobject_events(body)[f"meeting-{meeting.pk}@portal.wmin.example"]["sequence"]


def publish(page, **changes):
    draft = page.get_latest_revision_as_object()
    for name, value in changes.items():
        setattr(draft, name, value)
    draft.save_revision().publish()
    page.refresh_from_db()


def test_a_meeting_moved_before_it_was_ever_republished_gets_a_higher_sequence(world, client):
    meeting = world.meeting  # made live directly, as the demo does: never published as a revision
    assert meeting_sequence(client, meeting) == 0
    moved = meeting.start + dt.timedelta(days=1)
    publish(meeting, start=moved, end=moved + dt.timedelta(hours=2))
    assert meeting_sequence(client, meeting) == 1


def test_a_meeting_moved_without_a_revision_still_raises_its_sequence(world, client):
    meeting = world.meeting
    meeting.location = "Room 4"
    meeting.save()
    assert meeting_sequence(client, meeting) == 1


def test_a_republish_that_changes_nothing_a_member_sees_keeps_the_sequence(world, client):
    meeting = world.meeting
    publish(meeting, start=meeting.start + dt.timedelta(days=1))
    publish(meeting, search_description="Papers added")
    assert meeting_sequence(client, meeting) == 1


def test_publishing_an_older_revision_never_lowers_the_sequence(world, client):
    meeting = world.meeting
    first = meeting.save_revision()
    first.publish()
    publish(meeting, location="Room 5")
    assert meeting_sequence(client, meeting) == 1
    first.publish()  # back to the original room: a change members see, so it rises again
    meeting.refresh_from_db()
    assert meeting.location == "Board room, Birmingham"
    assert meeting_sequence(client, meeting) == 2


def test_an_event_moved_by_an_editor_in_wagtail_raises_its_sequence(world, events_index, client):
    event = EventPageFactory(parent=events_index)
    moved = event.start + dt.timedelta(days=2)
    publish(event, start=moved, end=moved + dt.timedelta(hours=7))
    body = client.get(reverse("events:event_calendar", args=[event.pk])).content
    assert vobject_events(body)[f"event-{event.pk}@portal.wmin.example"]["sequence"] == 1
