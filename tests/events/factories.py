"""Factories for events and bookings."""

import datetime as dt

import factory
import wagtail_factories
from django.utils import timezone

from events.models import Booking, BookingQuestion, EventIndexPage, EventPage
from tests.portal.factories import UserFactory


class EventIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = EventIndexPage

    title = "Events"
    slug = "events"
    intro = "Study days, conferences, Network and Learn sessions and CPD webinars."


class EventPageFactory(wagtail_factories.PageFactory):
    """An open, in-person study day a fortnight away, for network members, with 30 places."""

    class Meta:
        model = EventPage

    title = factory.Sequence(lambda n: f"Study day {n}")
    event_type = EventPage.Type.STUDY_DAY
    summary = "A day of talks and workshops."
    start = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=14))
    end = factory.LazyAttribute(lambda o: o.start + dt.timedelta(hours=7))
    venue_name = "Birmingham Conference Centre"
    venue_address = "1 Broad Street\nBirmingham B1 2AA"
    audience = EventPage.Audience.NETWORK
    capacity = 30

    class Params:
        webinar = factory.Trait(
            event_type=EventPage.Type.CPD_WEBINAR,
            venue_name="",
            venue_address="",
            online=True,
            join_url="https://teams.example/join/secret-webinar-room",
        )


class BookingQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BookingQuestion

    event = factory.SubFactory(EventPageFactory)
    text = "Which workshop would you like to join?"
    required = False
    sort_order = factory.Sequence(lambda n: n)


class BookingFactory(factory.django.DjangoModelFactory):
    """A confirmed place (made directly: tests of book_place use the service)."""

    class Meta:
        model = Booking

    event = factory.SubFactory(EventPageFactory)
    person = factory.SubFactory(UserFactory)
    status = Booking.Status.CONFIRMED
    confirmed_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=10))
    created_at = factory.LazyAttribute(lambda o: o.confirmed_at or timezone.now())

    class Params:
        waiting = factory.Trait(
            status=Booking.Status.WAITING,
            confirmed_at=None,
            waiting_since=factory.LazyFunction(timezone.now),
        )
