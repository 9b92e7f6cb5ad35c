"""Using the site with a keyboard alone: the skip link, visible focus, signing in."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

# NHS.UK frontend shows focus as a yellow highlight (box-shadow and/or outline).
FOCUS_IS_VISIBLE = """() => {
  const style = getComputedStyle(document.activeElement);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0
    && style.outlineColor !== "transparent" && style.outlineColor !== "rgba(0, 0, 0, 0)";
  return outline || style.boxShadow !== "none";
}"""


def focused(page):
    return page.locator(":focus")


def tab_to(page, target, most=25):
    """Press Tab until target has focus, checking each stop shows where focus is."""
    for _ in range(most):
        page.keyboard.press("Tab")
        assert page.evaluate(FOCUS_IS_VISIBLE), (
            f"no visible focus on {page.evaluate('document.activeElement.outerHTML')}"
        )
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"{most} presses of Tab did not reach {target}")


def follow_with_enter(page):
    """Press Enter and wait until the page it leads to has loaded (Tab before then is lost)."""
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_skip_link_is_first_and_moves_focus_to_main_content(page, demo_site):
    page.goto("/")
    page.keyboard.press("Tab")
    expect(focused(page)).to_have_text("Skip to main content")
    expect(focused(page)).to_be_in_viewport()  # it shows itself when focused
    assert page.evaluate(FOCUS_IS_VISIBLE)

    page.keyboard.press("Enter")
    expect(page.get_by_role("main")).to_be_focused()
    # The next Tab goes on from the main content, past the header's links.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")
    expect(focused(page)).to_have_text("Join the network")


def test_sign_in_with_the_keyboard_only(page, demo_site):
    page.goto("/")
    tab_to(page, page.get_by_role("banner").get_by_role("link", name="Sign in"))
    follow_with_enter(page)
    expect(page).to_have_url(re.compile("/accounts/login/$"))

    email = page.get_by_label("Email")
    password = page.get_by_label("Password")
    tab_to(page, email)
    page.keyboard.type("member@demo.example")
    tab_to(page, password)
    page.keyboard.type("wrong-password")
    tab_to(page, page.get_by_role("button", name="Sign in"))
    follow_with_enter(page)

    # The error summary takes focus, so it is read out first.
    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text(
        "The email address and/or password you specified are not correct."
    )
    tab_to(page, password)
    page.keyboard.type("network-demo")
    follow_with_enter(page)  # Enter in a field submits its form

    expect(page).to_have_url(re.compile("/my/$"))
    expect(
        page.get_by_role("banner").get_by_role("link", name=re.compile("Sam Taylor"))
    ).to_be_visible()
    # The "signed in" banner takes focus too.
    expect(page.get_by_role("alert")).to_be_focused()
    expect(page.get_by_role("alert")).to_contain_text("Successfully signed in")
