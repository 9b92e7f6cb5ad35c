"""The meeting pages in a real browser: the meeting page as each audience sees it, and the pages
that run a meeting (papers, attendance, minutes, decisions, actions), forms with mistakes
included, scanned by axe (WCAG 2.2 A/AA) at desktop width and at 320 CSS pixels."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from governance.models import Attendance
from governance.services import packs, records
from governance.services.meetings import add_paper, record_attendance
from governance.visibility import Visibility
from tests.governance.factories import (
    ActionFactory,
    AgendaItemFactory,
    DecisionFactory,
    InterestFactory,
    MeetingPageFactory,
)
from tests.governance.fixtures_meetings import upload
from tests.portal.factories import PASSWORD

pytestmark = pytest.mark.browser

MEETING = "Operational Board, May"


def expect_one_error_summary(page, text):
    """A form sent back with mistakes shows one NHS.UK error summary (the page's only alert),
    never a second copy of it."""
    expect(page.locator(".nhsuk-error-summary")).to_have_count(1)
    expect(page.get_by_role("alert")).to_have_count(1)
    expect(page.get_by_role("alert")).to_contain_text(text)


@pytest.fixture
def held(world, agenda, clock_after):
    """The world's meeting with everything a meeting page can show; the clock is set to when
    the meeting was under way (records are kept from then), then to the July meeting's start,
    where the minutes may be approved."""
    meeting = agenda.meeting
    clock_after(meeting)
    earlier = MeetingPageFactory(
        parent=world.board, title="March", start=meeting.start - dt.timedelta(days=60)
    )
    today = timezone.localdate()
    for days in (-3, 7, 40):
        ActionFactory(meeting=earlier, owner=world.member, due=today + dt.timedelta(days=days))
    public = agenda.items[Visibility.PUBLIC]
    old = agenda.papers[Visibility.PUBLIC]
    add_paper(
        public,
        upload("v2.pdf", "Second version"),
        title=old.title,
        visibility=Visibility.PUBLIC,
        uploaded_by=world.chair,
        replaces=old,
        lay_summary="What the paper means for patients.",
    )
    DecisionFactory(meeting=meeting, agenda_item=public, votes_for=5, votes_against=0)
    ActionFactory(meeting=meeting, agenda_item=public, owner=world.member)
    InterestFactory(person=world.member, organisation="Acme PACS Ltd")
    for person in (world.chair, world.deputy, world.member):
        record_attendance(meeting, person, Attendance.Status.PRESENT, recorded_by=world.chair)
    for item in agenda.items.values():
        records.write_minute(item, f"Discussed {item.title}.", by=world.chair)
    records.circulate_minutes(meeting, by=world.chair)
    packs.build_packs(meeting.pk)
    later = MeetingPageFactory(
        parent=world.board, title="Operational Board, July", start=meeting.start + dt.timedelta(60)
    )
    AgendaItemFactory(meeting=later, title="Minutes of the last meeting")
    clock_after(later)
    return meeting


def test_the_meeting_page_has_no_wcag_violations_for_any_audience(
    page, scans, sign_in, world, held
):
    page.goto(held.url)
    scans.check("meeting page (anonymous)", MEETING, narrow_axe=True)
    page.goto(f"/governance/groups/{world.board.pk}/meetings/past/")
    expect(page.get_by_role("link", name="March")).to_be_visible()
    scans.check("past meetings", re.compile("Past meetings$"), narrow_axe=True)
    sign_in(page, world.member.email, PASSWORD)
    page.goto(held.url)
    page.get_by_text("Superseded versions").first.click()
    page.get_by_text("Who attended").click()
    scans.check("meeting page (member, details open)", MEETING, narrow_axe=True)
    response = page.goto(f"/governance/meetings/{held.pk}/attendance/")
    assert response.status == 403
    expect(page.get_by_text("Only the chair, deputy or secretary can do this.")).to_be_visible()
    scans.check("permission denied", "You do not have permission to see this page")
    sign_in(page, world.chair.email, PASSWORD)
    page.goto(held.url)
    expect(page.get_by_text("Possible conflicts of interest")).to_be_visible()
    scans.check("meeting page (chair: manage panel, conflicts)", MEETING, narrow_axe=True)
    scans.assert_clean()


def test_the_pages_that_run_a_meeting_have_no_wcag_violations(
    page, scans, sign_in, world, held, agenda
):
    sign_in(page, world.secretary.email, PASSWORD)
    page.goto(held.url)
    page.get_by_role("link", name="Add a paper", exact=True).click()
    scans.check("add a paper", "Add a paper", narrow_axe=True)
    page.get_by_role("button", name="Add the paper").click()
    expect_one_error_summary(page, "This field is required.")
    scans.check("add a paper with errors", "Add a paper", narrow_axe=True)
    page.get_by_label("Agenda item").select_option(index=4)
    page.get_by_label("Title").fill("Not really a PDF")
    page.get_by_label("File").set_input_files(
        {"name": "trojan.pdf", "mimeType": "application/pdf", "buffer": b"MZ" + b"\0" * 300}
    )
    page.get_by_role("button", name="Add the paper").click()
    expect(page.get_by_role("alert")).to_contain_text("its content is not a PDF file")
    scans.check("add a paper with a bad file", "Add a paper", narrow_axe=True)

    page.goto(held.url)
    page.get_by_role("link", name="Record attendance").click()
    scans.check("attendance with quorum", "Attendance", narrow_axe=True)
    fieldset = page.locator("fieldset", has_text=world.lay_member.get_full_name())
    fieldset.get_by_label("Deputised").check()
    page.get_by_role("button", name="Save attendance").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter the email address")
    scans.check("attendance with an error", "Attendance", narrow_axe=True)

    page.goto(held.url)
    page.get_by_role("link", name="Write the minutes").click()
    scans.check("minutes (circulated, approve form)", "Minutes", narrow_axe=True)
    page.get_by_role("button", name="Approve the minutes").click()
    expect(page.get_by_role("alert")).to_contain_text("The minutes were approved")
    scans.check("minutes (approved, locked)", "Minutes", narrow_axe=True)
    page.get_by_text("Correct this minute").first.click()
    page.get_by_role("button", name="Save the correction").first.click()
    expect(page.get_by_role("alert")).to_contain_text("Give a reason for the correction.")
    scans.check("minutes with a correction error", "Minutes", narrow_axe=True)

    page.goto(held.url)
    page.get_by_role("link", name="Record a decision on item 4").click()
    scans.check("record a decision", "Record a decision", narrow_axe=True)
    page.get_by_label("What was decided").fill("")
    page.get_by_role("button", name="Record the decision").click()
    expect_one_error_summary(page, "This field is required.")
    scans.check("record a decision with errors", "Record a decision", narrow_axe=True)

    page.goto(held.url)
    page.get_by_role("link", name="Record an action on item 4").click()
    scans.check("record an action", "Record an action", narrow_axe=True)
    page.get_by_role("button", name="Record the action").click()
    expect_one_error_summary(page, "This field is required.")
    scans.check("record an action with errors", "Record an action", narrow_axe=True)
    scans.assert_clean()


def test_draft_minutes_page_has_no_wcag_violations(
    page, scans, sign_in, world, agenda, clock_after
):
    clock_after(agenda.meeting)
    sign_in(page, world.chair.email, PASSWORD)
    page.goto(f"/governance/meetings/{agenda.meeting.pk}/minutes/")
    scans.check("minutes (draft)", "Minutes", narrow_axe=True)
    page.get_by_label("4. ").fill("The board noted the item.")
    page.get_by_role("button", name="Save the minutes").click()
    expect(page.get_by_role("alert")).to_contain_text("The minutes were saved.")
    scans.check("minutes (draft, saved)", "Minutes", narrow_axe=True)
    scans.assert_clean()
