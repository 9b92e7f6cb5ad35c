"""Comms manage round-up subscribers in the Wagtail admin, in a real browser: the list with its
counts, search and filters, a subscriber's history, unsubscribing by hand and an import, each
page scanned by axe."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from publications.roundup.models import Subscriber
from tests.portal.factories import PASSWORD

from .factories import SubscriberFactory, comms_person

pytestmark = pytest.mark.browser


def test_comms_find_a_subscriber_read_their_history_and_unsubscribe_them(
    page, scans, sign_in, site, tmp_path
):
    comms = comms_person(first_name="Callum")
    SubscriberFactory(email="robin@partner.example", first_name="Robin")
    SubscriberFactory(email="pat@partner.example", status=Subscriber.Status.PENDING)
    sign_in(page, comms.email, PASSWORD)

    page.goto(reverse("roundup_subscribers:index"))
    scans.check("subscriber list", "Round-up subscribers")
    expect(page.get_by_role("table", name="Subscribers by status")).to_be_visible()
    page.get_by_role("textbox", name="Search term").fill("robin")
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name="robin@partner.example")).to_be_visible()
    expect(page.get_by_text("pat@partner.example")).to_have_count(0)

    page.get_by_role("link", name="robin@partner.example").click()
    expect(page.locator("h1")).to_contain_text("Inspect")
    scans.check("a subscriber", re.compile("Inspect"))
    page.get_by_label("Reason").fill("Asked by phone")
    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.get_by_text("is unsubscribed and on the suppression list")).to_be_visible()
    expect(page.get_by_role("cell", name="Unsubscribed", exact=True)).to_be_visible()
    scans.check("a subscriber, unsubscribed", re.compile("Inspect"))

    page.goto(reverse("roundup_subscribers:import"))
    scans.check("import form", "Import subscribers")
    upload = tmp_path / "people.csv"
    upload.write_text("email\nnew@partner.example\nnot an address\n", encoding="utf-8")
    page.get_by_label("CSV file").set_input_files(upload)
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_text("Line 3: “not an address” is not an email address")).to_be_visible()
    scans.check("import summary", "Import subscribers")
    assert Subscriber.objects.get(email="new@partner.example").status == "pending"
    scans.assert_clean()
