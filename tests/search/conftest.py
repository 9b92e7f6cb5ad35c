"""The governance test world with papers at every visibility, indexed for the site search."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from governance.search import fill_paper_text
from tests.portal.factories import UserFactory

SEARCH_URL = reverse("search:search")


@pytest.fixture(autouse=True)
def _tasks_at_once_and_a_fresh_cache(immediate_tasks):
    """Index updates and text extraction run at once, inside the test; the cached spelling
    vocabulary never carries over from one test to the next."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def indexed_agenda(agenda):
    """The agenda's papers with their text read from their files, as the upload task does."""
    for paper in agenda.papers.values():
        fill_paper_text(paper.pk)
        paper.refresh_from_db()
    return agenda


@pytest.fixture
def searchers(world):
    """Everyone in the permission matrix: the world's people, someone whose network
    membership is still awaiting approval, and a member of the network office."""
    people = world.people()
    people["applicant"] = UserFactory(applicant=True)
    people["network_office"] = UserFactory(network_office=True)
    return people


def search_as(client, person, **params):
    client.logout()
    if person is not None:
        client.force_login(person)
    return client.get(SEARCH_URL, params)
