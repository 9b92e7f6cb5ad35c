"""Wagtail's view restrictions (privacy set on a page in the admin) as the portal checks them
before serving a page: from the pages routed through and the tree's restrictions, kept while
pages are unchanged (portal.routing.RoutedPage). Each rule is tried with the shared cache on
and off, and on aliases, which Wagtail resolves to their source."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction, get_page_models

from portal.routing import RoutedPage
from tests.portal.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(params=[0, 300], ids=["cache off", "cache on"], autouse=True)
def page_cache_seconds(request, settings):
    settings.PAGE_CACHE_SECONDS = request.param
    return request.param


@pytest.fixture
def section(world):
    """Staff area > Rotas > Night rota, and an open page beside it."""
    staff = StandardPageFactory(parent=world.home, title="Staff area", slug="staff")
    rotas = StandardPageFactory(parent=staff, title="Rotas", slug="rotas")
    StandardPageFactory(parent=rotas, title="Night rota", slug="night")
    StandardPageFactory(parent=world.home, title="Open page", slug="open")
    return staff


def restrict(page, capture):
    with capture(execute=True):
        return PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.LOGIN
        )


def asks_to_sign_in(response):
    return response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_restricted_section_and_every_page_under_it_ask_a_visitor_to_sign_in(
    section, world, django_capture_on_commit_callbacks
):
    restrict(section, django_capture_on_commit_callbacks)
    for url in ("/staff/", "/staff/rotas/", "/staff/rotas/night/"):
        assert asks_to_sign_in(Client().get(url)), url
    assert Client().get("/open/").status_code == 200
    member = Client()
    member.force_login(world.member)
    response = member.get("/staff/rotas/night/")
    assert response.status_code == 200
    assert "Night rota" in response.text


def test_a_restriction_added_after_a_visit_applies_at_once(
    section, django_capture_on_commit_callbacks
):
    assert Client().get("/staff/rotas/night/").status_code == 200
    restrict(section, django_capture_on_commit_callbacks)
    assert asks_to_sign_in(Client().get("/staff/rotas/night/"))


def test_a_restriction_removed_frees_the_section_at_once(
    section, django_capture_on_commit_callbacks
):
    restriction = restrict(section, django_capture_on_commit_callbacks)
    assert asks_to_sign_in(Client().get("/staff/rotas/"))
    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()
    assert Client().get("/staff/rotas/").status_code == 200


def test_an_alias_follows_its_sources_restriction_wherever_it_sits(
    section, world, django_capture_on_commit_callbacks
):
    rotas = section.get_children().get(slug="rotas").specific
    open_page = world.home.get_children().get(slug="open")
    with django_capture_on_commit_callbacks(execute=True):
        rotas.create_alias(parent=open_page, update_slug="rotas-copy", recursive=True)
    assert Client().get("/open/rotas-copy/night/").status_code == 200
    # Restricted at its source after the alias was made: the alias holds no restriction of
    # its own, and Wagtail applies the source's.
    restrict(rotas, django_capture_on_commit_callbacks)
    assert asks_to_sign_in(Client().get("/open/rotas-copy/"))
    assert asks_to_sign_in(Client().get("/open/rotas-copy/night/"))
    assert Client().get("/open/").status_code == 200


def test_an_open_page_is_served_without_reading_restrictions_or_its_ancestors(
    section, world, page_cache_seconds
):
    member = Client()
    member.force_login(world.member)
    member.get("/staff/rotas/night/")
    with CaptureQueriesContext(connection) as queries:
        assert member.get("/staff/rotas/night/").status_code == 200
    sql = [query["sql"] for query in queries.captured_queries]
    restriction_reads = [q for q in sql if "wagtailcore_pageviewrestriction" in q]
    # Once per request with the cache off (all restrictions, one query); never with it on.
    assert len(restriction_reads) == (0 if page_cache_seconds else 1)
    assert not [q for q in sql if '"wagtailcore_page"."alias_of_id" FROM' in q]


def test_every_page_type_finds_its_restrictions_on_the_route():
    assert [
        model.__name__
        for model in get_page_models()
        if model is not Page and not issubclass(model, RoutedPage)
    ] == []
