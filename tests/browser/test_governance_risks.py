"""Re-scoring a risk in a real browser: the reason is asked for, then kept in the history."""

import re

import pytest
from playwright.sync_api import expect

from governance.risks import services
from tests.governance.fixtures_risks import risk_fields
from tests.portal.factories import PASSWORD

pytestmark = pytest.mark.browser


def test_the_owner_raises_a_score_giving_a_reason(page, sign_in, risk_world):
    risk = services.open_risk(
        risk_world.sig,
        by=risk_world.sig_chair,
        **risk_fields(3, 4, owner=risk_world.sig_member, title="Report turnaround times"),
    )
    sign_in(page, risk_world.sig_member.email, PASSWORD)
    page.goto(f"/governance/risks/group/{risk_world.sig.pk}/")
    page.get_by_role("link", name=re.compile("Report turnaround times")).click()
    expect(page.locator("h1")).to_have_text("Report turnaround times")
    page.get_by_role("link", name="Edit the risk").click()

    page.get_by_label("Current consequence").select_option("4")
    page.get_by_role("button", name="Save the risk").click()
    expect(page.get_by_role("alert")).to_contain_text("Give a reason for changing the score.")
    expect(page.get_by_label("Current consequence")).to_have_value("4")

    page.get_by_label("Reason for changing the score").fill(
        "Reporting backlog has doubled since the outsourcing contract ended"
    )
    page.get_by_role("button", name="Save the risk").click()
    expect(page.get_by_role("alert")).to_contain_text(f"Risk {risk.reference} saved.")
    expect(page.locator("main")).to_contain_text("Rising from 12")
    history = page.get_by_role("table", name="Every change of the current score, newest first")
    expect(history).to_contain_text("Reporting backlog has doubled")
    expect(history).to_contain_text("12 to 16")
    expect(history).to_contain_text("Escalated to the Operational Board and Executive Board")

    risk.refresh_from_db()
    assert risk.current_score == 16
