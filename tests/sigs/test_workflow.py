"""A protocol's way through SIG review and chair approval: who may do what, what approval
does (publish, decision, supersede), and that every version carries a change summary."""

import pytest
from wagtail.models import WorkflowState

from governance.errors import NotAllowed
from governance.models import Decision
from sigs.errors import ChangeSummaryRequired, ProtocolNotInReview
from sigs.models import ChairApprovalTask, ProtocolPage, ProtocolStatus, SigReviewTask
from sigs.services import protocols as services
from tests.governance.factories import DecisionFactory

from .factories import ProtocolPageFactory
from .fixtures import approve_through_workflow, new_draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft_protocol(sig_world):
    protocol = ProtocolPageFactory(parent=sig_world.sig, title="MRI knee")
    protocol.save_revision(user=sig_world.chair)
    return protocol


def test_first_approval_publishes_version_one_and_records_the_decision(sig_world, draft_protocol):
    version = approve_through_workflow(draft_protocol, sig_world.chair)

    protocol = ProtocolPage.objects.get(pk=draft_protocol.pk)
    assert protocol.live
    assert protocol.version == "1.0"
    assert protocol.status == ProtocolStatus.APPROVED
    assert version.decision.meeting.pk == sig_world.meeting.pk
    assert "version 1.0" in version.decision.text
    assert list(version.decision.protocols.all()) == [version]
    assert version.review_date.year == version.effective_date.year + 2


def test_a_member_cannot_approve_and_the_chair_can(sig_world, draft_protocol):
    services.submit_for_review(draft_protocol, sig_world.chair)
    services.end_sig_review(draft_protocol, sig_world.secretary)
    for person in (sig_world.member, sig_world.deputy, sig_world.secretary, sig_world.office):
        with pytest.raises(NotAllowed):
            services.approve(draft_protocol, person)
    assert not ProtocolPage.objects.get(pk=draft_protocol.pk).live

    services.approve(draft_protocol, sig_world.chair)
    assert ProtocolPage.objects.get(pk=draft_protocol.pk).live


def test_workflow_tasks_offer_actions_only_to_the_right_people(sig_world, draft_protocol):
    services.submit_for_review(draft_protocol, sig_world.chair)
    review = SigReviewTask.objects.get()
    approval = ChairApprovalTask.objects.get()
    assert review.get_actions(draft_protocol, sig_world.member) == []
    assert [a[0] for a in review.get_actions(draft_protocol, sig_world.secretary)] == [
        "reject",
        "approve",
    ]
    assert approval.get_actions(draft_protocol, sig_world.deputy) == []
    assert approval.get_actions(draft_protocol, sig_world.world.admin) == []
    assert "approve" in [a[0] for a in approval.get_actions(draft_protocol, sig_world.chair)]


def test_the_chair_cannot_skip_the_members_review(sig_world, draft_protocol):
    services.submit_for_review(draft_protocol, sig_world.chair)
    with pytest.raises(ProtocolNotInReview):
        services.approve(draft_protocol, sig_world.chair)


def test_members_comment_but_cannot_end_the_review(sig_world, draft_protocol):
    services.submit_for_review(draft_protocol, sig_world.chair)
    comment = services.add_review_comment(draft_protocol, sig_world.member, "Add a STIR sequence.")
    assert comment.revision_id == draft_protocol.get_latest_revision().pk
    with pytest.raises(NotAllowed):
        services.add_review_comment(draft_protocol, sig_world.non_member, "Drive-by comment")
    with pytest.raises(NotAllowed):
        services.end_sig_review(draft_protocol, sig_world.member)


def test_approval_supersedes_the_previous_version_which_stays_readable(
    client, sig_world, approved_protocol
):
    new_draft(approved_protocol, sig_world.chair, summary="Adds a sagittal STIR.", kind="major")
    version_two = approve_through_workflow(approved_protocol, sig_world.chair)

    protocol = ProtocolPage.objects.get(pk=approved_protocol.pk)
    first, second = sorted(protocol.versions.all(), key=lambda v: v.sort_key)
    assert (first.number, first.status) == ("1.0", ProtocolStatus.SUPERSEDED)
    assert first.superseded_at is not None
    assert (second.number, second.status) == ("2.0", ProtocolStatus.APPROVED)
    assert protocol.current_version == version_two
    client.force_login(sig_world.member)
    old = client.get(f"/sigs/protocols/{protocol.pk}/v/1.0/")
    assert old.status_code == 200
    assert "This version has been superseded" in old.content.decode()


def test_minor_change_adds_to_the_second_number(sig_world, approved_protocol):
    new_draft(approved_protocol, sig_world.chair, summary="Fixes a typo in slice thickness.")
    assert approve_through_workflow(approved_protocol, sig_world.chair).number == "1.1"


def test_a_change_summary_is_required_for_every_version(sig_world, approved_protocol):
    new_draft(approved_protocol, sig_world.chair, summary="   ")
    with pytest.raises(ChangeSummaryRequired):
        services.submit_for_review(approved_protocol, sig_world.chair)
    # Carrying the approved version's summary over unchanged does not describe the new one.
    new_draft(approved_protocol, sig_world.chair, summary="First network version.")
    with pytest.raises(ChangeSummaryRequired, match="summary of version 1.0"):
        services.submit_for_review(approved_protocol, sig_world.chair)
    assert not WorkflowState.objects.filter(status="in_progress").exists()


def test_chair_approval_is_not_offered_without_a_change_summary(sig_world, approved_protocol):
    new_draft(approved_protocol, sig_world.chair, summary="Adds a coronal T2.")
    services.submit_for_review(approved_protocol, sig_world.chair)
    services.end_sig_review(approved_protocol, sig_world.chair)
    # The summary is blanked in a later draft while the chair is deciding.
    new_draft(approved_protocol, sig_world.chair, summary="")
    protocol = ProtocolPage.objects.get(pk=approved_protocol.pk)
    approval = services.current_task_state(protocol).task.specific
    assert [a[0] for a in approval.get_actions(protocol, sig_world.chair)] == ["reject"]
    with pytest.raises(ChangeSummaryRequired):
        services.approve(protocol, sig_world.chair)
    assert ProtocolPage.objects.get(pk=protocol.pk).version == "1.0"


def test_approval_links_an_existing_decision_instead_of_recording_one(sig_world, draft_protocol):
    decision = DecisionFactory(meeting=sig_world.meeting, text="The SIG agreed the knee protocol.")
    form_reference = decision.reference
    found = services.find_decision(form_reference)
    version = approve_through_workflow(draft_protocol, sig_world.chair, decision=found)
    assert version.decision == decision
    assert Decision.objects.count() == 1


def test_request_changes_sends_the_version_back_unpublished(sig_world, draft_protocol):
    services.submit_for_review(draft_protocol, sig_world.chair)
    services.request_changes(draft_protocol, sig_world.secretary, "Needs a STIR sequence.")
    assert services.current_task_state(draft_protocol) is None
    assert not ProtocolPage.objects.get(pk=draft_protocol.pk).live
    assert ProtocolPage.objects.get(pk=draft_protocol.pk).status == ProtocolStatus.DRAFT


def test_nobody_can_publish_a_protocol_outside_the_workflow(sig_world, draft_protocol):
    for person in (sig_world.chair, sig_world.world.admin):
        assert not draft_protocol.permissions_for_user(person).can_publish()


def test_the_chair_approves_in_the_wagtail_editor_too(client, sig_world, draft_protocol):
    from django.urls import reverse

    services.submit_for_review(draft_protocol, sig_world.chair)
    services.end_sig_review(draft_protocol, sig_world.chair)
    task_state = services.current_task_state(draft_protocol)
    url = reverse(
        "wagtailadmin_pages:workflow_action", args=(draft_protocol.pk, "approve", task_state.pk)
    )
    client.force_login(sig_world.member)
    assert client.post(url, {"comment": ""}).status_code in (302, 403)
    assert not ProtocolPage.objects.get(pk=draft_protocol.pk).live
    client.force_login(sig_world.chair)
    client.post(url, {"comment": "Agreed at the March meeting", "decision_reference": ""})
    protocol = ProtocolPage.objects.get(pk=draft_protocol.pk)
    assert protocol.live and protocol.version == "1.0"
