"""The sitemap as search engines take it: valid against the sitemaps.org schema, every <loc>
on the configured base URL, and only pages an anonymous visitor can open."""

from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from lxml import etree

from events.models import EventPage
from tests.events.factories import EventPageFactory
from tests.publications.factories import PublicationIndexPageFactory, PublicationPageFactory
from tests.sigs.factories import ProtocolPageFactory, SigPageFactory

from .conftest import BASE
from .readers import SITEMAP_XSD

pytestmark = pytest.mark.django_db
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def pages(world, events_index):
    sig = SigPageFactory(parent=world.board, title="MRI SIG", slug="mri")
    public = ProtocolPageFactory(parent=sig, slug="public-protocol", visibility="public", live=True)
    members = ProtocolPageFactory(
        parent=sig, slug="members-protocol", visibility="network", live=True
    )
    publications = PublicationIndexPageFactory(parent=world.home)
    EventPageFactory(parent=events_index, audience=EventPage.Audience.PUBLIC, slug="open-day")
    return {
        "public protocol": public,
        "members-only protocol": members,
        "publications": publications,
        "restricted publication": PublicationPageFactory(
            parent=publications, slug="restricted", visibility="network"
        ),
    }


def locations(client):
    response = client.get(reverse("sitemap"))
    assert response.status_code == 200
    document = etree.fromstring(response.content)
    schema = etree.XMLSchema(etree.parse(str(SITEMAP_XSD)))
    assert schema.validate(document), schema.error_log
    return [loc.text for loc in document.iter(f"{SITEMAP}loc")]


def test_the_sitemap_is_valid_and_on_the_configured_address(pages, client):
    found = locations(client)
    assert found
    assert all(loc.startswith(BASE + "/") for loc in found), found


def test_the_sitemap_lists_only_what_an_anonymous_visitor_can_open(pages, client):
    found = locations(client)
    paths = {urlsplit(loc).path for loc in found}
    assert pages["public protocol"].url in paths
    assert pages["members-only protocol"].url not in paths
    assert pages["restricted publication"].url not in paths
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)


def test_robots_txt_names_the_sitemap_on_the_configured_address(client):
    body = client.get("/robots.txt").content.decode()
    assert f"Sitemap: {BASE}/sitemap.xml" in body
