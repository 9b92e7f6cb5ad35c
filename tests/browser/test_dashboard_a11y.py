"""Every dashboard page in a real browser, scanned by axe (WCAG 2.2 A/AA) at desktop width and
at 320 CSS pixels, with the report's figures loaded and a year of meetings behind the
governance-health pages."""

import io
import re

import pytest
from playwright.sync_api import expect

from governance.models import Attendance
from portal import demo as portal_demo
from publications.dashboard import demo
from publications.dashboard.models import DashboardSettings
from tests.dashboard.factories import attend, held_meeting
from tests.governance.factories import ActionFactory
from tests.portal.factories import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def dashboard(world):
    portal_demo.load_organisations()
    demo.load(io.StringIO())
    for n in range(3):
        meeting = held_meeting(world.board, 30 + 40 * n, slug=f"held-{n}")
        attend(
            meeting,
            chair=(world.chair, Attendance.Status.PRESENT),
            member=(world.member, Attendance.Status.APOLOGIES),
        )
        ActionFactory(meeting=meeting, owner=world.member)
    settings = DashboardSettings.load()
    settings.public_summary_enabled = True
    settings.save()
    return world


def test_dashboard_pages_have_no_wcag_violations(page, scans, sign_in, dashboard):
    sign_in(page, dashboard.chair.email, PASSWORD)
    page.get_by_role("banner").get_by_role("link", name="Dashboard").click()
    scans.check("overview", "Network dashboard", narrow_axe=True)
    expect(page.get_by_text("Developing – 9.59").first).to_be_visible()

    page.get_by_role("link", name="Each submission with its evidence").click()
    scans.check("maturity matrix", "Maturity matrix", narrow_axe=True)

    page.goto("/dashboard/quality-standard-for-imaging/")
    scans.check("QSI by trust", "Quality Standard for Imaging by trust", narrow_axe=True)

    page.goto("/dashboard/qsin-gap-analysis/")
    scans.check("QSIN", "QSIN gap analysis", narrow_axe=True)

    page.goto("/dashboard/five-year-plan/")
    scans.check("plan", "5-year plan", narrow_axe=True)

    page.goto("/dashboard/governance/meetings/")
    scans.check("meetings", "Meetings, attendance and quorum", narrow_axe=True)
    page.get_by_label("To").fill("2020-01-01")
    page.get_by_role("button", name="Show this period").click()
    expect(page.locator(".nhsuk-error-message").first).to_be_visible()
    scans.check("meetings, period in error", "Meetings, attendance and quorum")

    page.goto("/dashboard/governance/trusts/")
    scans.check("by trust", "Governance health by trust", narrow_axe=True)

    page.goto("/dashboard/governance/actions/")
    scans.check("actions", "Actions agreed", narrow_axe=True)
    page.get_by_role("link", name="Overdue").click()
    expect(page).to_have_url(re.compile("status=overdue"))

    page.goto("/dashboard/governance/lay-review/")
    scans.check("lay review", "Papers reviewed by patient volunteers")

    page.goto("/dashboard/governance/events/")
    scans.check("events", "Events and CPD")

    page.goto("/dashboard/our-year/")
    scans.check("our year", "“Our year” data pack", narrow_axe=True)
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Download the data pack as a PDF")).click()
    assert download.value.suggested_filename.endswith(".pdf")

    page.goto("/dashboard/public/")
    scans.check("public summary", "Our progress")
    scans.assert_clean()
