"""SIG pages as people see them: the workspace, the SIG index, a protocol at each visibility,
its versions and comparison, the review page, the adoption form, and their query counts."""

import datetime as dt

import pytest
from django.utils import timezone

from governance.models import Membership, Minutes
from sigs.models import Adoption, ProtocolPage, SigPage, WorkItem
from sigs.services.adoption import set_adoption
from tests.governance.factories import DecisionFactory, MeetingPageFactory, MembershipFactory
from tests.plugins import clock
from tests.portal.factories import UserFactory
from tests.portal.html import field_error, soup, text

from .factories import ProtocolPageFactory, SigPageFactory, WorkItemFactory
from .fixtures import approve_through_workflow, new_draft

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]
TODAY = clock.TODAY


def as_person(client, person):
    if person is not None:
        client.force_login(person)
    return client


# Visibility -----------------------------------------------------------------------------------


@pytest.fixture
def public_and_network(sig_world):
    made = {}
    for visibility in ("public", "network"):
        protocol = ProtocolPageFactory(
            parent=sig_world.sig, title=f"A {visibility} protocol", visibility=visibility
        )
        protocol.save_revision(user=sig_world.chair)
        approve_through_workflow(protocol, sig_world.chair)
        made[visibility] = ProtocolPage.objects.get(pk=protocol.pk)
    return made


@pytest.mark.parametrize(
    "who, sees_network",
    [
        ("anonymous", False),
        ("non_member", True),
        ("member", True),
        ("lay_member", True),
        ("chair", True),
        ("office", True),
    ],
)
def test_network_protocols_are_for_network_members_only(
    client, sig_world, public_and_network, who, sees_network
):
    person = sig_world.people()[who]
    as_person(client, person)
    public, network = public_and_network["public"], public_and_network["network"]
    assert client.get(public.url).status_code == 200
    assert client.get(f"/sigs/protocols/{public.pk}/v/1.0/").status_code == 200
    network_page = client.get(network.url)
    network_version = client.get(f"/sigs/protocols/{network.pk}/v/1.0/")
    sig_page = text(client.get(sig_world.sig.url))
    if sees_network:
        assert network_page.status_code == network_version.status_code == 200
        assert "A network protocol" in sig_page
    else:
        assert network_page.status_code == 302  # asked to sign in
        assert network_version.status_code == 302
        assert "A network protocol" not in sig_page  # not even its title
    assert "A public protocol" in sig_page


def test_an_applicant_cannot_open_network_protocols(client, public_and_network):
    client.force_login(UserFactory(applicant=True))
    assert client.get(public_and_network["network"].url).status_code == 404
    assert client.get(public_and_network["public"].url).status_code == 200


def test_unknown_version_numbers_are_not_found(client, sig_world, public_and_network):
    public = public_and_network["public"]
    for number in ("9.9", "1", "one"):
        assert client.get(f"/sigs/protocols/{public.pk}/v/{number}/").status_code == 404


# The SIG workspace ----------------------------------------------------------------------------


def _fill_workspace(sig_world, n):
    for i in range(n):
        WorkItemFactory(
            sig=sig_world.sig, kind=WorkItem.Kind.choices[i % 3][0], owner=sig_world.member
        )
        protocol = ProtocolPageFactory(parent=sig_world.sig, title=f"Workspace protocol {n}-{i}")
        protocol.save_revision(user=sig_world.chair)
        approve_through_workflow(protocol, sig_world.chair)


def test_workspace_shows_leaders_cadence_programme_protocols_and_minutes(client, sig_world):
    WorkItemFactory(
        sig=sig_world.sig,
        kind=WorkItem.Kind.DELIVERABLE,
        title="Standard MRI lumbar spine protocol",
        status=WorkItem.Status.DONE,
    )
    WorkItemFactory(sig=sig_world.sig, kind=WorkItem.Kind.BENEFIT, title="Less repeat imaging")
    Minutes.objects.create(
        meeting=sig_world.meeting, status=Minutes.Status.APPROVED, approved_at=timezone.now()
    )
    page = text(client.get(sig_world.sig.url))
    assert f"Chair {sig_world.chair}" in page
    assert f"Deputy chair {sig_world.deputy}" in page
    assert "Every other Tuesday afternoon, on Teams" in page
    assert "Standard MRI lumbar spine protocol Status Done" in page
    assert "Progress and next steps None recorded yet." in page
    assert "Less repeat imaging" in page
    assert "Minutes of MRI SIG, March" in page
    assert "Sign in to ask to join this group" in page


def test_workspace_offers_joining_to_network_members_who_are_not_in_it(client, sig_world):
    page = text(as_person(client, sig_world.non_member).get(sig_world.sig.url))
    assert "Join this SIG" in page and "Ask to join" in page
    page = text(as_person(client, sig_world.member).get(sig_world.sig.url))
    assert "You are a member of this SIG" in page


def test_workspace_shows_versions_in_review_to_members_only(client, sig_world):
    protocol = ProtocolPageFactory(parent=sig_world.sig, title="Paediatric brain")
    protocol.save_revision(user=sig_world.chair)
    from sigs.services.protocols import submit_for_review

    submit_for_review(protocol, sig_world.chair)
    assert "Paediatric brain" in text(as_person(client, sig_world.member).get(sig_world.sig.url))
    client.logout()
    assert "Paediatric brain" not in text(
        as_person(client, sig_world.non_member).get(sig_world.sig.url)
    )


def test_workspace_query_count_does_not_grow_with_rows(
    client, sig_world, django_assert_num_queries
):
    as_person(client, sig_world.chair)
    _fill_workspace(sig_world, 2)
    client.get(sig_world.sig.url)
    with django_assert_num_queries(WORKSPACE_QUERIES):
        client.get(sig_world.sig.url)
    _fill_workspace(sig_world, 12)
    client.get(sig_world.sig.url)  # new pages clear Wagtail's cached site paths
    with django_assert_num_queries(WORKSPACE_QUERIES):
        response = client.get(sig_world.sig.url)
    assert text(response).count("Workspace protocol") == 14


WORKSPACE_QUERIES = 28


def test_leaders_are_warned_of_protocols_overdue_for_review(client, sig_world, approved_protocol):
    approved_protocol.current_version.__class__.objects.filter(
        pk=approved_protocol.current_version_id
    ).update(review_date=TODAY - dt.timedelta(days=3))
    page = text(as_person(client, sig_world.secretary).get(sig_world.sig.url))
    assert "1 protocol is past its review date" in page
    overdue = client.get(f"/sigs/{sig_world.sig.pk}/reviews-overdue/")
    assert "MRI lumbar spine , version 1.0" in text(overdue)
    assert "3 days overdue" in text(overdue)
    client.logout()
    as_person(client, sig_world.member)
    assert "past its review date" not in text(client.get(sig_world.sig.url))
    assert client.get(f"/sigs/{sig_world.sig.pk}/reviews-overdue/").status_code == 404


# The SIG index --------------------------------------------------------------------------------


def test_index_filters_by_category_and_shows_chair_and_next_meeting(client, sig_world):
    other = SigPageFactory(
        parent=sig_world.world.board, title="Paediatric SIG", category=SigPage.Category.PATHWAY
    )
    MeetingPageFactory(
        parent=sig_world.sig,
        title="Next MRI SIG",
        start=timezone.now() + dt.timedelta(days=3),
    )
    page = text(client.get("/sigs/"))
    assert "2 groups" in page
    assert f"Chair {sig_world.chair}" in page
    assert "Paediatric SIG" in page and "None planned" in page
    filtered = text(client.get("/sigs/?category=pathway"))
    assert "1 group" in filtered and "MRI SIG" not in filtered and other.title in filtered
    assert "no special interest groups in this category" in text(
        client.get("/sigs/?category=quality")
    )


def test_index_query_count_does_not_grow_with_sigs(client, sig_world, django_assert_num_queries):
    client.get("/sigs/")
    with django_assert_num_queries(INDEX_QUERIES):
        client.get("/sigs/")
    for n in range(6):
        sig = SigPageFactory(parent=sig_world.world.board, title=f"Extra SIG {n}")
        MembershipFactory(group=sig, role=Membership.Role.CHAIR)
        MeetingPageFactory(parent=sig, start=timezone.now() + dt.timedelta(days=n + 1))
    with django_assert_num_queries(INDEX_QUERIES):
        response = client.get("/sigs/")
    assert "7 groups" in text(response)


INDEX_QUERIES = 6


# Versions and comparison ----------------------------------------------------------------------


def test_compare_shows_what_changed_between_two_versions(client, sig_world, approved_protocol):
    new_draft(
        approved_protocol,
        sig_world.chair,
        summary="Adds the clinical indication for cauda equina.",
        kind="major",
        clinical_indication="Low back pain with red flags, or suspected cauda equina",
    )
    approve_through_workflow(approved_protocol, sig_world.chair)
    as_person(client, sig_world.member)
    response = client.get(f"/sigs/protocols/{approved_protocol.pk}/compare/")
    html = soup(response)
    changed = [dt.get_text(strip=True) for dt in html.select(".sigs-compare dt")]
    assert "Clinical indication" in changed and "Change summary" in changed
    assert "Modality" not in changed
    added = html.select_one(".sigs-compare dd ins").get_text(" ", strip=True)
    assert added.startswith("added:") and "cauda equina" in added
    assert "Changes from version 1.0 to version 2.0" in text(response)
    reversed_order = client.get(f"/sigs/protocols/{approved_protocol.pk}/compare/?from=2.0&to=1.0")
    assert "Changes from version 1.0 to version 2.0" in text(reversed_order)


def test_compare_with_one_version_says_there_is_nothing_to_compare(
    client, sig_world, approved_protocol
):
    as_person(client, sig_world.member)
    response = client.get(f"/sigs/protocols/{approved_protocol.pk}/compare/")
    assert "nothing to compare yet" in text(response)


def test_the_decision_register_links_to_the_protocol_it_approved(
    client, sig_world, approved_protocol
):
    decision = approved_protocol.current_version.decision
    as_person(client, sig_world.member)
    page = text(client.get(f"/governance/decisions/{decision.pk}/"))
    assert "Protocol approved MRI lumbar spine, version 1.0" in page


# The review page ------------------------------------------------------------------------------


def test_review_page_takes_members_comments_and_the_chairs_approval(client, sig_world):
    protocol = ProtocolPageFactory(parent=sig_world.sig, title="MRI prostate")
    protocol.save_revision(user=sig_world.chair)
    from sigs.services.protocols import submit_for_review

    submit_for_review(protocol, sig_world.chair)
    url = f"/sigs/protocols/{protocol.pk}/review/"
    assert as_person(client, sig_world.non_member).get(url).status_code == 404

    as_person(client, sig_world.member)
    empty = client.post(url, {"text": ""})
    assert field_error(empty, "text").startswith("Error:")
    client.post(url, {"text": "Please add DWI b-values."})
    page = text(client.get(url))
    assert "Please add DWI b-values." in page
    assert "End review" not in page and "Approve and publish" not in page
    assert client.post(f"{url}end/").status_code == 302  # refused with a message
    from sigs.services.protocols import current_task_state

    assert current_task_state(protocol).task.name == "SIG review"

    as_person(client, sig_world.secretary)
    client.post(f"{url}end/")
    assert current_task_state(protocol).task.name == "Chair approval"
    assert "Approve and publish" not in text(client.get(url))

    as_person(client, sig_world.chair)
    bad = client.post(f"{url}approve/", {"decision_reference": "D-1999-0001"})
    assert "There is no decision D-1999-0001" in field_error(bad, "decision_reference")
    decision = DecisionFactory(meeting=sig_world.meeting)
    done = client.post(f"{url}approve/", {"decision_reference": decision.reference})
    assert done.status_code == 302
    protocol = ProtocolPage.objects.get(pk=protocol.pk)
    assert protocol.live and protocol.version == "1.0"
    assert protocol.current_version.decision == decision


# Adoption form --------------------------------------------------------------------------------


def test_a_trust_lead_sees_a_form_for_their_trust_only(client, sig_world, approved_protocol):
    url = f"/sigs/protocols/{approved_protocol.pk}/adoption/"
    assert as_person(client, sig_world.member).get(url).status_code == 404
    response = as_person(client, sig_world.lead).get(url)
    cards = [h.get_text(strip=True) for h in soup(response).select(".nhsuk-card__heading")]
    assert cards == [sig_world.trusts[1].name]
    chair_cards = soup(as_person(client, sig_world.chair).get(url)).select(".nhsuk-card__heading")
    assert len(chair_cards) >= len(sig_world.trusts)


def test_a_variation_without_a_reason_is_shown_beside_the_field(
    client, sig_world, approved_protocol
):
    url = f"/sigs/protocols/{approved_protocol.pk}/adoption/"
    trust = sig_world.trusts[1]
    as_person(client, sig_world.lead)
    prefix = f"trust-{trust.pk}"
    response = client.post(
        url, {"trust": trust.pk, f"{prefix}-status": "local_variation", f"{prefix}-adopt_by": ""}
    )
    assert response.status_code == 200
    assert "Say why the trust varies" in field_error(response, f"{prefix}-variation_reason")
    assert not Adoption.objects.exists()
    saved = client.post(
        url,
        {
            "trust": trust.pk,
            f"{prefix}-status": "local_variation",
            f"{prefix}-variation_reason": "No 3T scanner on site",
        },
        follow=True,
    )
    assert "Saved:" in text(saved)
    assert Adoption.objects.get().variation_reason == "No 3T scanner on site"


def test_a_lead_cannot_post_for_another_trust(client, sig_world, approved_protocol):
    url = f"/sigs/protocols/{approved_protocol.pk}/adoption/"
    other = sig_world.trusts[2]
    as_person(client, sig_world.lead)
    response = client.post(url, {"trust": other.pk, f"trust-{other.pk}-status": "not_applicable"})
    assert response.status_code == 404
    assert not Adoption.objects.exists()


def test_protocol_page_shows_adoption_link_to_leads_and_chair_only(
    client, sig_world, approved_protocol
):
    version = approved_protocol.current_version
    set_adoption(version, sig_world.trusts[1], sig_world.lead, "adopted", adopted_on=TODAY)
    for person, shown in (
        (sig_world.member, False),
        (sig_world.lead, True),
        (sig_world.chair, True),
    ):
        page = text(as_person(client, person).get(approved_protocol.url))
        assert ("Set your trust's adoption status" in page) is shown
