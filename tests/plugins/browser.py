"""Real-browser fixtures: Debian's Chromium, driven by Playwright, against the live server.

Browser tests run on a transactional database (the live server's thread must see the test's
rows), with serialized rollback so the rows migrations create (Wagtail's root page, the
Editors group) are back for every test. `playwright install` cannot download browsers on the
project's machines, so the suite always launches Debian's Chromium and is skipped without it.
"""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DEMO_PASSWORD = "network-demo"
OFF_SITE = re.compile(r"^https?://(?!(localhost|127\.0\.0\.1)[:/])")
DESKTOP = {"width": 1280, "height": 900}
NARROW = {"width": 320, "height": 800}  # WCAG 1.4.10: content reflows at 320 CSS pixels
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
NO_CHROMIUM = (
    f"browser tests need Debian's Chromium at {CHROMIUM} (apt-get install chromium); "
    "`playwright install` cannot download browsers here"
)


def pytest_collection_modifyitems(config, items):
    """Without Chromium, skip browser tests before any database is built for them."""
    if CHROMIUM.exists():
        return
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(pytest.mark.skip(reason=NO_CHROMIUM))


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole run; each test gets its own context."""
    if not CHROMIUM.exists():
        pytest.skip(NO_CHROMIUM)
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Entering Playwright switches this thread to a fresh contextvars context, where Django's
    # (context-local) connections start anew. If the test database was built before this, the
    # serialized copy that restores it between browser tests would be left behind: carry it.
    serialized = {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }
    # Playwright's sync API keeps an event loop running in the main thread; Django would
    # otherwise refuse the ORM calls tests make between browser steps.
    with pytest.MonkeyPatch.context() as env, sync_playwright() as playwright:
        env.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        for alias, contents in serialized.items():
            connections[alias]._test_serialized_contents = contents
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server, django_db_serialized_rollback, settings):
    """A fresh browser tab (own cookies) whose relative URLs go to the live server."""
    from django.core.cache import cache

    cache.clear()  # allauth's rate limits count in the cache, which outlives a test
    # Links in emails and feeds come from the one configured address: here, the live server.
    settings.PORTAL_BASE_URL = live_server.url
    context = browser.new_context(base_url=live_server.url, locale="en-GB", viewport=DESKTOP)
    # Generous limits: a busy CI machine can take seconds over a first page; a passing run
    # never waits for them.
    context.set_default_timeout(15_000)
    context.set_default_navigation_timeout(30_000)
    expect.set_options(timeout=10_000)
    # Nothing leaves the machine: NHS.UK frontend's web fonts (assets.nhs.uk) would otherwise
    # hold up each page's load event until the lookup fails; text falls back to Arial.
    context.route(OFF_SITE, lambda route: route.abort())
    tab = context.new_page()
    # The public site's Content-Security-Policy is enforced: anything it blocks (an inline
    # script, say) is a broken page, so a test that meets one fails. What the admin's
    # report-only policy notes (Chromium says "The policy is report-only") does not count.
    blocked = []

    def note_blocked(message):
        if "Content Security Policy" in message.text and "report-only" not in message.text:
            blocked.append(message.text)

    tab.on("console", note_blocked)
    yield tab
    context.close()
    assert not blocked, "the Content-Security-Policy blocked:\n" + "\n".join(blocked)


@pytest.fixture(scope="session")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


# Wagtail's userbar runs its own axe check when an editor's page loads, and axe refuses a
# second run while one is going; its "Issues found" counts are filled in when it is done.
USERBAR_CHECKED = """() => [...(document.querySelector('wagtail-userbar')?.shadowRoot
    ?.querySelectorAll('[data-content-checker-count]') ?? [])]
    .every(count => count.textContent !== '')"""


@pytest.fixture
def axe_violations(axe):
    """Scan the page with axe-core for WCAG 2.2 A/AA; returns a readable report, "" if clean."""

    def scan(page):
        # Its check of a long page on a busy machine has been seen to take more than 15 s.
        page.wait_for_function(USERBAR_CHECKED, timeout=60_000)
        results = axe.run(
            page,
            options={
                "runOnly": {"type": "tag", "values": WCAG_TAGS},
                "resultTypes": ["violations"],
            },
        )
        return results.generate_report() if results.violations_count else ""

    return scan


# Jump every animation that ends to its end: a message fading in is checked as it will stay, and
# Wagtail's 25-second "ping" on the sidebar's badge is not waited out.
SETTLED = """() => document.getAnimations()
    .filter(animation => animation.effect.getComputedTiming().endTime !== Infinity)
    .forEach(animation => animation.finish())"""


class Scans:
    """Runs axe on each page visited and keeps what it finds, by page.

    A script error counts too: NHS.UK frontend's scripts move focus to the main content, the
    error summary and success banners, and an error stops them.
    """

    def __init__(self, page, axe_violations):
        self.page = page
        self.axe_violations = axe_violations
        self.findings = {}
        self.script_errors = []
        page.on("pageerror", lambda error: self.script_errors.append(str(error)))

    def check(self, name, heading, *, narrow_axe=False):
        """Scan the page now shown, after checking it is the page we meant (by its h1).

        Every page is checked for reflow at 320px; axe runs there too for each layout
        (narrow_axe), where the header menu and grid columns change.
        """
        expect(self.page.locator("h1")).to_have_text(heading)
        found = [f"script error: {error}" for error in self.script_errors]
        self.script_errors.clear()
        self.page.evaluate(SETTLED)
        report = self.axe_violations(self.page)
        if report:
            found.append(f"at {DESKTOP['width']}px: {report}")
        self.page.set_viewport_size(NARROW)
        # The NHS.UK header moves menu links into "More" on the next animation frame after a
        # resize, as a person's browser would before they could scroll.
        self.page.evaluate(
            "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"
        )
        try:
            overflow = self.page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            if overflow > 0:
                found.append(f"at {NARROW['width']}px the page scrolls sideways by {overflow}px")
            if narrow_axe and (report := self.axe_violations(self.page)):
                found.append(f"at {NARROW['width']}px: {report}")
        finally:
            self.page.set_viewport_size(DESKTOP)
        if found:
            self.findings[f"{name} ({self.page.url})"] = "\n".join(found)

    def assert_clean(self):
        assert not self.findings, "\n\n".join(
            f"== {name}\n{report}" for name, report in self.findings.items()
        )


@pytest.fixture
def scans(page, axe_violations):
    """Accessibility findings for the pages a test visits; assert_clean() at the end."""
    return Scans(page, axe_violations)


@pytest.fixture
def sign_in():
    """Sign in through the real form, as a person would."""

    def sign_in(page, email, password=DEMO_PASSWORD):
        page.goto("/accounts/login/")
        page.get_by_label("Email").fill(email)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("banner").get_by_role("button", name="Sign out")).to_be_visible()

    return sign_in
