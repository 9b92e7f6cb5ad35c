"""A patient volunteer reads a paper and gives feedback using the keyboard alone, and the
chair answers it; the volunteer is emailed the answer."""

import pytest
from playwright.sync_api import expect

from governance.lay.models import LayFeedback
from governance.visibility import Visibility
from tests.portal.factories import PASSWORD

pytestmark = pytest.mark.browser


def is_focused(locator):
    return locator.evaluate("element => element === document.activeElement")


def tab_to(page, locator, limit=80):
    """Press Tab until `locator` has focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if is_focused(locator):
            return
    raise AssertionError(f"Tab never reached {locator}")


def keyboard_sign_in(page, email):
    page.goto("/accounts/login/")
    tab_to(page, page.get_by_label("Email"))
    page.keyboard.type(email)
    tab_to(page, page.get_by_label("Password"))
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("banner").get_by_role("button", name="Sign out")).to_be_visible()


def test_a_volunteer_reads_and_gives_feedback_by_keyboard_and_the_chair_answers(
    page, sign_in, scans, world, agenda, glossary, smtp_inbox, settings
):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    paper = agenda.papers[Visibility.GROUP]
    paper.lay_summary = "The network wants every hospital to share one PACS."
    paper.save()

    keyboard_sign_in(page, world.lay_member.email)
    header_link = page.get_by_role("banner").get_by_role("link", name="Papers to review")
    tab_to(page, header_link)
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Papers to review")
    scans.check("papers to review", "Papers to review")

    # The glossary term's definition shows on keyboard focus and is its accessible description.
    term = page.locator("dfn", has_text="PACS").first
    tab_to(page, term)
    tip = page.get_by_role("tooltip").filter(has_text="stores scans").first
    expect(tip).to_be_visible()
    expect(term).to_have_accessible_description(
        "Picture archiving and communication system: The system that stores scans."
    )
    page.keyboard.press("Escape")
    expect(tip).to_be_hidden()

    tab_to(page, page.get_by_role("link", name=f"Give feedback on {paper.title}"))
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text(paper.title)
    expect(page.get_by_text("Unread", exact=True)).to_be_visible()

    # Choose "Concern" with the arrow keys, write, rate 4 with the arrow keys, share it.
    tab_to(page, page.get_by_label("Question"))
    page.keyboard.press("ArrowRight")
    expect(page.get_by_label("Concern")).to_be_checked()
    page.keyboard.press("Tab")
    expect(page.get_by_label("Your feedback")).to_be_focused()
    page.keyboard.type("Will patients have to travel further for their scans?")
    tab_to(page, page.get_by_label("1 – very hard"))
    for _ in range(3):
        page.keyboard.press("ArrowDown")
    expect(page.get_by_label("4 – easy")).to_be_checked()
    tab_to(page, page.get_by_label("Raise this at the meeting"))
    page.keyboard.press("Space")
    tab_to(page, page.get_by_role("button", name="Send feedback"))
    page.keyboard.press("Enter")
    expect(page.get_by_text("Your feedback was sent to the chair")).to_be_visible()
    expect(page.get_by_text("Feedback given", exact=True).first).to_be_visible()
    scans.check("paper review after feedback", paper.title)
    feedback = LayFeedback.objects.get()
    assert (feedback.kind, feedback.ease, feedback.raise_at_meeting) == ("concern", 4, True)

    page.get_by_role("banner").get_by_role("button", name="Sign out").click()
    sign_in(page, world.chair.email, PASSWORD)
    page.goto(world.meeting.url)
    item = page.locator(f"#item-{paper.agenda_item_id}").locator("xpath=..")
    expect(item.get_by_text("Will patients have to travel further")).to_be_visible()
    item.get_by_role("link", name="Read the feedback").click()
    expect(page.locator("h1")).to_have_text(f"Concern on “{paper.title}”")
    page.get_by_label("Your answer").fill("No: the new sites are closer to where people live.")
    page.get_by_role("button", name="Send the answer").click()
    expect(page.get_by_text(f"Your answer was sent to {world.lay_member}")).to_be_visible()
    scans.check("feedback answered", f"Concern on “{paper.title}”")

    [email] = smtp_inbox.to(world.lay_member.email)
    assert "the new sites are closer" in smtp_inbox.text(email)
    scans.assert_clean()
