"""The header's navigation for each kind of person, in a real browser at 1280 and 320 px:
the right links, the NHS.UK "More" menu by keyboard alone at 320 px, and axe (issue 18); the
header's script under the enforced Content-Security-Policy, with nothing blocked (issue 15)."""

import re

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from playwright.sync_api import expect

from portal.navigation import PAGE_URLS_CACHE_KEY
from tests.events.factories import EventIndexPageFactory
from tests.plugins.browser import DESKTOP, NARROW
from tests.portal.factories import PASSWORD, UserFactory
from tests.publications.factories import NewsIndexPageFactory, PublicationIndexPageFactory
from tests.roundup.factories import RoundupIndexPageFactory, comms_person

pytestmark = pytest.mark.browser

PUBLIC_AREAS = [
    "Events",
    "SIGs and protocols",
    "How we are governed",
    "Publications",
    "News",
    "Round-up",
]
OWN_AREAS = {"My network", "My bookings", "My CPD", "My actions"}
ROLE_ONLY = {"Papers to review", "Round-up sending", "Admin"}


@pytest.fixture
def site(world):
    for factory in (
        EventIndexPageFactory,
        PublicationIndexPageFactory,
        NewsIndexPageFactory,
        RoundupIndexPageFactory,
    ):
        factory(parent=world.home)
    cache.delete(PAGE_URLS_CACHE_KEY)
    return world


def person_for(site, who):
    if who == "anonymous":
        return None
    if who == "member":
        return site.member
    if who == "volunteer":
        return site.lay_member
    if who == "comms":
        return comms_person()
    editor = UserFactory()
    editor.groups.add(Group.objects.get(name="Editors"))
    return editor


# Which of the role-only links each person sees, besides their own areas.
EXPECTED_ROLE_LINKS = {
    "anonymous": set(),
    "member": set(),
    "volunteer": {"Papers to review"},
    "comms": {"Round-up sending", "Admin"},
    "editor": {"Admin"},
}


def sign_in_as(page, person):
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(person.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("banner").get_by_role("button", name="Sign out")).to_be_visible()


def account_labels(page):
    links = page.get_by_role("navigation", name="Account").get_by_role("link")
    return {label.strip() for label in links.all_inner_texts()}


@pytest.mark.parametrize("width", [DESKTOP["width"], NARROW["width"]])
@pytest.mark.parametrize("who", ["anonymous", "member", "volunteer", "comms", "editor"])
def test_the_header_shows_each_person_what_applies_to_them(page, site, axe_violations, who, width):
    person = person_for(site, who)
    if person is not None:
        sign_in_as(page, person)
    # Each width is loaded afresh, as a phone would (the Wagtail userbar editors see keeps its
    # desktop position after a resize, which is not what a 320 px reader meets).
    page.set_viewport_size({**DESKTOP, "width": width})
    page.goto("/")

    menu = page.get_by_role("navigation", name="Menu")
    for label in PUBLIC_AREAS:
        # At 320 px the areas that do not fit wait, hidden, under "More" (tested below).
        link = menu.get_by_role("link", name=label, exact=True, include_hidden=True)
        expect(link).to_be_attached()
    labels = account_labels(page)
    if person is None:
        assert {"Sign in", "Join the network"} <= labels
        assert not labels & (OWN_AREAS | ROLE_ONLY)
    else:
        assert labels >= OWN_AREAS
        assert labels & ROLE_ONLY == EXPECTED_ROLE_LINKS[who]
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"at {width}px the page scrolls sideways by {overflow}px"
    assert axe_violations(page) == ""


@pytest.mark.parametrize("who", ["anonymous", "member"])
def test_at_320px_the_more_menu_works_by_keyboard_alone(page, site, axe_violations, who):
    person = person_for(site, who)
    if person is not None:
        sign_in_as(page, person)
    page.set_viewport_size(NARROW)
    page.goto("/")
    toggle = page.get_by_role("button", name="More")
    expect(toggle).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    for _ in range(60):
        page.keyboard.press("Tab")
        if toggle.evaluate("element => element === document.activeElement"):
            break
    else:
        raise AssertionError("Tab never reached the More button")
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    # The areas that did not fit are now listed under the button; Tab reaches one and Enter
    # follows it.
    hidden_area = page.locator(".nhsuk-header__menu-list .nhsuk-header__navigation-link").first
    expect(hidden_area).to_be_visible()
    target = hidden_area.get_attribute("href")
    for _ in range(20):
        page.keyboard.press("Tab")
        if hidden_area.evaluate("element => element === document.activeElement"):
            break
    else:
        raise AssertionError("Tab never reached the areas under More")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(target)
    assert axe_violations(page) == ""


# Reported by the page itself as well as by Chromium's console, in case either stays quiet.
REPORT_CSP_VIOLATIONS = """
document.addEventListener('securitypolicyviolation', (event) => console.error(
  `CSP violation: ${event.disposition} ${event.effectiveDirective} ${event.blockedURI}`
  + ` at ${event.sourceFile}:${event.lineNumber}`
));
"""


@pytest.mark.parametrize("who", ["anonymous", "member"])
def test_the_enforced_csp_blocks_nothing_and_the_header_still_collapses_at_320px(page, site, who):
    """Issue 15: the Content-Security-Policy is enforced on the public site (not only reported)
    and the NHS.UK header's script still runs under it: at 320 px the areas that do not fit
    move under "More", at once on load and again after a resize from desktop width."""
    problems = []
    page.add_init_script(REPORT_CSP_VIOLATIONS)
    page.on(
        "console",
        lambda message: (
            problems.append(message.text)
            if "CSP violation" in message.text or "Content Security Policy" in message.text
            else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    person = person_for(site, who)
    urls = ["/"]
    if person is not None:
        sign_in_as(page, person)
        urls.append("/my/")  # a signed-in page
    for url in urls:
        page.set_viewport_size(DESKTOP)
        response = page.goto(url)
        assert response.status == 200
        assert "script-src 'self';" in response.headers["content-security-policy"]
        assert "content-security-policy-report-only" not in response.headers
        assert "camera=()" in response.headers["permissions-policy"]
        expect(page.locator("body")).to_have_class(re.compile(r"\bnhsuk-frontend-supported\b"))
        toggle = page.get_by_role("button", name="More")
        expect(toggle).to_be_hidden()  # everything fits at desktop width
        page.set_viewport_size(NARROW)
        expect(toggle).to_be_visible()
        page.reload()
        expect(toggle).to_be_visible()
        expect(toggle).to_have_attribute("aria-expanded", "false")
        toggle.click()
        expect(toggle).to_have_attribute("aria-expanded", "true")
        expect(
            page.locator(".nhsuk-header__menu-list .nhsuk-header__navigation-link").first
        ).to_be_visible()
    assert problems == []
