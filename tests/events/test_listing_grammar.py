"""Counts read as English with one and with two: "1 event matches your filters", "2 events
match", "1 result" (issue 18's "1 event match")."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone

from events.models import EventPage
from tests.governance.factories import MeetingPageFactory
from tests.portal.html import soup

from .factories import EventPageFactory

pytestmark = pytest.mark.django_db


def heading(response, id_="results-heading"):
    return soup(response).find(id=id_).get_text(" ", strip=True)


@pytest.mark.parametrize(
    "webinars, expected",
    [(1, "1 event matches your filters"), (2, "2 events match your filters")],
)
def test_the_events_list_counts_matches_in_good_english(
    client, world, events_index, webinars, expected
):
    start = timezone.now() + dt.timedelta(days=5)
    for n in range(webinars):
        EventPageFactory(parent=events_index, webinar=True, start=start + dt.timedelta(days=n))
    EventPageFactory(parent=events_index, start=start)  # a study day, filtered out
    filtered = client.get(events_index.url, {"event_type": EventPage.Type.CPD_WEBINAR})
    assert heading(filtered) == expected
    unfiltered = heading(client.get(events_index.url))
    assert unfiltered == f"{webinars + 1} events"


def test_one_upcoming_event_is_one_event(client, world, events_index):
    EventPageFactory(parent=events_index, start=timezone.now() + dt.timedelta(days=5))
    assert heading(client.get(events_index.url)) == "1 event"


@pytest.mark.parametrize("meetings, expected", [(1, "1 result"), (2, "2 results")])
def test_search_counts_results_in_good_english(client, world, settings, meetings, expected):
    # Wagtail indexes pages through the task queue: run the indexing at once.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    cache.clear()
    for n in range(meetings):
        MeetingPageFactory(parent=world.board, title=f"Zebrafish imaging meeting {n}")
    response = client.get("/search/", {"query": "zebrafish"})
    assert heading(response) == f"{expected} for “zebrafish”"
