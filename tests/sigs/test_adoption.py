"""Trust adoption: who may set a status, what each status needs, the "behind" rule, the email
to trust leads on a new version, and the variation dashboard (its queries and CSV)."""

import datetime as dt

import pytest

from governance.errors import NotAllowed
from sigs.errors import AdoptionError
from sigs.models import Adoption, NewVersionNotice, ProtocolPage, TrustLead
from sigs.services import adoption as services
from sigs.services.adoption import adopted_count_by_trust, adoption_matrix, set_adoption
from tests.plugins import clock
from tests.portal.factories import UserFactory

from .factories import ProtocolPageFactory
from .fixtures import approve_through_workflow, new_draft

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]
Status = Adoption.Status
TODAY = clock.TODAY


def current(protocol):
    return ProtocolPage.objects.select_related("current_version").get(pk=protocol.pk)


def cells(protocol):
    matrix = adoption_matrix([current(protocol)])
    return {trust.pk: cell for trust, cell in matrix.rows[0].cells}


# Who may set a status ------------------------------------------------------------------------


def test_a_trust_lead_sets_their_own_trust_and_no_other(sig_world, approved_protocol):
    version = current(approved_protocol).current_version
    own, other = sig_world.trusts[1], sig_world.trusts[2]
    set_adoption(version, own, sig_world.lead, Status.ADOPTED, adopted_on=TODAY)
    assert Adoption.objects.get(version=version, trust=own).set_by == sig_world.lead
    with pytest.raises(NotAllowed):
        set_adoption(version, other, sig_world.lead, Status.ADOPTED, adopted_on=TODAY)


@pytest.mark.parametrize(
    "who", ["member", "deputy", "secretary", "lay_member", "non_member", "office"]
)
def test_only_trust_leads_and_the_chair_set_statuses(sig_world, approved_protocol, who):
    version = current(approved_protocol).current_version
    with pytest.raises(NotAllowed):
        set_adoption(version, sig_world.trusts[1], getattr(sig_world, who), Status.NOT_APPLICABLE)


def test_the_chair_sets_any_trust(sig_world, approved_protocol):
    version = current(approved_protocol).current_version
    for trust in sig_world.trusts:
        set_adoption(version, trust, sig_world.chair, Status.NOT_APPLICABLE)
    assert Adoption.objects.filter(version=version).count() == len(sig_world.trusts)


def test_a_lead_who_left_the_sig_can_no_longer_set_statuses(sig_world, approved_protocol):
    version = current(approved_protocol).current_version
    sig_world.sig.memberships.filter(person=sig_world.lead).update(end=TODAY - dt.timedelta(days=1))
    with pytest.raises(NotAllowed):
        set_adoption(version, sig_world.trusts[1], sig_world.lead, Status.NOT_APPLICABLE)


# What each status needs ----------------------------------------------------------------------


def test_a_local_variation_needs_a_reason(sig_world, approved_protocol):
    version = current(approved_protocol).current_version
    trust = sig_world.trusts[1]
    with pytest.raises(AdoptionError, match="why"):
        set_adoption(version, trust, sig_world.lead, Status.LOCAL_VARIATION, variation_reason=" ")
    adoption = set_adoption(
        version,
        trust,
        sig_world.lead,
        Status.LOCAL_VARIATION,
        variation_reason="Our 1.5T scanner cannot run the 3D sequence.",
    )
    assert adoption.variation_reason.startswith("Our 1.5T")


def test_adopted_needs_a_date_not_in_the_future_and_adopting_needs_a_target(
    sig_world, approved_protocol
):
    version = current(approved_protocol).current_version
    trust = sig_world.trusts[1]
    with pytest.raises(AdoptionError):
        set_adoption(version, trust, sig_world.lead, Status.ADOPTED)
    with pytest.raises(AdoptionError):
        set_adoption(
            version, trust, sig_world.lead, Status.ADOPTED, adopted_on=TODAY + dt.timedelta(1)
        )
    with pytest.raises(AdoptionError):
        set_adoption(version, trust, sig_world.lead, Status.ADOPTING)
    adoption = set_adoption(
        version, trust, sig_world.lead, Status.ADOPTING, adopt_by=TODAY + dt.timedelta(30)
    )
    assert adoption.adopt_by == TODAY + dt.timedelta(30)


def test_changing_status_clears_what_no_longer_applies(sig_world, approved_protocol):
    version = current(approved_protocol).current_version
    trust = sig_world.trusts[1]
    set_adoption(
        version, trust, sig_world.lead, Status.LOCAL_VARIATION, variation_reason="Old scanner"
    )
    adoption = set_adoption(version, trust, sig_world.lead, Status.ADOPTED, adopted_on=TODAY)
    assert adoption.variation_reason == ""
    assert Adoption.objects.filter(version=version, trust=trust).count() == 1


# Behind ---------------------------------------------------------------------------------------


def test_trusts_on_the_old_version_are_behind_until_they_settle_the_new_one(
    sig_world, approved_protocol
):
    first = current(approved_protocol).current_version
    adopted, varied, not_started = sig_world.trusts[1], sig_world.trusts[2], sig_world.trusts[3]
    set_adoption(first, adopted, sig_world.chair, Status.ADOPTED, adopted_on=TODAY)
    set_adoption(first, varied, sig_world.chair, Status.LOCAL_VARIATION, variation_reason="No 3T")
    assert not any(cell.is_behind for cell in cells(approved_protocol).values())

    new_draft(approved_protocol, sig_world.chair, summary="Adds STIR.", kind="major")
    second = approve_through_workflow(approved_protocol, sig_world.chair)

    now = cells(approved_protocol)
    assert now[adopted.pk].is_behind and now[adopted.pk].label == "Behind: on version 1.0"
    assert now[varied.pk].is_behind
    assert now[not_started.pk].status == Status.NOT_STARTED
    # Adopting by a date is not yet settled: still behind. Adopting the new version is.
    set_adoption(
        second, adopted, sig_world.chair, Status.ADOPTING, adopt_by=TODAY + dt.timedelta(9)
    )
    assert cells(approved_protocol)[adopted.pk].is_behind
    set_adoption(second, adopted, sig_world.chair, Status.ADOPTED, adopted_on=TODAY)
    assert cells(approved_protocol)[adopted.pk].status == Status.ADOPTED
    # Saying the new version does not apply settles it too.
    set_adoption(second, varied, sig_world.chair, Status.NOT_APPLICABLE)
    assert not cells(approved_protocol)[varied.pk].is_behind


def test_leads_of_trusts_behind_are_emailed_once(
    sig_world, approved_protocol, smtp_inbox, django_capture_on_commit_callbacks
):
    first = current(approved_protocol).current_version
    behind_trust = sig_world.trusts[1]  # led by sig_world.lead
    set_adoption(first, behind_trust, sig_world.lead, Status.ADOPTED, adopted_on=TODAY)
    other_lead = sig_world.member
    TrustLead.objects.create(sig=sig_world.sig, person=other_lead, trust=sig_world.trusts[3])

    new_draft(approved_protocol, sig_world.chair, summary="Adds a sagittal STIR.", kind="major")
    with django_capture_on_commit_callbacks(execute=False):
        second = approve_through_workflow(approved_protocol, sig_world.chair)
    services.tell_trust_leads_of_new_version(second.pk)
    services.tell_trust_leads_of_new_version(second.pk)  # a retried task sends nothing twice

    to_lead = smtp_inbox.to(sig_world.lead.email)
    assert len(to_lead) == 1
    assert "behind" in to_lead[0]["Subject"]
    body = smtp_inbox.text(to_lead[0])
    assert "Adds a sagittal STIR." in body and "version 2.0" in body
    assert f"/sigs/protocols/{approved_protocol.pk}/adoption/" in body
    assert smtp_inbox.to(other_lead.email) == []  # their trust was not on the old version
    assert NewVersionNotice.objects.count() == 1


# Counts and the dashboard ---------------------------------------------------------------------


def test_adopted_count_by_trust_counts_current_versions_only(sig_world, approved_protocol):
    first = current(approved_protocol).current_version
    trust = sig_world.trusts[1]
    set_adoption(first, trust, sig_world.chair, Status.ADOPTED, adopted_on=TODAY)
    assert adopted_count_by_trust() == {trust.pk: 1}
    new_draft(approved_protocol, sig_world.chair, summary="Adds STIR.", kind="major")
    approve_through_workflow(approved_protocol, sig_world.chair)
    assert adopted_count_by_trust() == {}


def test_matrix_share_leaves_out_trusts_it_does_not_apply_to(sig_world, approved_protocol):
    version = current(approved_protocol).current_version
    set_adoption(version, sig_world.trusts[0], sig_world.chair, Status.ADOPTED, adopted_on=TODAY)
    set_adoption(version, sig_world.trusts[1], sig_world.chair, Status.NOT_APPLICABLE)
    row = adoption_matrix([current(approved_protocol)]).rows[0]
    trusts = len(row.cells)
    assert (row.on_current, row.applicable) == (1, trusts - 1)
    assert row.share_on_current == round(100 / (trusts - 1))


def _protocols(sig_world, count, start=0):
    made = []
    for n in range(start, start + count):
        protocol = ProtocolPageFactory(parent=sig_world.sig, title=f"Protocol {n:02d}")
        protocol.save_revision(user=sig_world.chair)
        version = approve_through_workflow(protocol, sig_world.chair)
        set_adoption(
            version, sig_world.trusts[n % 3], sig_world.chair, Status.ADOPTED, adopted_on=TODAY
        )
        made.append(protocol)
    return made


DASHBOARD_QUERIES = 12
# Every view and filter of the dashboard reads in the same queries.
DASHBOARD_URLS = [
    "/sigs/variation/",
    "/sigs/variation/?view=trust",
    "/sigs/variation/?status=adopted&modality=mri",
]


def test_dashboard_query_count_is_the_same_for_5_and_50_protocols(
    client, sig_world, django_assert_num_queries
):
    client.force_login(sig_world.member)
    _protocols(sig_world, 5)
    client.get("/sigs/variation/")  # fills per-process caches (site, content types)
    for url in DASHBOARD_URLS:
        with django_assert_num_queries(DASHBOARD_QUERIES):
            response = client.get(url)
    response = client.get("/sigs/variation/")
    assert response.content.decode().count('scope="row"') == 5 + 1  # and the totals row
    _protocols(sig_world, 45, start=5)
    client.get("/sigs/variation/")  # new pages clear the site's cached root paths
    for url in DASHBOARD_URLS:
        with django_assert_num_queries(DASHBOARD_QUERIES):
            response = client.get(url)
    response = client.get("/sigs/variation/")
    assert response.content.decode().count('scope="row"') == 50 + 1


def test_dashboard_is_for_network_members(client, sig_world, approved_protocol):
    assert client.get("/sigs/variation/").status_code == 302
    client.force_login(UserFactory(applicant=True))
    assert client.get("/sigs/variation/").status_code == 404
    assert client.get("/sigs/variation.csv").status_code == 404
    client.force_login(sig_world.member)
    page = client.get("/sigs/variation/").content.decode()
    assert "MRI lumbar spine" in page and "Not started" in page


def test_csv_export_has_a_row_per_protocol_and_a_column_per_trust(
    client, sig_world, approved_protocol
):
    version = current(approved_protocol).current_version
    set_adoption(
        version,
        sig_world.trusts[1],
        sig_world.chair,
        Status.LOCAL_VARIATION,
        variation_reason="Old scanner",
    )
    client.force_login(sig_world.member)
    response = client.get("/sigs/variation.csv")
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    header, row = lines[0].split(","), lines[1]
    assert header[:4] == ["Protocol", "SIG", "Version", "Trusts on current version (%)"]
    assert sig_world.trusts[1].name in header
    assert row.startswith("MRI lumbar spine,MRI SIG,1.0,0,")
    assert "Local variation: Old scanner" in row
    assert lines[-1].startswith("Protocols adopted")
