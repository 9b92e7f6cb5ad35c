"""Places left has one owner (services.booking): the events list (and its "with places"
filter), the event page, the organisers' attendee list and the check-in page all agree."""

import re

import pytest
from django.urls import reverse

from .factories import BookingFactory, EventPageFactory

pytestmark = pytest.mark.django_db


def _tally(html):
    """The organisers' summary list, as {heading: value}."""
    rows = re.findall(
        r'summary-list__key">([^<]+)</dt><dd class="nhsuk-summary-list__value">([^<]+)</dd>', html
    )
    return {key.strip(): value.strip() for key, value in rows}


@pytest.mark.parametrize(
    "confirmed, waiting, tag, left, with_places",
    [
        (1, 0, "1 place left", "1", True),
        (2, 0, "Full – waiting list", "None: the event is full", False),
        (2, 3, "Full – waiting list", "None: the event is full", False),
    ],
    ids=["one-place-left", "full", "waiting-list"],
)
def test_the_listing_event_page_organiser_and_check_in_pages_agree(
    client, world, events_index, confirmed, waiting, tag, left, with_places
):
    event = EventPageFactory(parent=events_index, organising_group=world.board, capacity=2)
    for _ in range(confirmed):
        BookingFactory(event=event)
    for _ in range(waiting):
        BookingFactory(event=event, waiting=True)
    client.force_login(world.chair)

    listing = client.get(events_index.url).content.decode()
    filtered = client.get(events_index.url, {"has_places": "on"}).content.decode()
    page = client.get(event.url).content.decode()
    organiser = client.get(reverse("events:attendees", args=[event.pk])).content.decode()
    check_in = client.get(reverse("cpd:check_in_list", args=[event.pk])).content.decode()

    assert tag in listing and tag in page
    assert (event.title in filtered) is with_places
    expected = {"Confirmed places": f"{confirmed} of 2", "Places left": left}
    expected["Waiting list"] = str(waiting)
    for html in (organiser, check_in):
        tally = _tally(html)
        assert {key: tally.get(key) for key in expected} == expected
