"""A link check (issue 18): from the home page, as each kind of person, every internal link on
every page reached answers 200 or a redirect (never 404 or 500), and every public area is
within two clicks of the home page.

The site is small but complete: each area's index page, an event, a SIG with a public and a
members-only protocol, a publication, a news story, a round-up issue, a meeting with papers.
"""

from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from governance.models import Membership
from governance.services.memberships import sync_group_editors
from portal.navigation import PAGE_URLS_CACHE_KEY
from sigs.models import ProtocolPage
from tests.events.factories import EventIndexPageFactory, EventPageFactory
from tests.governance.factories import MembershipFactory
from tests.portal.factories import StandardPageFactory
from tests.publications.factories import (
    NewsIndexPageFactory,
    NewsPageFactory,
    PublicationIndexPageFactory,
    PublicationPageFactory,
)
from tests.roundup.factories import RoundupIndexPageFactory, comms_person
from tests.sigs.factories import ProtocolPageFactory, SigPageFactory
from tests.sigs.fixtures import approve_through_workflow

pytestmark = pytest.mark.django_db

MAX_PAGES = 300  # per person: the small site has far fewer; a runaway crawl fails loudly
# Not followed: signing out ends the crawl's session; the admin is Wagtail's own, tested there.
SKIP_PREFIXES = ("/accounts/logout", "/admin/", "/django-admin/", "/static/", "/media/")


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def internal_links(html):
    parser = _Links()
    parser.feed(html)
    links = []
    for href in parser.hrefs:
        href, _ = urldefrag(href)
        parts = urlsplit(href)
        if parts.scheme in ("http", "https") and parts.hostname in ("testserver", "localhost"):
            href = parts.path + (f"?{parts.query}" if parts.query else "")
        elif parts.scheme or parts.netloc or not href.startswith("/"):
            continue  # external, mailto:, tel: or an in-page anchor
        if not href.startswith(SKIP_PREFIXES):
            links.append(href)
    return links


def crawl(client):
    """{url: (status, clicks from home)} for every internal link reached from "/"; the links
    of pages with a query string are checked but not followed (filters multiply them)."""
    seen = {"/": 0}
    results = {}
    found_on = {}
    queue = deque(["/"])
    while queue:
        url = queue.popleft()
        assert len(results) < MAX_PAGES, "the crawl ran away"
        response = client.get(url)
        results[url] = (response.status_code, seen[url])
        content_type = response.get("Content-Type", "")
        if response.streaming:
            # Read to the end, so the test client closes it as a server would (closing it by
            # hand would also close the database connection the test runs in).
            b"".join(response.streaming_content)
            continue
        if response.status_code != 200 or not content_type.startswith("text/html"):
            continue
        if "?" in url and url != "/":
            continue
        for link in internal_links(response.content.decode()):
            if link not in seen:
                seen[link] = seen[url] + 1
                found_on[link] = url
                queue.append(link)
    return results, found_on


@pytest.fixture
def site(world, agenda):
    cache.clear()
    cache.delete(PAGE_URLS_CACHE_KEY)
    home = world.home
    events = EventIndexPageFactory(parent=home)
    EventPageFactory(parent=events, organising_group=world.board)
    EventPageFactory(parent=events, webinar=True, organising_group=world.board)
    sig = SigPageFactory(parent=world.index, title="CT SIG", slug="ct-sig")
    MembershipFactory(group=sig, person=world.chair, role=Membership.Role.CHAIR)
    MembershipFactory(group=sig, person=world.member, role=Membership.Role.MEMBER)
    sync_group_editors(sig)
    sig.refresh_from_db()
    for visibility in ("public", "network"):
        protocol = ProtocolPageFactory(
            parent=sig, title=f"A {visibility} CT protocol", visibility=visibility
        )
        protocol.save_revision(user=world.chair)
        approve_through_workflow(protocol, world.chair)
    assert ProtocolPage.objects.live().count() == 2
    publications = PublicationIndexPageFactory(parent=home)
    PublicationPageFactory(parent=publications, title="Network strategy")
    PublicationPageFactory(parent=publications, title="Pay review", visibility="network")
    news = NewsIndexPageFactory(parent=home)
    NewsPageFactory(parent=news, title="New CT scanner opens", date=timezone.localdate())
    RoundupIndexPageFactory(parent=home)
    # The footer's pages, which the demo seeds as standard pages (portal.public_pages).
    for slug in ("about", "contact", "accessibility-statement", "privacy-notice"):
        StandardPageFactory(parent=home, slug=slug, title=slug.replace("-", " ").capitalize())
    return world


AREAS = {
    "Events": lambda s: s.events_url,
    "SIGs and protocols": lambda s: reverse("sigs:index"),
    "How we are governed": lambda s: s.index.url,
    "the decision register": lambda s: reverse("governance:decision_register"),
    "Publications": lambda s: s.publications_url,
    "News": lambda s: s.news_url,
    "Round-up archive": lambda s: s.roundup_url,
    "Round-up subscribe": lambda s: reverse("roundup:subscribe"),
    "certificate check": lambda s: reverse("cpd:verify_start"),
}


def people(world):
    return {
        "anonymous": None,
        "member": world.member,
        "volunteer": world.lay_member,
        "chair": world.chair,
        "comms": comms_person(),
    }


@pytest.mark.parametrize("who", ["anonymous", "member", "volunteer", "chair", "comms"])
def test_every_internal_link_works_and_every_area_is_two_clicks_away(client, site, who):
    person = people(site)[who]
    if person is not None:
        client.force_login(person)
    results, found_on = crawl(client)

    broken = {
        url: (status, found_on.get(url))
        for url, (status, _) in results.items()
        if status not in (200, 301, 302)
    }
    assert broken == {}, f"broken links (status, found on): {broken}"
    assert len(results) > 20  # the crawl really went round the site

    from wagtail.models import Page

    def url_of(model_name):
        return Page.objects.live().get(content_type__model=model_name).url

    site.events_url = url_of("eventindexpage")
    site.publications_url = url_of("publicationindexpage")
    site.news_url = url_of("newsindexpage")
    site.roundup_url = url_of("roundupindexpage")
    too_far = {
        area: results.get(url(site), (None, None))[1]
        for area, url in AREAS.items()
        if results.get(url(site), (None, 99))[1] > 2
    }
    assert too_far == {}, f"areas not within two clicks of the home page: {too_far}"
