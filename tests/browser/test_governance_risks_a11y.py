"""Every risk register page in a real browser, scanned by axe (WCAG 2.2 A/AA) at desktop width
and at 320 CSS pixels, with forms shown with their errors."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from governance.risks import services
from governance.risks.models import Risk
from tests.governance.fixtures_risks import RiskFactory, risk_fields
from tests.portal.factories import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def register(risk_world):
    """Enough risks for two pages, in every band, some escalated, some overdue, one closed."""
    today = timezone.localdate()
    for n in range(30):
        RiskFactory(
            group=risk_world.sig if n % 2 else risk_world.board,
            owner=risk_world.sig_member,
            title=f"Imaging risk {n}",
            current_consequence=1 + n % 5,
            current_likelihood=1 + (n // 5) % 5,
            next_review_date=today + dt.timedelta(days=-10 if n % 7 == 0 else 40),
        )
    RiskFactory(group=risk_world.sig, status=Risk.Status.CLOSED, closure_reason="Vacancies filled")
    risk = services.open_risk(
        risk_world.sig,
        by=risk_world.sig_chair,
        **risk_fields(3, 3, owner=risk_world.sig_member, title="Outsourcing spend"),
    )
    services.change_score(
        risk, consequence=5, likelihood=4, reason="£32M outsourcing spend", by=risk_world.sig_chair
    )
    return risk


def test_risk_pages_have_no_wcag_violations(page, scans, sign_in, risk_world, register):
    sig = risk_world.sig
    sign_in(page, risk_world.sig_chair.email, PASSWORD)

    page.goto(f"/governance/risks/group/{sig.pk}/")
    scans.check("group risk register", "Risk register", narrow_axe=True)
    page.get_by_text("Filter and sort the register").click()
    page.get_by_label("Band").select_option("extreme")
    page.get_by_role("button", name="Show risks").click()
    expect(page).to_have_url(re.compile("band=extreme"))
    scans.check("group risk register, filtered", "Risk register", narrow_axe=True)

    page.goto(f"/governance/risks/group/{sig.pk}/heat-map/")
    scans.check("group heat map", "Risk heat map", narrow_axe=True)

    page.goto(f"/governance/risks/{register.reference}/")
    scans.check("risk detail", "Outsourcing spend", narrow_axe=True)

    page.get_by_role("link", name="Edit the risk").click()
    scans.check("edit a risk", "Edit the risk", narrow_axe=True)
    page.get_by_label("Current likelihood").select_option("5")
    page.get_by_label("Status").select_option("closed")
    page.get_by_role("button", name="Save the risk").click()
    expect(page.get_by_role("alert")).to_contain_text("Give a reason for closing the risk.")
    scans.check("edit a risk with errors", "Edit the risk", narrow_axe=True)

    page.goto(f"/governance/risks/{register.reference}/review/")
    scans.check("record a review", "Record a review", narrow_axe=True)
    page.get_by_label("Date of the review").fill("")
    page.get_by_role("button", name="Record the review").click()
    expect(page.get_by_role("alert")).to_contain_text("This field is required.")
    scans.check("record a review with an error", "Record a review", narrow_axe=True)

    page.goto(f"/governance/risks/group/{sig.pk}/new/")
    scans.check("add a risk", "Add a risk", narrow_axe=True)
    page.get_by_role("button", name="Add the risk").click()
    expect(page.get_by_role("alert")).to_contain_text("This field is required.")
    scans.check("add a risk with errors", "Add a risk", narrow_axe=True)

    scans.assert_clean()


def test_network_risk_pages_have_no_wcag_violations(page, scans, sign_in, risk_world, register):
    sign_in(page, risk_world.exec_member.email, PASSWORD)
    page.goto("/governance/risks/")
    scans.check("network risk register", "Network risk register", narrow_axe=True)
    page.get_by_role("link", name="Page 2").click()
    scans.check("network risk register, page 2", "Network risk register", narrow_axe=True)
    page.goto("/governance/risks/heat-map/")
    scans.check("network heat map", "Risk heat map", narrow_axe=True)
    page.goto("/governance/risks/overdue-reviews/")
    scans.check("overdue reviews", "Risks overdue for review", narrow_axe=True)
    page.goto(f"/governance/risks/group/{risk_world.board.pk}/")
    scans.check("parent register with escalated risks", "Risk register", narrow_axe=True)

    page.goto(f"/governance/risks/group/{risk_world.world.other_group.pk}/")
    expect(page.locator("h1")).to_have_text("Page not found")
    scans.assert_clean()


def test_escalated_risks_on_the_next_meeting_agenda_have_no_wcag_violations(
    page, scans, sign_in, risk_world, register
):
    """The Operational Board's next meeting lists the MRI SIG risk escalated to it."""
    meeting = risk_world.world.meeting
    sign_in(page, risk_world.world.member.email, PASSWORD)
    page.goto(meeting.url)
    escalated = page.get_by_role("region", name="Escalated risks")
    expect(escalated).to_contain_text("Outsourcing spend")
    expect(escalated).to_contain_text("Escalated from MRI SIG")
    scans.check("meeting agenda with escalated risks", meeting.title, narrow_axe=True)
    scans.assert_clean()
