"""Minor and major versions: a minor version carries every trust's adoption forward and says
so; a major one asks trust leads to re-confirm and counts their trusts behind until they do.
The network dashboard's figures follow the same rule. Also: the editor starts each new
version with an empty change summary, and the review page shows the changes from the live
version."""

import importlib

import pytest
from django.apps import apps
from django.utils import timezone

from sigs.models import Adoption, NewVersionNotice, ProtocolPage
from sigs.services import adoption as services
from sigs.services.adoption import adopted_count_by_trust, adoption_matrix, set_adoption
from tests.portal.html import soup, text

from .factories import ProtocolPageFactory
from .fixtures import approve_through_workflow, new_draft

pytestmark = pytest.mark.django_db
Status = Adoption.Status


def current(protocol):
    return ProtocolPage.objects.select_related("current_version").get(pk=protocol.pk)


def cells(protocol):
    matrix = adoption_matrix([current(protocol)])
    return {trust.pk: cell for trust, cell in matrix.rows[0].cells}


@pytest.fixture
def adopted_by_three(sig_world, approved_protocol):
    """Version 1.0 adopted by two trusts and varied from by a third."""
    today = timezone.localdate()
    version = current(approved_protocol).current_version
    adopted = [sig_world.trusts[1], sig_world.trusts[2]]
    for trust in adopted:
        set_adoption(version, trust, sig_world.chair, Status.ADOPTED, adopted_on=today)
    varied = sig_world.trusts[3]
    set_adoption(version, varied, sig_world.chair, Status.LOCAL_VARIATION, variation_reason="No 3T")
    return approved_protocol, adopted, varied


def dashboard_adopted(client, office, trust):
    """The "Protocols adopted" figure the network dashboard shows for `trust`."""
    client.force_login(office)
    page = soup(client.get("/dashboard/governance/trusts/"))
    for row in page.select("tbody tr"):
        cells = [" ".join(td.get_text(" ").split()) for td in row.find_all("td")]
        if cells and cells[0].endswith(trust.name):
            return cells[-1].removeprefix("Protocols adopted ").strip()
    raise AssertionError(f"{trust.name} is not on the dashboard")


def test_a_minor_version_carries_every_trusts_adoption_forward(
    client, sig_world, adopted_by_three, smtp_inbox, django_capture_on_commit_callbacks
):
    protocol, adopted, varied = adopted_by_three
    before = adopted_count_by_trust()
    assert dashboard_adopted(client, sig_world.office, adopted[0]) == "1"

    new_draft(protocol, sig_world.chair, summary="Fixes a typo in the coil advice.", kind="minor")
    with django_capture_on_commit_callbacks(execute=True):
        version = approve_through_workflow(protocol, sig_world.chair)
    assert services.tell_trust_leads_of_new_version(version.pk) == 0  # what the task runs

    assert version.number == "1.1"
    now = cells(protocol)
    assert [now[t.pk].status for t in adopted] == [Status.ADOPTED, Status.ADOPTED]
    assert now[varied.pk].status == Status.LOCAL_VARIATION
    assert not any(cell.is_behind for cell in now.values())
    carried = Adoption.objects.get(version=version, trust=adopted[0])
    assert carried.adopted_on == timezone.localdate()
    assert carried.carried_forward_note == "Carried forward from version 1.0 (minor change)"
    assert now[adopted[0].pk].note == "Carried forward from version 1.0 (minor change)"
    # The network's figures are as they were, on the dashboard too; nobody is emailed.
    assert adopted_count_by_trust() == before
    assert dashboard_adopted(client, sig_world.office, adopted[0]) == "1"
    assert smtp_inbox.to(sig_world.lead.email) == []
    assert not NewVersionNotice.objects.exists()
    # The UI says so, on the variation dashboard and the trust lead's adoption page.
    client.force_login(sig_world.lead)
    assert "Carried forward from version 1.0 (minor change)" in text(client.get("/sigs/variation/"))
    page = text(client.get(f"/sigs/protocols/{protocol.pk}/adoption/"))
    assert "Version 1.1 is a minor version" in page and "carried forward" in page


def test_a_major_version_asks_trusts_to_re_confirm_and_counts_them_behind(
    client, sig_world, adopted_by_three, smtp_inbox, django_capture_on_commit_callbacks
):
    protocol, adopted, varied = adopted_by_three
    lead_trust = sig_world.trusts[1]  # led by sig_world.lead
    new_draft(protocol, sig_world.chair, summary="Adds a sagittal STIR.", kind="major")
    with django_capture_on_commit_callbacks(execute=True):
        version = approve_through_workflow(protocol, sig_world.chair)
    assert services.tell_trust_leads_of_new_version(version.pk) == 1  # what the task runs

    assert version.number == "2.0"
    now = cells(protocol)
    assert all(now[t.pk].is_behind for t in [*adopted, varied])
    assert now[lead_trust.pk].label == "Behind: on version 1.0"
    assert not Adoption.objects.filter(version=version).exists()
    email = smtp_inbox.to(sig_world.lead.email)
    assert len(email) == 1 and "re-confirm" in email[0]["Subject"]
    assert "major version" in smtp_inbox.text(email[0])
    assert adopted_count_by_trust() == {}
    assert dashboard_adopted(client, sig_world.office, lead_trust) == "0"

    # The lead re-confirms: the trust is on the current version and counted again.
    set_adoption(
        version, lead_trust, sig_world.lead, Status.ADOPTED, adopted_on=timezone.localdate()
    )
    assert cells(protocol)[lead_trust.pk].status == Status.ADOPTED
    assert adopted_count_by_trust() == {lead_trust.pk: 1}
    assert dashboard_adopted(client, sig_world.office, lead_trust) == "1"


def test_a_minor_version_after_a_major_one_keeps_trusts_that_are_behind_behind(
    sig_world, adopted_by_three
):
    protocol, adopted, _ = adopted_by_three
    new_draft(protocol, sig_world.chair, summary="Adds a sagittal STIR.", kind="major")
    second = approve_through_workflow(protocol, sig_world.chair)
    set_adoption(
        second, adopted[0], sig_world.chair, Status.ADOPTED, adopted_on=timezone.localdate()
    )
    new_draft(protocol, sig_world.chair, summary="Clearer wording.", kind="minor")
    third = approve_through_workflow(protocol, sig_world.chair)

    assert third.number == "2.1"
    now = cells(protocol)
    assert now[adopted[0].pk].status == Status.ADOPTED and now[adopted[0].pk].note
    assert now[adopted[1].pk].label == "Behind: on version 1.0"
    assert services.tell_trust_leads_of_new_version(third.pk) == 0


def test_a_lead_setting_a_carried_status_makes_it_their_own(sig_world, adopted_by_three):
    protocol, adopted, _ = adopted_by_three
    new_draft(protocol, sig_world.chair, summary="Fixes a typo.", kind="minor")
    version = approve_through_workflow(protocol, sig_world.chair)
    set_adoption(version, adopted[0], sig_world.lead, Status.NOT_APPLICABLE)
    row = Adoption.objects.get(version=version, trust=adopted[0])
    assert row.carried_forward_note == "" and row.set_by == sig_world.lead


def test_the_data_migration_carries_forward_existing_minor_versions(sig_world, adopted_by_three):
    protocol, adopted, varied = adopted_by_three
    new_draft(protocol, sig_world.chair, summary="Fixes a typo.", kind="minor")
    version = approve_through_workflow(protocol, sig_world.chair)
    # As approved before this rule: nothing carried, and one lead had already re-confirmed.
    Adoption.objects.filter(version=version).delete()
    set_adoption(version, adopted[1], sig_world.chair, Status.NOT_APPLICABLE)

    migration = importlib.import_module(
        "sigs.migrations.0003_minor_versions_carry_adoption_forward"
    )
    migration.carry_forward_existing_minor_versions(apps, None)
    migration.carry_forward_existing_minor_versions(apps, None)  # and running twice is harmless

    rows = {a.trust_id: a for a in Adoption.objects.filter(version=version)}
    assert rows[adopted[0].pk].status == Status.ADOPTED and rows[adopted[0].pk].carried_forward_note
    assert rows[adopted[1].pk].status == Status.NOT_APPLICABLE  # their own word stands
    assert rows[varied.pk].status == Status.LOCAL_VARIATION
    assert len(rows) == 3


# The editor and the review page -----------------------------------------------------------


def test_the_editor_starts_a_new_version_with_an_empty_summary_and_no_kind(
    client, sig_world, approved_protocol
):
    client.force_login(sig_world.chair)
    page = soup(client.get(f"/admin/pages/{approved_protocol.pk}/edit/"))
    assert page.find("textarea", attrs={"name": "change_summary"}).get_text(strip=True) == ""
    kinds = page.find_all("input", attrs={"name": "change_kind"})
    assert [k["value"] for k in kinds] == ["minor", "major"]
    assert not any(k.has_attr("checked") for k in kinds)
    assert "carries forward to the new version automatically" in page.get_text()

    # A draft with its own summary keeps it when the editor comes back to it.
    new_draft(approved_protocol, sig_world.chair, summary="Adds STIR.", kind="major")
    again = soup(client.get(f"/admin/pages/{approved_protocol.pk}/edit/"))
    assert again.find("textarea", attrs={"name": "change_summary"}).get_text(strip=True) == (
        "Adds STIR."
    )
    assert again.find("input", attrs={"name": "change_kind", "value": "major"}).has_attr("checked")


def test_review_page_shows_the_changes_from_the_live_version(client, sig_world, approved_protocol):
    body = [
        {
            "type": "sequence_table",
            "value": {
                "caption": "Lumbar spine: routine",
                "rows": [
                    {"sequence": "T2 TSE", "plane": "Sagittal", "slice_thickness": "4 mm"},
                    {"sequence": "STIR", "plane": "Sagittal", "slice_thickness": "4 mm"},
                ],
            },
        }
    ]
    new_draft(approved_protocol, sig_world.chair, summary="Adds STIR.", kind="major", body=body)
    from sigs.services.protocols import submit_for_review

    submit_for_review(approved_protocol, sig_world.chair)
    client.force_login(sig_world.member)
    response = client.get(f"/sigs/protocols/{approved_protocol.pk}/review/")
    page = soup(response)
    assert page.find("h2", id="changes").get_text(strip=True) == (
        "Changes from the live version 1.0"
    )
    table = page.select_one(".sigs-diff-table")
    assert "Lumbar spine: routine" in table.caption.get_text()
    rows = [
        [c.get_text(" ", strip=True) for c in tr.find_all(["th", "td"])]
        for tr in table.select("tbody tr")
    ]
    assert rows == [
        ["Added", "T2 TSE", "Sagittal", "4 mm", "–"],
        ["Added", "STIR", "Sagittal", "4 mm", "–"],
    ]
    assert "This is a major version: trust leads are asked to re-confirm" in text(response)


def test_review_of_a_first_version_has_nothing_to_compare(client, sig_world):
    protocol = ProtocolPageFactory(parent=sig_world.sig, title="MRI knee")
    protocol.save_revision(user=sig_world.chair)
    from sigs.services.protocols import submit_for_review

    submit_for_review(protocol, sig_world.chair)
    client.force_login(sig_world.member)
    page = soup(client.get(f"/sigs/protocols/{protocol.pk}/review/"))
    assert page.find("h2", id="changes") is None
    assert page.find(string="Kind of change") is None


def test_compare_page_shows_a_sequence_table_row_by_row(client, sig_world, approved_protocol):
    rows = [
        {"sequence": "T2 TSE", "plane": "Sagittal", "slice_thickness": "4 mm", "notes": ""},
        {"sequence": "T1 TSE", "plane": "Sagittal", "slice_thickness": "4 mm", "notes": ""},
    ]

    def body(*table_rows):
        return [
            {"type": "sequence_table", "value": {"caption": "Routine", "rows": list(table_rows)}}
        ]

    new_draft(approved_protocol, sig_world.chair, summary="Table.", kind="major", body=body(*rows))
    approve_through_workflow(approved_protocol, sig_world.chair)
    changed = dict(rows[1], slice_thickness="3 mm")
    added = {"sequence": "STIR", "plane": "Sagittal", "slice_thickness": "4 mm", "notes": ""}
    new_draft(
        approved_protocol,
        sig_world.chair,
        summary="Thinner T1, and STIR.",
        kind="major",
        body=body(changed, added),
    )
    approve_through_workflow(approved_protocol, sig_world.chair)
    client.force_login(sig_world.member)
    page = soup(client.get(f"/sigs/protocols/{approved_protocol.pk}/compare/"))
    table = page.select_one(".sigs-diff-table")
    got = [
        [c.get_text(" ", strip=True) for c in tr.find_all(["th", "td"])]
        for tr in table.select("tbody tr")
    ]
    assert got == [
        ["Removed", "T2 TSE", "Sagittal", "4 mm", "–"],
        ["Changed", "T1 TSE", "Sagittal", "removed: 4 added: 3 mm", "–"],
        ["Added", "STIR", "Sagittal", "4 mm", "–"],
    ]
    assert table.caption.get_text(" ", strip=True).startswith("Routine")
    assert "sequence T2 TSE" not in page.get_text()  # no raw field names
