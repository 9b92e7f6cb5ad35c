"""The variation dashboard: filters by SIG, modality, status and trust; a per-protocol and a
per-trust view, each with a list for narrow screens; its CSV as before; and a query count
that does not grow with the rows, whatever the view."""

import pytest
from django.utils import timezone

from sigs.models import Adoption, ProtocolPage
from sigs.services.adoption import set_adoption
from tests.portal.html import soup

from .factories import ProtocolPageFactory, SigPageFactory
from .fixtures import approve_through_workflow, new_draft

pytestmark = pytest.mark.django_db
Status = Adoption.Status


def approved(parent, chair, title, **fields):
    protocol = ProtocolPageFactory(parent=parent, title=title, **fields)
    protocol.save_revision(user=chair)
    approve_through_workflow(protocol, chair)
    return ProtocolPage.objects.select_related("current_version").get(pk=protocol.pk)


@pytest.fixture
def network(sig_world):
    """Three protocols in two SIGs: an MRI spine a trust is behind on, an MRI knee and a CT
    head (in a CT SIG with the same chair)."""
    chair, today = sig_world.chair, timezone.localdate()
    spine = approved(sig_world.sig, chair, "MRI lumbar spine")
    knee = approved(sig_world.sig, chair, "MRI knee")
    ct_sig = SigPageFactory(parent=sig_world.world.board, title="CT SIG")
    from governance.models import Membership
    from tests.governance.factories import MembershipFactory

    MembershipFactory(group=ct_sig, person=chair, role=Membership.Role.CHAIR)
    head = approved(ct_sig, chair, "CT head", modality="ct")
    behind = sig_world.trusts[1]
    set_adoption(spine.current_version, behind, chair, Status.ADOPTED, adopted_on=today)
    new_draft(spine, chair, summary="Adds STIR.", kind="major")
    approve_through_workflow(spine, chair)
    set_adoption(knee.current_version, sig_world.trusts[2], chair, Status.NOT_APPLICABLE)
    set_adoption(head.current_version, behind, chair, Status.ADOPTED, adopted_on=today)
    return {"spine": spine, "knee": knee, "head": head, "ct_sig": ct_sig, "behind": behind}


def grid_rows(response):
    """The row headers of the grid (protocols, or trusts in the per-trust view)."""
    grid = soup(response).select_one(".sigs-variation-grid table")
    if grid is None:
        return []
    return [
        th.get_text(" ", strip=True).split(" version")[0]
        for th in grid.select('tbody th[scope="row"]')
    ]


def grid_columns(response):
    grid = soup(response).select_one(".sigs-variation-grid table")
    return [th.get_text(" ", strip=True) for th in grid.select("thead th")][2:]


def test_filters_by_sig_modality_status_and_trust(client, sig_world, network):
    client.force_login(sig_world.member)
    url = "/sigs/variation/"
    titles = ["MRI lumbar spine", "MRI knee", "CT head"]
    everything = grid_rows(client.get(url))
    assert [t.split(" MRI SIG")[0].split(" CT SIG")[0] for t in everything] == titles

    def shown(query):
        return [row.split(" ")[0:2] for row in grid_rows(client.get(f"{url}?{query}"))]

    assert shown(f"sig={network['ct_sig'].pk}") == [["CT", "head"]]
    assert shown("modality=mri") == [["MRI", "lumbar"], ["MRI", "knee"]]
    assert shown("status=behind") == [["MRI", "lumbar"]]
    # Filtering by a status keeps only the trusts in it, so the grid is as narrow as the answer.
    assert grid_columns(client.get(f"{url}?status=behind")) == [network["behind"].name]
    assert grid_columns(client.get(f"{url}?trust={network['behind'].pk}")) == [
        network["behind"].name
    ]
    assert shown("status=not_applicable&modality=ct") == []
    assert (
        "No protocols match these filters."
        in client.get(f"{url}?status=not_applicable&modality=ct").content.decode()
    )
    # Values that are not choices are ignored, not an error.
    assert len(grid_rows(client.get(f"{url}?sig=x&modality=nope&status=odd&trust=-1"))) == 3


def test_per_trust_view_turns_the_grid_round(client, sig_world, network):
    client.force_login(sig_world.member)
    response = client.get(f"/sigs/variation/?view=trust&trust={network['behind'].pk}")
    assert grid_rows(response) == [network["behind"].name]
    columns = grid_columns(response)
    assert [c.split(" v")[0] for c in columns] == ["MRI lumbar spine", "MRI knee", "CT head"]
    row = soup(response).select_one(".sigs-variation-grid tbody tr")
    cells = [td.get_text(" ", strip=True) for td in row.find_all("td")]
    assert cells[0] == "1 of 3"  # protocols adopted: CT head
    assert cells[1].startswith("Behind: on version 1.0")
    assert cells[3].startswith("Adopted")


def test_a_list_per_protocol_for_narrow_screens(client, sig_world, network):
    client.force_login(sig_world.member)
    page = soup(client.get("/sigs/variation/?status=behind"))
    items = page.select(".sigs-variation-list .sigs-variation-item")
    assert [item.h3.get_text(strip=True) for item in items] == ["MRI lumbar spine"]
    pairs = [
        (dt.get_text(strip=True), dd.get_text(" ", strip=True))
        for dt, dd in zip(items[0].select("dt"), items[0].select("dd"), strict=True)
    ]
    assert pairs == [(network["behind"].name, "Behind: on version 1.0")]
    by_trust = soup(client.get("/sigs/variation/?view=trust"))
    headings = [h.get_text(strip=True) for h in by_trust.select(".sigs-variation-list h3")]
    assert network["behind"].name in headings


def test_the_csv_is_unchanged_by_the_new_views(client, sig_world, network):
    client.force_login(sig_world.member)
    lines = client.get("/sigs/variation.csv?view=trust&status=behind").content.decode("utf-8-sig")
    lines = lines.splitlines()
    assert lines[0].split(",")[:4] == [
        "Protocol",
        "SIG",
        "Version",
        "Trusts on current version (%)",
    ]
    assert [line.split(",")[0] for line in lines[1:]] == [
        "MRI lumbar spine",
        "MRI knee",
        "CT head",
        "Protocols adopted",
    ]
    only_ct = client.get(f"/sigs/variation.csv?sig={network['ct_sig'].pk}").content.decode()
    assert [line.split(",")[0] for line in only_ct.splitlines()[1:]] == [
        "CT head",
        "Protocols adopted",
    ]
