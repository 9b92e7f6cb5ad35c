"""The event index: filters, cards with places left or the waiting list, pagination, and a
query count that does not grow with the number of events."""

import datetime as dt

import pytest
from django.utils import timezone

from events.models import EventPage
from events.services.listing import events_between

from .factories import BookingFactory, EventPageFactory

pytestmark = pytest.mark.django_db


def make_events(index, group, count):
    start = timezone.now() + dt.timedelta(days=3)
    return [
        EventPageFactory(
            parent=index, organising_group=group, capacity=2, start=start + dt.timedelta(hours=n)
        )
        for n in range(count)
    ]


@pytest.mark.parametrize("count", [10, 300])
def test_the_listing_costs_the_same_with_10_or_300_events(
    client, world, events_index, count, django_assert_num_queries
):
    events = make_events(events_index, world.board, count)
    for event in events[:3]:
        BookingFactory(event=event, person=world.member)
    client.force_login(world.member)
    client.get(events_index.url)  # warm the site-root and session caches
    with django_assert_num_queries(16):  # +1: the header's unread count
        response = client.get(events_index.url)
    assert response.status_code == 200
    assert response.content.decode().count('class="nhsuk-card__link"') == min(count, 12)


def test_cards_show_places_left_or_the_waiting_list(client, world, events_index):
    open_event, full_event = make_events(events_index, world.board, 2)
    BookingFactory(event=open_event)
    BookingFactory.create_batch(2, event=full_event)
    body = client.get(events_index.url).content.decode()
    assert "1 place left" in body
    assert "Full – waiting list" in body


def test_filters(client, world, events_index):
    webinar = EventPageFactory(
        parent=events_index,
        webinar=True,
        title="Cardiac CT webinar",
        start=timezone.now() + dt.timedelta(days=40),
        organising_group=world.subgroup,
    )
    full = EventPageFactory(parent=events_index, title="Full study day", capacity=1)
    BookingFactory(event=full)
    EventPageFactory(parent=events_index, title="Open study day")
    month = timezone.localtime(webinar.start).strftime("%Y-%m")

    def titles(**query):
        body = client.get(events_index.url, query).content.decode()
        return {t for t in ("Cardiac CT webinar", "Full study day", "Open study day") if t in body}

    assert titles(event_type="cpd_webinar") == {"Cardiac CT webinar"}
    assert titles(mode="online") == {"Cardiac CT webinar"}
    assert titles(mode="in_person") == {"Full study day", "Open study day"}
    assert titles(group=world.subgroup.pk) == {"Cardiac CT webinar"}
    assert titles(month=month) == {"Cardiac CT webinar"}
    assert titles(has_places="on") == {"Cardiac CT webinar", "Open study day"}


def test_past_events_are_listed_apart(client, events_index):
    EventPageFactory(
        parent=events_index,
        title="Last year's conference",
        start=timezone.now() - dt.timedelta(days=300),
    )
    assert "Last year" not in client.get(events_index.url).content.decode()
    past = client.get(events_index.url, {"when": "past"}).content.decode()
    assert "Last year" in past


def test_empty_states_are_worded(client, events_index):
    assert "There are no upcoming events" in client.get(events_index.url).content.decode()
    body = client.get(events_index.url, {"event_type": "conference"}).content.decode()
    assert "No events match your filters" in body


def test_events_between_leaves_out_cancelled_and_unpublished_events(events_index):
    now = timezone.now()
    first = EventPageFactory(parent=events_index, start=now + dt.timedelta(days=2))
    second = EventPageFactory(parent=events_index, start=now + dt.timedelta(days=1))
    EventPageFactory(
        parent=events_index, start=now + dt.timedelta(days=3), status=EventPage.Status.CANCELLED
    )
    draft = EventPageFactory(parent=events_index, start=now + dt.timedelta(days=3))
    draft.unpublish()
    EventPageFactory(parent=events_index, start=now + dt.timedelta(days=30))
    found = list(events_between(now, now + dt.timedelta(days=7)))
    assert found == [second, first]


def test_group_pages_show_the_groups_next_events(rf, world, events_index):
    from django.template import Context, Template

    make_events(events_index, world.board, 2)
    request = rf.get("/")
    html = Template("{% load event_tags %}{% group_events group %}").render(
        Context({"group": world.board, "request": request})
    )
    assert html.count('class="nhsuk-card__link"') == 2
    assert "2 places left" in html
    empty = Template("{% load event_tags %}{% group_events group %}").render(
        Context({"group": world.other_group, "request": request})
    )
    assert "has no upcoming events" in empty
