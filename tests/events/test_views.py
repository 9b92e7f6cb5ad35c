"""The event pages and the organisers' tools as each kind of person sees them."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from wagtail.models import PageLogEntry

from events.models import Booking, CalendarFeed, EventPage
from tests.portal.factories import UserFactory

from .factories import BookingFactory, BookingQuestionFactory, EventPageFactory

pytestmark = pytest.mark.django_db
SECRET = "secret-webinar-room"
ORGANISERS = {"chair", "secretary", "admin"}


def as_(client, person):
    if person is not None:
        client.force_login(person)
    return client


@pytest.fixture
def webinar(events_index, world):
    return EventPageFactory(parent=events_index, webinar=True, organising_group=world.board)


# The join link: only people with a confirmed place (and the organisers) ever see it.


@pytest.mark.parametrize(
    "who", ["anonymous", "non_member", "member", "lay_member", "chair", "other_chair", "admin"]
)
def test_the_join_link_is_never_in_the_page_for_people_without_a_place(client, world, webinar, who):
    person = world.people()[who]
    body = as_(client, person).get(webinar.url).content.decode()
    assert (SECRET in body) == (who in ORGANISERS)


def test_the_join_link_shows_once_the_place_is_confirmed(client, world, webinar):
    waiting = BookingFactory(event=webinar, person=world.member, waiting=True)
    client.force_login(world.member)
    assert SECRET not in client.get(webinar.url).content.decode()
    waiting.status = Booking.Status.CONFIRMED
    waiting.save()
    assert SECRET in client.get(webinar.url).content.decode()


def test_the_event_ics_has_the_join_link_only_for_the_confirmed(client, world, webinar):
    url = reverse("events:event_calendar", args=[webinar.pk])
    assert SECRET not in client.get(url).content.decode()
    BookingFactory(event=webinar, person=world.member)
    client.force_login(world.member)
    response = client.get(url)
    assert SECRET in response.content.decode()
    assert "no-store" in response["Cache-Control"]


# Booking from the page.


def test_booking_from_the_event_page(client, world, event):
    question = BookingQuestionFactory(event=event, text="Which workshop?", required=True)
    client.force_login(world.member)
    page = client.get(event.url)
    assert b"Book a place" in page.content
    response = client.post(event.url, {f"question_{question.pk}": ""})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    response = client.post(
        event.url,
        {f"question_{question.pk}": "Cardiac MRI", "access": "Hearing loop"},
        follow=True,
    )
    assert "Your place is booked" in response.content.decode()
    booking = Booking.objects.get(event=event, person=world.member)
    assert booking.answers == {str(question.pk): "Cardiac MRI", "access": "Hearing loop"}
    assert "You have a place at this event" in response.content.decode()


def test_a_full_event_offers_the_waiting_list(client, world, event):
    event.capacity = 0
    event.save()
    client.force_login(world.member)
    assert b"Join the waiting list" in client.get(event.url).content
    response = client.post(event.url, {}, follow=True)
    body = response.content.decode()
    assert "you are on the waiting list" in body
    assert "You are on the waiting list: number 1." in body


def test_booking_twice_says_so_and_never_500s(client, world, event):
    BookingFactory(event=event, person=world.member)
    client.force_login(world.member)
    response = client.post(event.url, {}, follow=True)
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()


def test_anonymous_people_are_asked_to_sign_in(client, event):
    assert b"Sign in to book a place" in client.get(event.url).content
    response = client.post(event.url, {})
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_applicants_are_told_the_event_is_for_members(client, event):
    client.force_login(UserFactory(applicant=True))
    body = client.get(event.url).content.decode()
    assert "for network members only" in body
    assert "Book a place" not in body


def test_closed_booking_is_explained(client, world, event):
    event.booking_closes = timezone.now() - dt.timedelta(hours=1)
    event.save()
    client.force_login(world.member)
    body = client.get(event.url).content.decode()
    assert "Booking for this event has closed." in body


# Cancelling and My bookings.


def test_cancel_a_place_from_my_bookings(client, world, event):
    booking = BookingFactory(event=event, person=world.member)
    client.force_login(world.member)
    page = client.get(reverse("events:my_bookings"))
    assert event.title in page.content.decode()
    url = reverse("events:cancel_booking", args=[booking.pk])
    assert b"Cancel your place" in client.get(url).content
    response = client.post(url, follow=True)
    assert "Your place has been cancelled" in response.content.decode()
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED


def test_after_the_deadline_the_member_is_told_to_contact_the_organisers(client, world, event):
    event.cancellation_deadline = timezone.now() - dt.timedelta(hours=1)
    event.save()
    booking = BookingFactory(event=event, person=world.member)
    client.force_login(world.member)
    url = reverse("events:cancel_booking", args=[booking.pk])
    response = client.post(url)
    assert "Too late to cancel online" in response.content.decode()
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED


@pytest.mark.parametrize("who", ["non_member", "member", "lay_member", "other_chair"])
def test_other_peoples_bookings_are_not_found(client, world, event, who):
    booking = BookingFactory(event=event)
    client.force_login(world.people()[who])
    url = reverse("events:cancel_booking", args=[booking.pk])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404


def test_my_bookings_shows_the_waiting_position(client, world, event):
    event.capacity = 0
    event.save()
    BookingFactory(event=event, waiting=True)
    BookingFactory(event=event, person=world.member, waiting=True)
    client.force_login(world.member)
    assert "Waiting list: number 2" in client.get(reverse("events:my_bookings")).content.decode()


def test_the_personal_feed_is_at_a_secret_address_that_can_be_reset(client, world, webinar):
    BookingFactory(event=webinar, person=world.member)
    client.force_login(world.member)
    client.get(reverse("events:my_bookings"))
    token = CalendarFeed.objects.get(person=world.member).token
    client.logout()
    feed_url = reverse("events:personal_feed", args=[token])
    feed = Calendar.from_ical(client.get(feed_url).content)
    assert [str(e["summary"]) for e in feed.walk("VEVENT")][0] == webinar.title
    client.force_login(world.member)
    client.post(reverse("events:reset_calendar_feed"))
    client.logout()
    assert client.get(feed_url).status_code == 404
    assert client.get(reverse("events:personal_feed", args=["guess"])).status_code == 404


def test_the_public_feed_has_no_join_links(client, events_index):
    EventPageFactory(parent=events_index, webinar=True, audience=EventPage.Audience.PUBLIC)
    response = client.get(reverse("events:public_feed"))
    assert response["Content-Type"].startswith("text/calendar")
    assert SECRET not in response.content.decode()


# The organisers' tools: chair, deputy, secretary of the organising group, and the office.

TOOLS = ["attendees", "attendees_csv", "email_attendees", "cancel_event", "change_event"]


@pytest.mark.parametrize("tool", TOOLS)
@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("non_member", 404),
        ("member", 404),
        ("lay_member", 404),
        ("other_chair", 404),
        ("chair", 200),
        ("secretary", 200),
        ("admin", 200),
    ],
)
def test_organiser_tools_open_only_to_organisers(client, world, event, tool, who, status):
    client.force_login(world.people()[who])
    assert client.get(reverse(f"events:{tool}", args=[event.pk])).status_code == status


@pytest.mark.parametrize("tool", TOOLS)
def test_organiser_tools_ask_anonymous_people_to_sign_in(client, event, tool):
    response = client.get(reverse(f"events:{tool}", args=[event.pk]))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_the_attendee_list_shows_answers_and_the_waiting_list(client, world, event):
    question = BookingQuestionFactory(event=event, text="Which workshop?")
    BookingFactory(event=event, answers={"access": "Wheelchair user", str(question.pk): "CT"})
    BookingFactory(event=event, waiting=True)
    client.force_login(world.chair)
    body = client.get(reverse("events:attendees", args=[event.pk])).content.decode()
    assert "Wheelchair user" in body
    assert "Which workshop?:</strong> CT" in body
    assert "Waiting: number 1" in body


def test_the_csv_is_safe_to_open_in_a_spreadsheet(client, world, event):
    person = UserFactory(first_name='=HYPERLINK("http://evil")', last_name="Smith")
    BookingFactory(event=event, person=person, answers={"access": "+1 step"})
    client.force_login(world.chair)
    response = client.get(reverse("events:attendees_csv", args=[event.pk]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:5] == ["Name", "Email", "Job title", "Organisation", "Status"]
    assert rows[1][0].startswith("'=HYPERLINK")
    assert rows[1][-1] == "'+1 step"
    assert "attachment" in response["Content-Disposition"]


def test_downloading_the_attendee_csv_writes_an_audit_row(client, world, event):
    BookingFactory(event=event)
    client.force_login(world.member)  # not an organiser: refused, and nothing recorded
    assert client.get(reverse("events:attendees_csv", args=[event.pk])).status_code == 404
    assert not PageLogEntry.objects.filter(action="events.attendees.export").exists()

    client.force_login(world.chair)
    response = client.get(reverse("events:attendees_csv", args=[event.pk]))

    assert response.status_code == 200
    entry = PageLogEntry.objects.get(action="events.attendees.export")
    assert (entry.page_id, entry.user) == (event.pk, world.chair)
    assert entry.data == {"event": event.title}


def test_the_organiser_cancels_a_place_after_the_deadline(client, world, event):
    event.cancellation_deadline = timezone.now() - dt.timedelta(days=1)
    event.save()
    booking = BookingFactory(event=event)
    client.force_login(world.secretary)
    url = reverse("events:cancel_booking", args=[booking.pk])
    response = client.post(url, {"next": reverse("events:attendees", args=[event.pk])})
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED


def test_cancelling_the_event_needs_the_box_ticked(client, world, event):
    client.force_login(world.chair)
    url = reverse("events:cancel_event", args=[event.pk])
    response = client.post(url, {"reason": "Snow"})
    assert "Tick the box" in response.content.decode()
    assert "Snow" in response.content.decode()
    response = client.post(url, {"reason": "Snow", "confirm": "on"}, follow=True)
    assert "The event is cancelled" in response.content.decode()
    event.refresh_from_db()
    assert event.is_cancelled
    assert event.sequence == 1
    assert "This event has been cancelled" in client.get(event.url).content.decode()


def test_changing_the_time_rejects_an_end_before_the_start(client, world, event):
    client.force_login(world.chair)
    url = reverse("events:change_event", args=[event.pk])
    data = {
        "start": "2030-05-14T09:30",
        "end": "2030-05-14T09:00",
        "venue_name": "QEHB",
        "venue_address": "",
        "join_url": "",
    }
    response = client.post(url, data)
    assert "The event must end after it starts." in response.content.decode()
    data["end"] = "2030-05-14T16:00"
    response = client.post(url, data, follow=True)
    assert "The event is updated" in response.content.decode()
    event.refresh_from_db()
    assert timezone.localtime(event.start).strftime("%Y-%m-%d %H:%M") == "2030-05-14 09:30"
    assert event.venue_name == "QEHB"
    assert event.sequence == 1


def test_email_attendees_form(client, world, event):
    client.force_login(world.chair)
    url = reverse("events:email_attendees", args=[event.pk])
    response = client.post(url, {"subject": "", "body": "Hello"})
    assert "This field is required." in response.content.decode()
    response = client.post(url, {"subject": "Parking", "body": "Use car park B."}, follow=True)
    assert "Your message is being sent" in response.content.decode()
    assert event.messages.get().subject == "Parking"
