"""Protocols in a real browser: the chair takes a new version through the approval workflow
(submitted in the Wagtail editor, reviewed and approved on the review page), a trust lead
marks it adopted, and every SIG page is scanned by axe (WCAG 2.2 A/AA) at desktop width and
at 320 CSS pixels."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from sigs.models import Adoption, ProtocolPage, ProtocolVersion, WorkItem
from sigs.services.adoption import set_adoption
from tests.portal.factories import PASSWORD
from tests.sigs.factories import WorkItemFactory

pytestmark = pytest.mark.browser


def test_chair_publishes_a_new_version_and_a_trust_lead_adopts_it(
    page, browser, live_server, sig_world, approved_protocol, sign_in, scans
):
    lead_trust = sig_world.trusts[1]
    set_adoption(
        approved_protocol.current_version,
        lead_trust,
        sig_world.lead,
        Adoption.Status.ADOPTED,
        adopted_on=timezone.localdate() - dt.timedelta(days=30),
    )

    # The chair writes version 2 in the editor and submits it to the workflow.
    sign_in(page, sig_world.chair.email, PASSWORD)
    page.goto(f"/admin/pages/{approved_protocol.pk}/edit/")
    # A new version starts with no summary and no kind chosen: the chair picks one.
    expect(page.locator("#id_change_summary")).to_have_value("")
    page.get_by_label(re.compile("Major: a clinical change")).check()
    page.locator("#id_change_summary").fill("Adds a sagittal STIR for oedema and fracture.")
    page.locator("footer").get_by_role("button", name="More actions").click()
    page.locator("footer").get_by_role("button", name=re.compile("^Submit to")).click()
    expect(page.get_by_text("submitted", exact=False).first).to_be_visible()

    # SIG review, then the chair's approval, on the protocol's review page.
    page.goto(f"/sigs/protocols/{approved_protocol.pk}/review/")
    scans.check("review page, SIG review", "Review – MRI lumbar spine")
    page.get_by_label("Your comment").fill("Happy with the STIR.")
    page.get_by_role("button", name="Add comment").click()
    expect(page.get_by_role("alert")).to_contain_text("Your comment has been added")
    page.get_by_role("button", name="End review and send to the chair").click()
    expect(page.get_by_role("heading", name="Approve version 2.0")).to_be_visible()
    scans.check("review page, chair approval", "Review – MRI lumbar spine")
    page.get_by_role("button", name="Approve and publish").click()
    expect(page.get_by_role("alert")).to_contain_text("Version 2.0 is approved and published")
    scans.check("protocol page", "MRI SIG – MRI lumbar spine")

    protocol = ProtocolPage.objects.get(pk=approved_protocol.pk)
    assert protocol.version == "2.0"
    old = ProtocolVersion.objects.get(protocol=protocol, major=1)
    assert old.status == "superseded"

    page.goto(old.get_absolute_url())
    expect(page.get_by_text("This version has been superseded")).to_be_visible()
    scans.check("superseded version", "MRI SIG – MRI lumbar spine, version 1.0")
    page.get_by_role("link", name="see what changed since").click()
    scans.check("comparison", "MRI lumbar spine – Compare versions")
    expect(page.locator(".sigs-compare dt", has_text="Change summary")).to_be_visible()

    # The trust lead finds their trust behind, and marks the new version adopted.
    lead = browser.new_context(base_url=live_server.url)
    lead_page = lead.new_page()
    lead_scans = type(scans)(lead_page, scans.axe_violations)
    sign_in(lead_page, sig_world.lead.email, PASSWORD)
    lead_page.goto(protocol.url)
    lead_page.get_by_role("link", name="Set your trust's adoption status").click()
    card = lead_page.locator(f"#trust-{lead_trust.pk}")
    expect(card).to_contain_text("Behind: on version 1.0")
    lead_scans.check("adoption form", "MRI lumbar spine, version 2.0 – Adoption by your trust")
    card.get_by_label(f"Status: {lead_trust.name}").select_option("adopted")
    card.get_by_label(f"Date adopted: {lead_trust.name}").fill(timezone.localdate().isoformat())
    card.get_by_role("button", name=re.compile("^Save")).click()
    expect(lead_page.get_by_role("alert")).to_contain_text(f"Saved: {lead_trust.name}")
    expect(lead_page.locator(f"#trust-{lead_trust.pk}")).to_contain_text("Adopted")
    lead_page.goto("/sigs/variation/")
    lead_scans.check("variation dashboard", "Protocol variation across the network")
    lead.close()

    adoption = Adoption.objects.get(version=protocol.current_version, trust=lead_trust)
    assert adoption.status == "adopted" and adoption.set_by == sig_world.lead
    scans.assert_clean()
    lead_scans.assert_clean()


def test_sig_pages_pass_axe(page, sig_world, approved_protocol, sign_in, scans):
    WorkItemFactory(sig=sig_world.sig, kind=WorkItem.Kind.DELIVERABLE, title="Agree spine MRI")
    WorkItemFactory(sig=sig_world.sig, kind=WorkItem.Kind.BENEFIT, title="Less variation")
    ProtocolVersion.objects.filter(pk=approved_protocol.current_version_id).update(
        review_date=timezone.localdate() - dt.timedelta(days=5)
    )
    page.goto("/sigs/")
    scans.check("SIG index, signed out", "Special interest groups")
    page.goto(sig_world.sig.url)
    scans.check("SIG page, signed out", "MRI SIG")

    sign_in(page, sig_world.chair.email, PASSWORD)
    page.goto(sig_world.sig.url)
    scans.check("SIG page, chair", "MRI SIG")
    page.goto(f"/sigs/{sig_world.sig.pk}/work-programme/")
    scans.check("work programme", "MRI SIG – Work programme")
    page.get_by_label("Title").fill("")
    page.get_by_role("button", name="Add item").click()
    scans.check("work programme with errors", "MRI SIG – Work programme")
    page.goto(f"/sigs/{sig_world.sig.pk}/trust-leads/")
    scans.check("trust leads", "MRI SIG – Trust leads")
    page.goto(f"/sigs/{sig_world.sig.pk}/reviews-overdue/")
    scans.check("reviews overdue", "MRI SIG – Protocols overdue for review")
    page.goto(approved_protocol.url)
    scans.check("protocol page, chair", "MRI SIG – MRI lumbar spine")
    scans.assert_clean()
