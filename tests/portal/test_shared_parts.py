"""Parts every viewer sees alike, kept in the shared cache while pages are unchanged
(portal.page_cache.while_pages_unchanged): the site and home page each URL is routed from, the
header's names and a group's news. Signed-in people see them too, so a change must show at
once, for them as for anonymous visitors."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtailnhsukfrontend.settings.models import HeaderSettings

from tests.publications.factories import NewsIndexPageFactory, NewsPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300


@pytest.fixture
def member(client, world):
    client.force_login(world.member)
    return client


def tables_read(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, " ".join(query["sql"] for query in queries.captured_queries)


def test_a_signed_in_page_is_routed_without_looking_up_the_site_again(member, world):
    tables_read(member, world.board.url)
    response, sql = tables_read(member, world.board.url)
    assert world.board.title in response.text
    assert "wagtailcore_site" not in sql
    assert "portal_homepage" not in sql


def test_a_change_to_the_home_page_shows_at_once_to_a_signed_in_member(
    member, world, django_capture_on_commit_callbacks
):
    tables_read(member, "/")
    home = world.home
    home.introduction = "Fifteen trusts, one imaging network."
    with django_capture_on_commit_callbacks(execute=True):
        home.save_revision().publish()
    response, _ = tables_read(member, "/")
    assert "Fifteen trusts, one imaging network." in response.text


def test_a_new_service_name_shows_at_once_in_the_header(
    member, world, django_capture_on_commit_callbacks
):
    first, _ = tables_read(member, world.board.url)
    header = HeaderSettings.objects.get_or_create(site=world.home.get_site())[0]
    assert "Midlands Imaging Portal" not in first.text
    with django_capture_on_commit_callbacks(execute=True):
        header.service_name = "Midlands Imaging Portal"
        header.save()
    response, _ = tables_read(member, world.board.url)
    assert "Midlands Imaging Portal" in response.text


def test_a_groups_news_is_read_once_and_new_news_shows_at_once(
    member, world, django_capture_on_commit_callbacks
):
    news = NewsIndexPageFactory(parent=world.home)
    first = NewsPageFactory(parent=news, title="Board agrees workforce plan", group=world.board)
    tables_read(member, world.board.url)
    response, sql = tables_read(member, world.board.url)
    assert f'<a href="{first.url}">Board agrees workforce plan</a>' in response.text  # not escaped
    assert "publications_newspage" not in sql

    with django_capture_on_commit_callbacks(execute=True):
        item = NewsPageFactory(parent=news, title="Board meets in Stoke", group=world.board)
        item.save_revision().publish()
    response, _ = tables_read(member, world.board.url)
    assert "Board meets in Stoke" in response.text
    assert "Board agrees workforce plan" in response.text
    other, _ = tables_read(member, world.other_group.url)
    assert "The group has no news yet." in other.text
