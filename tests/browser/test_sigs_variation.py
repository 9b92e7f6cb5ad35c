"""The version comparison and the variation dashboard in a real browser, scanned by axe at
1280 and at 320 CSS pixels: a sequence table compared row by row, the review page's changes
from the live version, and the dashboard's sticky grid that becomes a list on a phone."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from sigs.models import Adoption, ProtocolPage
from sigs.services.adoption import set_adoption
from sigs.services.protocols import submit_for_review
from tests.plugins.browser import NARROW
from tests.portal.factories import PASSWORD
from tests.sigs.factories import ProtocolPageFactory
from tests.sigs.fixtures import approve_through_workflow, new_draft

pytestmark = pytest.mark.browser


def body(*rows, text="<p>Report within 7 days for routine referrals.</p>"):
    return [
        {"type": "heading", "value": "Sequences"},
        {
            "type": "sequence_table",
            "value": {
                "caption": "Lumbar spine: routine",
                "rows": [
                    {"sequence": s, "plane": p, "slice_thickness": t, "notes": n}
                    for s, p, t, n in rows
                ],
            },
        },
        {"type": "text", "value": text},
    ]


V1 = [("T2 TSE", "Sagittal", "4 mm", "T11 to S2"), ("T1 TSE", "Sagittal", "4 mm", "")]
V2 = [
    ("T2 TSE", "Sagittal", "4 mm", "T11 to S2"),
    ("T1 TSE", "Sagittal", "3 mm", ""),
    ("STIR", "Sagittal", "4 mm", "Oedema and fracture"),
]


def test_comparison_and_review_page_show_a_sequence_table_row_by_row(
    page, sig_world, approved_protocol, sign_in, scans
):
    chair = sig_world.chair
    new_draft(approved_protocol, chair, summary="Adds the table.", kind="major", body=body(*V1))
    approve_through_workflow(approved_protocol, chair)
    new_draft(
        approved_protocol,
        chair,
        summary="Thinner T1 and a STIR.",
        kind="major",
        body=body(*V2, text="<p>Report within 5 days for routine referrals.</p>"),
    )
    approve_through_workflow(approved_protocol, chair)

    sign_in(page, sig_world.member.email, PASSWORD)
    page.goto(f"/sigs/protocols/{approved_protocol.pk}/compare/")
    table = page.locator(".sigs-diff-table")
    expect(table.locator("caption")).to_contain_text("Lumbar spine: routine")
    expect(table.locator("tbody tr").nth(1)).to_contain_text("Changed")
    expect(table.locator("tbody tr").nth(2)).to_contain_text("Added")
    # Not colour alone: the removed words are struck through and announced as removed.
    removed = page.locator(".sigs-diff-block .sigs-compare-value del").first
    expect(removed).to_have_css("text-decoration-line", "line-through")
    expect(removed).to_contain_text("removed: 7")
    scans.check("comparison", "MRI lumbar spine – Compare versions", narrow_axe=True)

    # A minor version in review: the review page compares it with the live version 3.0.
    new_draft(
        approved_protocol,
        chair,
        summary="Clearer notes.",
        kind="minor",
        body=body(*V2[:2], ("STIR", "Sagittal", "4 mm", "For oedema and fracture")),
    )
    submit_for_review(ProtocolPage.objects.get(pk=approved_protocol.pk), chair)
    page.goto(f"/sigs/protocols/{approved_protocol.pk}/review/")
    expect(page.get_by_role("heading", name="Changes from the live version 3.0")).to_be_visible()
    expect(
        page.get_by_text("every trust's adoption of version 3.0 carries forward")
    ).to_be_visible()
    expect(page.locator(".sigs-diff-table ins").first).to_contain_text("added: For")
    scans.check("review page with changes", "Review – MRI lumbar spine", narrow_axe=True)
    scans.assert_clean()


def test_variation_dashboard_is_readable_at_1280_and_320(page, sig_world, sign_in, scans):
    today = timezone.localdate()
    for n in range(6):
        protocol = ProtocolPageFactory(parent=sig_world.sig, title=f"MRI protocol {n}")
        protocol.save_revision(user=sig_world.chair)
        version = approve_through_workflow(protocol, sig_world.chair)
        for trust in sig_world.trusts[: n + 1]:
            set_adoption(version, trust, sig_world.chair, Adoption.Status.ADOPTED, adopted_on=today)

    sign_in(page, sig_world.member.email, PASSWORD)
    page.goto("/sigs/variation/")
    grid = page.locator(".sigs-variation-grid")
    expect(grid).to_be_visible()
    expect(page.locator(".sigs-variation-list")).to_be_hidden()
    # The grid stays inside the page's box and scrolls in its own; the header row and the
    # first column stay put while it does.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 1280
    header = grid.locator("thead th").nth(3)
    first_column = grid.locator('tbody th[scope="row"]').first
    expect(header).to_have_css("position", "sticky")
    expect(first_column).to_have_css("position", "sticky")
    top, left = grid.bounding_box()["y"], grid.bounding_box()["x"]
    grid.evaluate("box => { box.scrollTop = 200; box.scrollLeft = 400; }")
    assert abs(header.bounding_box()["y"] - top) <= 2
    assert abs(first_column.bounding_box()["x"] - left) <= 2
    scans.check(
        "variation dashboard, by protocol", "Protocol variation across the network", narrow_axe=True
    )

    page.get_by_label("SIG").select_option(label="MRI SIG")
    page.get_by_label("Status").select_option("adopted")
    page.get_by_label("By trust").check()
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("heading", name="Trusts and protocols")).to_be_visible()
    scans.check(
        "variation dashboard, by trust", "Protocol variation across the network", narrow_axe=True
    )

    # At 320px: a list per protocol instead of the grid.
    page.goto("/sigs/variation/")
    page.set_viewport_size(NARROW)
    expect(grid).to_be_hidden()
    items = page.locator(".sigs-variation-list .sigs-variation-item")
    expect(items).to_have_count(6)
    expect(items.first.get_by_role("heading", name="MRI protocol 0")).to_be_visible()
    scans.assert_clean()
