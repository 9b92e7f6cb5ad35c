"""Checks of the demo network's events: the report's events, each booking state a member
meets, and past events member@demo.example attended.
Run by tests/test_demo_network.py against the one whole-demo load."""

from django.utils import timezone

from events.models import Booking, EventIndexPage, EventPage
from events.services.booking import booking_closed_reason, places_left


def counts():
    return (EventPage.objects.count(), Booking.objects.count())


def check(client):
    index = EventIndexPage.objects.get(slug="events")
    titles = set(EventPage.objects.child_of(index).values_list("title", flat=True))
    assert sum(t.startswith("WMIN Network Conference") for t in titles) == 2
    assert sum(t.startswith("Medical Physics Regional Scientific Meeting") for t in titles) == 2
    assert "Network and Learn: LGBTQ+ history month" in titles
    assert sum("Paediatric SIG study day" in t for t in titles) == 2
    assert sum(t.startswith("CPD webinar") for t in titles) >= 2

    now = timezone.now()
    upcoming = list(EventPage.objects.live().upcoming(now))
    full = [e for e in upcoming if places_left(e) == 0]
    assert full and Booking.objects.waiting().filter(event__in=full).exists()
    assert any(places_left(e) != 0 and not booking_closed_reason(e) for e in upcoming)
    assert any("has closed" in booking_closed_reason(e) for e in upcoming)

    member = Booking.objects.filter(person__email="member@demo.example")
    attended = member.filter(event__end__lt=now, attended=True)
    assert attended.count() >= 3
    assert member.waiting().filter(event__in=full).exists()

    assert client.get(index.url).status_code == 200
    client.login(email="member@demo.example", password="network-demo")
    response = client.get("/bookings/mine/")
    assert "Waiting list: number" in response.content.decode()
