"""Booking in a real browser: one member takes the last place, another joins the waiting list,
the first cancels and the second is promoted and emailed; every events page is scanned by axe
(WCAG 2.2 A/AA) at desktop width and at 320 CSS pixels."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from events.models import Booking
from tests.events.factories import (
    BookingFactory,
    BookingQuestionFactory,
    EventIndexPageFactory,
    EventPageFactory,
)
from tests.portal.factories import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def study_day(world):
    index = EventIndexPageFactory(parent=world.home)
    event = EventPageFactory(
        parent=index,
        title="Paediatric imaging study day",
        capacity=1,
        organising_group=world.board,
        ask_dietary_needs=True,
        learning_outcomes="Recognise the imaging signs of physical abuse",
    )
    BookingQuestionFactory(event=event, text="Which workshop would you like?")
    EventPageFactory(parent=index, title="Cardiac CT webinar", webinar=True, capacity=None)
    return event


def sign_out(page):
    page.get_by_role("banner").get_by_role("button", name="Sign out").click()


def test_book_wait_cancel_and_promotion(
    page, world, study_day, sign_in, scans, smtp_inbox, immediate_tasks
):
    page.goto(study_day.get_parent().url)
    scans.check("event index", "Events")
    page.get_by_role("link", name="Paediatric imaging study day").click()
    scans.check("event page, signed out", "Paediatric imaging study day")

    sign_in(page, world.member.email, PASSWORD)
    page.goto(study_day.url)
    page.get_by_label("Dietary needs").fill("Vegetarian")
    page.get_by_label("Which workshop would you like?").fill("Non-accidental injury")
    page.get_by_role("button", name="Book a place").click()
    expect(page.get_by_role("alert")).to_contain_text("Your place is booked")
    expect(page.get_by_text("You have a place at this event.")).to_be_visible()
    scans.check("event page, booked", "Paediatric imaging study day")
    sign_out(page)

    sign_in(page, world.lay_member.email, PASSWORD)
    page.goto(study_day.url)
    page.get_by_role("button", name="Join the waiting list").click()
    expect(page.get_by_role("alert")).to_contain_text("you are on the waiting list")
    expect(page.get_by_text("You are on the waiting list: number 1.")).to_be_visible()
    scans.check("event page, waiting", "Paediatric imaging study day")
    page.get_by_role("link", name="My bookings").first.click()
    expect(page.get_by_text("Waiting list: number 1")).to_be_visible()
    scans.check("my bookings", "My bookings")
    sign_out(page)

    sign_in(page, world.member.email, PASSWORD)
    page.goto(reverse("events:my_bookings"))
    page.get_by_role("link", name="Cancel your place").click()
    scans.check("cancel a place", "Cancel your place")
    page.get_by_role("button", name="Cancel the place").click()
    expect(page.get_by_role("alert")).to_contain_text("Your place has been cancelled")
    expect(page.get_by_text("You have no upcoming bookings.")).to_be_visible()

    promoted = Booking.objects.get(event=study_day, person=world.lay_member)
    assert promoted.status == Booking.Status.CONFIRMED
    assert [email["Subject"] for email in smtp_inbox.to(world.lay_member.email)] == [
        "You are on the waiting list: Paediatric imaging study day",
        "A place has come up for you: Paediatric imaging study day",
    ]
    sign_out(page)
    sign_in(page, world.lay_member.email, PASSWORD)
    page.goto(study_day.url)
    expect(page.get_by_text("You have a place at this event.")).to_be_visible()
    scans.assert_clean()


def test_organiser_pages_are_accessible(page, world, study_day, sign_in, scans):
    BookingFactory(event=study_day, answers={"dietary": "Halal"})
    BookingFactory(event=study_day, waiting=True)
    sign_in(page, world.chair.email, PASSWORD)
    page.goto(study_day.url)
    page.get_by_role("link", name="Attendee list").click()
    expect(page.get_by_text("Halal")).to_be_visible()
    scans.check("attendees", "Attendees")
    page.get_by_role("link", name="Email attendees").click()
    page.get_by_role("button", name="Send the message").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    scans.check("email attendees, with errors", "Email attendees")
    page.goto(reverse("events:change_event", args=[study_day.pk]))
    scans.check("change time or place", "Change the time or place")
    page.goto(reverse("events:cancel_event", args=[study_day.pk]))
    page.get_by_role("button", name="Cancel the event").click()
    scans.check("cancel event, with errors", "Cancel the event")
    page.get_by_label("Yes, cancel this event and tell everyone who booked").check()
    page.get_by_role("button", name="Cancel the event").click()
    expect(page.get_by_role("alert")).to_contain_text("The event is cancelled")
    page.goto(study_day.url)
    expect(page.get_by_text("This event has been cancelled").first).to_be_visible()
    scans.check("cancelled event", "Paediatric imaging study day")
    page.goto(study_day.get_parent().url + "?when=past")
    scans.check("past events", "Past events")
    scans.assert_clean()
