"""The round-up in a real browser: signing up and confirming, the preference centre, the
unsubscribe pages and the archive, each scanned by axe; then comms compose, preview, test and
send an issue from the Wagtail admin."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from publications.roundup.models import IssueSend, Subscriber
from publications.roundup.services import sending
from publications.roundup.services.tokens import confirmation_token, subscriber_token
from publications.services import sync_comms_editors
from tests.portal.factories import PASSWORD, UserFactory
from tests.roundup.factories import RoundupPageFactory, SubscriberFactory, comms_person

from .fixtures import run_send

pytestmark = pytest.mark.browser


def test_subscribing_preferences_unsubscribing_and_the_archive_are_accessible(
    page, scans, sign_in, site
):
    page.goto(reverse("roundup:subscribe"))
    scans.check("sign-up form", "Get the round-up by email")
    page.get_by_label("Email address").fill("not an address")
    page.get_by_label("Only the SIGs I choose below").check()
    page.get_by_role("button", name="Sign up").click()
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    scans.check("sign-up form with errors", "Get the round-up by email")

    page.get_by_label("Email address").fill("buyer@supplier.example")
    page.get_by_label("CT SIG").check()
    page.get_by_role("button", name="Sign up").click()
    scans.check("check your email", "Check your email")

    subscriber = Subscriber.objects.get(email="buyer@supplier.example")
    page.goto(reverse("roundup:confirm", args=[confirmation_token(subscriber)]))
    scans.check("confirm", "Confirm your subscription")
    page.get_by_role("button", name="Confirm my subscription").click()
    scans.check("confirmed", "You are subscribed")

    page.get_by_role("link", name="Choose the news you receive").click()
    scans.check("preferences by link", "Your round-up choices")
    page.get_by_label("Protocols").uncheck()
    page.get_by_role("button", name="Save my choices").click()
    expect(page.get_by_text("Your round-up choices have been saved")).to_be_visible()
    subscriber.refresh_from_db()
    assert subscriber.protocols is False

    page.goto(reverse("roundup:unsubscribe", args=[subscriber_token(subscriber)]))
    scans.check("unsubscribe", "Unsubscribe from the round-up")
    page.get_by_role("button", name="Unsubscribe").click()
    scans.check("unsubscribed", "You have been unsubscribed")
    page.goto(reverse("roundup:unsubscribe", args=["1:forged"]))
    scans.check("link problem", "This link does not work")

    issue = RoundupPageFactory(parent=site.archive)
    SubscriberFactory()
    run_send(sending.request_send(issue))
    page.goto(site.archive.url)
    scans.check("archive", "The weekly round-up")
    page.get_by_role("link", name=issue.title).click()
    scans.check("issue", issue.title)

    member = UserFactory()
    sign_in(page, member.email, PASSWORD)
    page.goto(reverse("profile"))
    page.get_by_role("link", name="Round-up emails").click()
    scans.check("member preferences", "Your round-up choices")
    scans.assert_clean()


def test_an_applicant_is_told_how_to_get_the_round_up(page, scans, sign_in, site):
    applicant = UserFactory(applicant=True)
    sign_in(page, applicant.email, PASSWORD)
    page.goto(reverse("roundup:preferences"))
    scans.check("not yet a member", "Your round-up choices")
    scans.assert_clean()


def test_comms_compose_preview_test_and_send_an_issue(page, scans, sign_in, site, smtp_inbox):
    comms = comms_person(first_name="Callum")
    SubscriberFactory(email="reader@partner.example", first_name="Robin")
    issue = RoundupPageFactory(parent=site.archive)
    sync_comms_editors()  # comms edit the round-up's section, as the demo and admin set up
    sign_in(page, comms.email, PASSWORD)

    page.goto(f"/admin/pages/{issue.pk}/edit/")
    page.locator("#id_introduction").fill("A busy week: two study days and a new MRI protocol.")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("has been updated")).to_be_visible()

    page.goto(reverse("roundup_admin:index"))
    scans.check("issue list", "Round-up sending")
    page.get_by_role("link", name=issue.title).click()
    expect(page.locator("h1")).to_contain_text(issue.title)
    scans.check("sending dashboard, before sending", re.compile(re.escape(issue.title)))

    with page.context.expect_page() as preview:
        page.get_by_role("link", name="as HTML (opens in a new tab)").click()
    html_preview = preview.value
    expect(html_preview.get_by_text("A busy week: two study days")).to_be_visible()
    expect(html_preview.get_by_text("Dear Callum,")).to_be_visible()
    html_preview.close()
    text = page.request.get(reverse("roundup_admin:preview_text", args=[issue.pk])).text()
    assert "A busy week" in text and "EVENTS AND TRAINING" in text

    page.get_by_role("button", name=re.compile("Send a test to me")).click()
    expect(page.get_by_text(f"A test copy has been sent to {comms.email}")).to_be_visible()
    assert [m["To"] for m in smtp_inbox.messages] == [comms.email]

    page.get_by_role("button", name="Send now").click()
    expect(page.get_by_text("sending has started")).to_be_visible()
    send = IssueSend.objects.get(issue=issue)
    sending.start_send(send.pk)  # what the worker does
    page.reload()
    expect(page.get_by_role("button", name="Pause sending")).to_be_visible()
    scans.check("sending dashboard, sending", re.compile(re.escape(issue.title)))
    run_send(send)
    page.reload()
    expect(page.locator("dd strong").first).to_have_text("Sent")
    scans.check("sending dashboard, sent", re.compile(re.escape(issue.title)))
    received = sorted(m["To"] for m in smtp_inbox.messages)
    assert received == sorted([comms.email, comms.email, "reader@partner.example"])
    robin = smtp_inbox.to("reader@partner.example")[0]
    assert "A busy week" in smtp_inbox.text(robin) and "Dear Robin," in smtp_inbox.text(robin)

    page.goto(reverse("roundup_admin:suppressions"))
    scans.check("suppression list", "Suppression list")
    scans.assert_clean()
