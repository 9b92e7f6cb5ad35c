"""The anonymous page cache (portal.page_cache): pages come from the cache, changes show at
once, and nobody is ever shown a page rendered for someone else."""

import pytest
from django.test import Client
from django.utils.html import escape

from events.services.booking import book_place, cancel_booking
from tests.events.factories import EventPageFactory
from tests.portal.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300
    settings.PAGE_CACHE_LIVE_SECONDS = 60


@pytest.fixture
def page(world):
    return StandardPageFactory(parent=world.home, title="Imaging academy", slug="academy")


def visit(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response


def test_an_anonymous_visitor_gets_the_page_from_the_cache_without_touching_the_database(
    client, page, django_assert_num_queries
):
    first = visit(client, page.url)
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        again = visit(client, page.url)
    assert again["X-Page-Cache"] == "hit"
    assert again.content == first.content
    assert "Imaging academy" in again.text
    # Headers the outer middleware adds are there on a hit too.
    assert "script-src 'self'" in again["Content-Security-Policy"]
    assert "Content-Security-Policy-Report-Only" not in again
    assert "camera=()" in again["Permissions-Policy"]


def test_a_signed_in_member_never_gets_the_anonymous_page(client, page, world):
    visit(Client(), page.url)
    assert visit(Client(), page.url)["X-Page-Cache"] == "hit"
    client.force_login(world.member)
    response = visit(client, page.url)
    assert "X-Page-Cache" not in response
    assert "Sign out" in response.text
    assert escape(world.member.get_full_name()) in response.text


def test_an_anonymous_visitor_never_gets_a_signed_in_page(page, world):
    member = Client()
    member.force_login(world.member)
    assert "Sign out" in visit(member, page.url).text
    for _ in range(2):
        response = visit(Client(), page.url)
        assert "Sign out" not in response.text
        assert escape(world.member.get_full_name()) not in response.text
        assert "Sign in" in response.text


def test_a_published_change_shows_at_once(client, page, django_capture_on_commit_callbacks):
    visit(client, page.url)
    assert visit(client, page.url)["X-Page-Cache"] == "hit"
    page.title = "Imaging academy: spring term"
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    response = visit(client, page.url)
    assert "Imaging academy: spring term" in response.text
    assert response["X-Page-Cache"] == "miss"


def test_an_unpublished_or_deleted_page_is_gone_at_once(
    client, page, world, django_capture_on_commit_callbacks
):
    other = StandardPageFactory(parent=world.home, title="Reporting standards", slug="standards")
    for url in (page.url, other.url):
        visit(client, url)
        assert visit(client, url)["X-Page-Cache"] == "hit"
    url = page.url
    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    assert client.get(url).status_code == 404
    url = other.url
    with django_capture_on_commit_callbacks(execute=True):
        other.delete()
    assert client.get(url).status_code == 404


def test_a_page_made_private_is_not_served_from_the_cache(
    client, page, django_capture_on_commit_callbacks
):
    from wagtail.models import PageViewRestriction

    visit(client, page.url)
    assert visit(client, page.url)["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=page, restriction_type="login")
    assert client.get(page.url).status_code == 302


def test_places_left_change_at_once_when_someone_books_or_cancels(
    client, events_index, world, django_capture_on_commit_callbacks
):
    event = EventPageFactory(parent=events_index, organising_group=world.board, capacity=3)
    assert "3 places left" in visit(client, event.url).text
    assert "3 places left" in visit(client, events_index.url).text
    assert visit(client, event.url)["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        booking = book_place(event, world.member, {})
    assert "2 places left" in visit(client, event.url).text
    assert "2 places left" in visit(client, events_index.url).text
    with django_capture_on_commit_callbacks(execute=True):
        cancel_booking(booking, world.member)
    assert "3 places left" in visit(client, event.url).text


def test_a_booking_leaves_pages_without_places_in_the_cache(
    client, page, event, world, django_capture_on_commit_callbacks
):
    visit(client, page.url)
    with django_capture_on_commit_callbacks(execute=True):
        book_place(event, world.member, {})
    assert visit(client, page.url)["X-Page-Cache"] == "hit"


def test_pages_that_carry_a_csrf_token_are_never_cached(
    client, page, django_capture_on_commit_callbacks
):
    """A password-protected page answers anonymous visitors 200 with a form and its token."""
    from wagtail.models import PageViewRestriction

    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=page, restriction_type="password", password="x")
    tokens = set()
    for _ in range(2):
        response = Client().get(page.url)
        assert response.status_code == 200
        assert "X-Page-Cache" not in response
        tokens.add(response.context["csrf_token"])
    assert len(tokens) == 2


def test_an_event_page_with_a_booking_form_is_never_shown_to_anyone_else(event, world):
    member = Client()
    member.force_login(world.member)
    assert "csrfmiddlewaretoken" in visit(member, event.url).text
    anonymous = Client()
    anonymous.cookies["csrftoken"] = member.cookies["csrftoken"].value  # no session, though
    response = visit(anonymous, event.url)
    assert "csrfmiddlewaretoken" not in response.text
    assert "Sign in to book a place" in response.text


def test_only_the_page_parameter_of_a_query_string_is_cached(client, page):
    visit(client, page.url + "?page=2")
    assert visit(client, page.url + "?page=2")["X-Page-Cache"] == "hit"
    visit(client, page.url + "?utm_source=email")
    assert "X-Page-Cache" not in visit(client, page.url + "?utm_source=email")


def test_a_visitor_with_a_session_is_served_fresh(client, page):
    visit(Client(), page.url)
    client.cookies["sessionid"] = "not-a-real-session"
    assert "X-Page-Cache" not in visit(client, page.url)
