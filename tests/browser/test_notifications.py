"""The notifications list and the preferences page, in Chromium with axe: reached from the
header's unread count, read and marked read by keyboard, choices saved with a confirmation."""

import re

import pytest
from playwright.sync_api import expect

from portal.notifications.services import notify
from tests.portal.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.browser


def test_notifications_and_preferences(page, scans, sign_in, world):
    person = world.member
    notify([person], "governance.minutes_circulated", "Draft minutes to read: May", "/", key="1")
    notify([person], "governance.action_assigned", "New action for you", "/", key="2")
    sign_in(page, person.email, PASSWORD)

    header = page.get_by_role("banner")
    header.get_by_role("link", name=re.compile(r"^Notifications\W+2 unread$")).click()
    scans.check("notifications, two unread", "Your notifications", narrow_axe=True)
    expect(page.get_by_text("You have 2 unread notifications.")).to_be_visible()

    page.get_by_role("button", name="Mark as read: New action for you").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Marked as read: New action for you")).to_be_visible()
    expect(
        header.get_by_role("link", name=re.compile(r"^Notifications\W+1 unread$"))
    ).to_be_visible()
    page.get_by_role("button", name="Mark all as read").click()
    expect(header.get_by_role("link", name="Notifications", exact=True)).to_be_visible()
    scans.check("notifications, all read", "Your notifications")

    page.get_by_role("link", name="Choose how you are told").click()
    scans.check("notification preferences", "How you are told", narrow_axe=True)
    group = page.get_by_role("group", name="Minutes circulated")
    group.get_by_label("Email me once a day, in a daily digest").check()
    page.get_by_role("button", name="Save your choices").click()
    expect(page.get_by_text("Your notification choices have been saved.")).to_be_visible()
    expect(
        page.get_by_role("group", name="Minutes circulated").get_by_label(
            "Email me once a day, in a daily digest"
        )
    ).to_be_checked()
    scans.check("notification preferences, saved", "How you are told")
    # Changes to a booking are required, so they are stated, not offered as a choice.
    expect(page.get_by_text("Your bookings and waiting-list places")).to_be_visible()
    scans.assert_clean()


def test_an_empty_list_says_what_to_do_next(page, scans, sign_in, world):
    person = UserFactory()
    sign_in(page, person.email, PASSWORD)
    page.goto("/my/notifications/")
    scans.check("notifications, none yet", "Your notifications")
    expect(page.get_by_text("You have no notifications yet.")).to_be_visible()
    scans.assert_clean()
