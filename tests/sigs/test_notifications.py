"""SIGs tell people through the one notification service: a protocol review started in their
SIG (its members), and a new major version their trust has not adopted (trust leads)."""

import pytest

from portal.notifications.models import Notification
from portal.notifications.registry import Channel
from portal.notifications.services import save_preferences
from sigs.models import Adoption, ProtocolPage
from sigs.services import adoption as services
from sigs.services import protocols as protocol_services
from sigs.services.adoption import set_adoption
from tests.plugins.clock import TODAY

from .fixtures import approve_through_workflow, new_draft

Status = Adoption.Status

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]


def test_a_review_started_tells_the_sigs_members_once(
    sig_world, approved_protocol, immediate_tasks, smtp_inbox, django_capture_on_commit_callbacks
):
    new_draft(approved_protocol, sig_world.chair, summary="Adds a sagittal STIR.")
    with django_capture_on_commit_callbacks(execute=True):
        protocol_services.submit_for_review(approved_protocol, sig_world.chair)
    told = Notification.objects.filter(kind="sigs.review_started")
    members = [sig_world.chair, sig_world.deputy, sig_world.secretary, sig_world.member]
    assert {p.pk for p in members} <= set(told.values_list("recipient", flat=True))
    assert not told.filter(recipient=sig_world.non_member).exists()
    [message] = [
        m for m in smtp_inbox.to(sig_world.member.email) if "review started" in m["Subject"]
    ]
    assert message["Subject"] == "Protocol review started: MRI lumbar spine"
    assert f"/sigs/protocols/{approved_protocol.pk}/review/" in smtp_inbox.text(message)


def test_a_trust_lead_who_switched_new_versions_off_is_not_emailed(
    sig_world, approved_protocol, smtp_inbox, django_capture_on_commit_callbacks
):
    first = ProtocolPage.objects.get(pk=approved_protocol.pk).current_version
    set_adoption(first, sig_world.trusts[1], sig_world.lead, Status.ADOPTED, adopted_on=TODAY)
    save_preferences(sig_world.lead, {"sigs.new_version_to_adopt": Channel.OFF})
    new_draft(approved_protocol, sig_world.chair, summary="Adds a sagittal STIR.", kind="major")
    with django_capture_on_commit_callbacks(execute=False):
        second = approve_through_workflow(approved_protocol, sig_world.chair)
    assert services.tell_trust_leads_of_new_version(second.pk) == 0
    assert smtp_inbox.to(sig_world.lead.email) == []
    assert not Notification.objects.filter(kind="sigs.new_version_to_adopt").exists()


def test_a_trust_lead_is_told_in_the_portal_beside_the_email(
    sig_world, approved_protocol, smtp_inbox, django_capture_on_commit_callbacks
):
    first = ProtocolPage.objects.get(pk=approved_protocol.pk).current_version
    set_adoption(first, sig_world.trusts[1], sig_world.lead, Status.ADOPTED, adopted_on=TODAY)
    new_draft(approved_protocol, sig_world.chair, summary="Adds a sagittal STIR.", kind="major")
    with django_capture_on_commit_callbacks(execute=False):
        second = approve_through_workflow(approved_protocol, sig_world.chair)
    services.tell_trust_leads_of_new_version(second.pk)
    services.tell_trust_leads_of_new_version(second.pk)
    assert len(smtp_inbox.to(sig_world.lead.email)) == 1  # the adoption email, not a second
    [notification] = Notification.objects.filter(kind="sigs.new_version_to_adopt")
    assert notification.recipient == sig_world.lead
    assert notification.title.startswith("New version 2.0 of MRI lumbar spine")
