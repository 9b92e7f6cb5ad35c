"""A meeting from start to finish in a real browser: the chair creates and publishes it in the
Wagtail admin, adds a paper, a member downloads it, and an anonymous visitor cannot."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from governance.models import AgendaItem, MeetingPage, Paper
from tests.governance.fixtures_meetings import cached_pdf
from tests.portal.factories import PASSWORD

pytestmark = pytest.mark.browser


def publish(page):
    """Wagtail keeps Publish in the menu beside "Save draft"."""
    page.locator("footer").get_by_role("button", name="More actions").click()
    page.locator("footer").get_by_role("button", name="Publish").click()


def test_chair_creates_a_meeting_adds_a_paper_and_a_member_downloads_it(
    page, browser, live_server, world, sign_in, immediate_tasks
):
    sign_in(page, world.chair.email, PASSWORD)
    page.goto(f"/admin/pages/{world.board.pk}/add_subpage/")
    page.get_by_role("link", name=re.compile("^Meeting")).click()
    page.locator("#id_title").fill("Operational Board, September")
    page.locator("#id_start").fill("2030-09-10 10:00")
    page.locator("#id_end").fill("2030-09-10 12:30")
    page.locator("#id_location").fill("Committee room 2, Walsall Manor Hospital")
    page.locator("#id_join_url").fill("https://meet.example/september-board")
    for title, visibility in [
        ("Regional PACS procurement", "group"),
        ("Patient experience survey", "public"),
    ]:
        page.get_by_role("button", name="Add agenda item").first.click()
        form = page.locator("[id^='inline_child_agenda_items-']").last
        form.locator("input[name$='-title']").fill(title)
        form.locator("select[name$='-visibility']").select_option(visibility)
    publish(page)
    expect(page.get_by_text("published", exact=False).first).to_be_visible()

    meeting = MeetingPage.objects.get(title="Operational Board, September")
    assert meeting.live
    titles = [item.title for item in meeting.agenda_items.all()]
    # the standard opening is added before the chair's own items
    assert titles == [
        "Minutes of the last meeting",
        "Matters arising",
        "Actions carried forward",
        "Regional PACS procurement",
        "Patient experience survey",
    ]

    page.goto(meeting.url)
    expect(page.locator("h1")).to_have_text("Operational Board, September")
    expect(page.get_by_text("Tuesday 10 September 2030, 10:00 to 12:30 (UK time)")).to_be_visible()
    page.get_by_role("link", name="Add a paper", exact=True).click()
    page.get_by_label("Agenda item").select_option(label="4. Regional PACS procurement")
    page.get_by_label("Title").fill("PACS options appraisal")
    page.get_by_label("File").set_input_files(
        {
            "name": "PACS options appraisal.pdf",
            "mimeType": "application/pdf",
            "buffer": cached_pdf("Options for the regional PACS"),
        }
    )
    page.get_by_role("button", name="Add the paper").click()
    expect(page.get_by_role("alert")).to_contain_text("“PACS options appraisal” (version 1)")
    paper = Paper.objects.get(title="PACS options appraisal")
    assert paper.visibility == "group"  # the item's, as the form defaults to
    assert MeetingPage.objects.get(pk=meeting.pk).full_pack_id is not None

    member = browser.new_context(base_url=live_server.url)
    member_page = member.new_page()
    sign_in(member_page, world.member.email, PASSWORD)
    member_page.goto(meeting.url)
    expect(member_page.get_by_role("link", name="Join the meeting online")).to_be_visible()
    link = member_page.get_by_role("link", name="PACS options appraisal")
    with member_page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "PACS_options_appraisal.pdf"
    with open(download.value.path(), "rb") as handle:
        assert handle.read() == cached_pdf("Options for the regional PACS")
    expect(member_page.get_by_role("link", name=re.compile("full board pack"))).to_be_visible()
    member.close()

    visitor = browser.new_context(base_url=live_server.url)
    visitor_page = visitor.new_page()
    visitor_page.goto(meeting.url)
    expect(visitor_page.locator("h1")).to_have_text("Operational Board, September")
    content = visitor_page.content()
    assert "PACS options appraisal" not in content
    assert "Regional PACS procurement" not in content
    assert "4. Confidential item" in content
    assert "Patient experience survey" in content
    assert "september-board" not in content
    download_url = reverse("governance:paper_download", args=[paper.pk])
    assert visitor_page.request.get(download_url).status == 404
    assert visitor_page.goto(download_url).status == 404
    visitor.close()
    assert AgendaItem.objects.filter(meeting=meeting).count() == 5
