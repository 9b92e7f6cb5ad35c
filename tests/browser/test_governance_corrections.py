"""A chair corrects a recorded decision with the keyboard alone: the form, its mistakes and
the correction saved with a reason, scanned by axe (WCAG 2.2 A/AA) at desktop width and 320px."""

import datetime as dt

import pytest
from playwright.sync_api import expect
from wagtail.models import PageLogEntry

from governance.models import Decision
from governance.services import records
from governance.visibility import Visibility
from tests.browser.test_keyboard import focused, follow_with_enter, tab_to
from tests.governance.factories import AgendaItemFactory
from tests.portal.factories import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def decided(world, clock_after):
    """A decision of the world's meeting, recorded once the meeting was under way."""
    meeting = world.meeting
    clock_after(meeting)
    item = AgendaItemFactory(meeting=meeting, title="Regional PACS", visibility=Visibility.PUBLIC)
    return records.record_decision(
        meeting,
        text="Agreed the PACS business case.",
        agenda_item=item,
        votes_for=5,
        by=world.chair,
    )


def test_a_chair_corrects_a_decision_with_the_keyboard(page, scans, sign_in, world, decided):
    meeting = world.meeting
    sign_in(page, world.chair.email, PASSWORD)
    page.goto(meeting.url)
    tab_to(page, page.get_by_role("link", name=f"Correct decision {decided.reference}"), most=80)
    follow_with_enter(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Correct decision {decided.reference}"
    )
    scans.check("correct a decision", f"Correct decision {decided.reference}", narrow_axe=True)

    text = page.get_by_label("What was decided")
    tab_to(page, text, most=40)
    page.keyboard.press("Control+a")
    page.keyboard.type("Agreed the revised PACS business case.")
    tab_to(page, page.get_by_role("button", name="Save the correction"))
    page.keyboard.press("Enter")
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Give a reason for the correction.")
    expect(page.get_by_label("What was decided")).to_have_value(
        "Agreed the revised PACS business case."
    )
    scans.check(
        "correct a decision with an error",
        f"Correct decision {decided.reference}",
        narrow_axe=True,
    )

    # The error summary links to the field; following it with the keyboard lands there.
    tab_to(page, summary.get_by_role("link"), most=40)
    page.keyboard.press("Enter")
    expect(focused(page)).to_have_attribute("name", "reason")
    page.keyboard.type("The revised case was the one tabled.")
    follow_with_enter(page)
    expect(page.get_by_text(f"Decision {decided.reference} was corrected.")).to_be_visible()
    scans.check("meeting page after a correction", world.meeting.title, narrow_axe=True)
    scans.assert_clean()

    decision = Decision.objects.get(pk=decided.pk)
    assert decision.text == "Agreed the revised PACS business case."
    assert decision.decided_on == decided.decided_on
    entry = PageLogEntry.objects.get(page=meeting, action="governance.record.correct")
    assert entry.user == world.chair
    assert entry.data["reason"] == "The revised case was the one tabled."
    assert entry.timestamp > meeting.start - dt.timedelta(minutes=1)
