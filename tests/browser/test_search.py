"""Searching in a real browser: the header's search box, filters, pages of results, a spelling
correction and signing in to find members' papers; each page scanned by axe (WCAG 2.2 A/AA)."""

import datetime as dt
import re

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from governance.search import fill_paper_text
from governance.visibility import Visibility
from tests.governance.factories import AgendaItemFactory, DecisionFactory, MeetingPageFactory
from tests.portal.factories import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def searchable(world, agenda, settings):
    """Public decisions enough for two pages, a meeting, and papers with their text read."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    cache.clear()
    item = AgendaItemFactory(meeting=world.meeting, visibility=Visibility.PUBLIC)
    for n in range(14):
        DecisionFactory(
            meeting=world.meeting,
            agenda_item=item,
            text=f"The board agreed stage {n} of the ultrasound replacement programme.",
            decided_on=dt.date(2024, 4, 1) + dt.timedelta(days=n),
        )
    MeetingPageFactory(parent=world.board, title="Ultrasound planning meeting", slug="us-plan")
    for paper in agenda.papers.values():
        fill_paper_text(paper.pk)
    return world


def test_searching_filtering_and_paging(page, scans, searchable):
    page.goto("/")
    header_search = page.get_by_role("search").first
    header_search.get_by_label("Search the network portal").fill("ultrasound")
    header_search.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", level=2, name="15 results for “ultrasound”")).to_be_visible()
    scans.check("search results", "Search", narrow_axe=True)

    page.get_by_role("navigation", name="Pagination").get_by_role("link", name="Page 2").click()
    expect(page.get_by_role("link", name="Page 2")).to_have_attribute("aria-current", "page")
    expect(page.locator("main ol > li")).to_have_count(5)

    page.get_by_label("Type").select_option(label="Meeting")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("heading", level=2)).to_contain_text(["1 result for “ultrasound”"])
    expect(page.get_by_role("link", name="Ultrasound planning meeting")).to_be_visible()

    page.get_by_label("Type").select_option(label="Decision")
    page.get_by_label("Dated on or after").fill("2024-04-10")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("heading", level=2)).to_contain_text(["5 results for “ultrasound”"])
    scans.check("filtered results", "Search")

    page.get_by_label("Dated on or before").fill("2024-04-01")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator(".nhsuk-error-message")).to_contain_text("on or after its start")
    scans.check("filters with a mistake", "Search")
    scans.assert_clean()


def test_a_correction_and_signing_in_to_find_members_papers(page, scans, searchable, sign_in):
    page.goto("/search/?query=ultrasuond")
    expect(page.get_by_text("There were no results for “ultrasuond”")).to_be_visible()
    expect(page.locator("mark").first).to_have_text(re.compile("ultrasound", re.I))
    scans.check("corrected search", "Search")

    page.goto("/search/?query=xkcon")
    expect(page.get_by_role("heading", level=2, name="0 results for “xkcon”")).to_be_visible()
    expect(page.get_by_text("Paper for confidential eyes")).to_have_count(0)
    scans.check("nothing found", "Search")

    sign_in(page, searchable.member.email, PASSWORD)
    page.goto("/search/?query=xkcon")
    expect(page.get_by_role("link", name="Paper for confidential eyes zpcon")).to_be_visible()
    expect(page.locator("mark", has_text="xkcon")).to_be_visible()
    page.goto("/search/")
    scans.check("empty search page", "Search")
    scans.assert_clean()
