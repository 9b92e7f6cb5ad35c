"""SIG services beyond the workflow: the work programme, trust leads, review reminders, the
round-up's queries, attachments, and the Wagtail editor's own doors."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from wagtail.models import PageLogEntry

from governance.errors import GovernanceError, NotAllowed
from sigs import tasks
from sigs.errors import TrustLeadError, WorkItemError
from sigs.models import ProtocolPage, ProtocolVersion, ReviewReminder, TrustLead, WorkItem
from sigs.services import workspace as services
from sigs.services.protocols import send_review_reminders
from tests.governance.factories import pdf_upload
from tests.plugins import clock
from tests.portal.factories import UserFactory

from .factories import ProtocolPageFactory, WorkItemFactory
from .fixtures import approve_through_workflow, new_draft

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]
TODAY = clock.TODAY


# Work programme ---------------------------------------------------------------------------


def test_leaders_add_and_change_work_items_and_members_cannot(sig_world):
    item = services.save_work_item(
        sig_world.sig,
        sig_world.secretary,
        kind=WorkItem.Kind.DELIVERABLE,
        title="Standard MRI lumbar spine protocol",
        status=WorkItem.Status.IN_PROGRESS,
        owner=sig_world.chair,
        start=TODAY,
        due=TODAY + dt.timedelta(days=90),
    )
    with pytest.raises(NotAllowed):
        services.save_work_item(sig_world.sig, sig_world.member, item, status="done")
    done = services.save_work_item(sig_world.sig, sig_world.chair, item, status="done")
    assert done.completed_on == TODAY


def test_due_date_cannot_come_before_the_start(sig_world):
    with pytest.raises(WorkItemError):
        services.save_work_item(
            sig_world.sig,
            sig_world.chair,
            kind=WorkItem.Kind.PROGRESS,
            title="Pilot the safety form",
            start=TODAY,
            due=TODAY - dt.timedelta(days=1),
        )


def test_only_real_changes_count_as_updates_for_the_round_up(sig_world):
    long_ago = timezone.now() - dt.timedelta(days=30)
    item = WorkItemFactory(sig=sig_world.sig, created_at=long_ago, updated_at=long_ago)
    window = (timezone.now() - dt.timedelta(days=7), timezone.now() + dt.timedelta(seconds=1))
    services.save_work_item(sig_world.sig, sig_world.chair, item, title=item.title)
    assert list(WorkItem.objects.updated_between(*window)) == []
    services.save_work_item(sig_world.sig, sig_world.chair, item, status="in_progress")
    window = (window[0], timezone.now() + dt.timedelta(seconds=1))
    assert list(WorkItem.objects.updated_between(*window)) == [item]


def test_work_programme_page_is_for_those_running_the_sig(client, sig_world):
    url = f"/sigs/{sig_world.sig.pk}/work-programme/"
    client.force_login(sig_world.member)
    assert client.get(url).status_code == 404
    client.force_login(sig_world.deputy)
    response = client.post(url, {"kind": "benefit", "title": "", "status": "planned"})
    assert "This field is required" in response.content.decode()
    client.post(url, {"kind": "benefit", "title": "Less repeat imaging", "status": "planned"})
    assert WorkItem.objects.get().title == "Less repeat imaging"


# Trust leads ------------------------------------------------------------------------------


def test_the_chair_chooses_trust_leads_from_the_sigs_members(sig_world):
    trust = sig_world.trusts[3]
    lead = services.appoint_trust_lead(sig_world.sig, sig_world.chair, sig_world.member, trust)
    assert lead.trust == trust
    with pytest.raises(TrustLeadError):
        services.appoint_trust_lead(sig_world.sig, sig_world.chair, sig_world.member, trust)
    with pytest.raises(TrustLeadError):
        services.appoint_trust_lead(sig_world.sig, sig_world.chair, sig_world.non_member, trust)
    for person in (sig_world.deputy, sig_world.member):
        with pytest.raises(NotAllowed):
            services.appoint_trust_lead(sig_world.sig, person, sig_world.member, trust)
    services.remove_trust_lead(sig_world.sig, sig_world.chair, lead)
    assert not TrustLead.objects.filter(pk=lead.pk).exists()


def test_trust_leads_page(client, sig_world):
    url = f"/sigs/{sig_world.sig.pk}/trust-leads/"
    client.force_login(sig_world.non_member)
    assert client.get(url).status_code == 404
    client.force_login(sig_world.member)
    page = client.get(url).content.decode()
    assert sig_world.trusts[1].name in page and "Choose a trust lead" not in page
    assert client.post(url, {"person": sig_world.member.pk}).status_code == 404
    client.force_login(sig_world.chair)
    response = client.post(
        url, {"person": sig_world.member.pk, "trust": sig_world.trusts[3].pk}, follow=True
    )
    assert "is now trust lead for" in response.content.decode()


# Review reminders -------------------------------------------------------------------------


def _review_on(protocol, day):
    ProtocolVersion.objects.filter(pk=protocol.current_version_id).update(review_date=day)


def test_owner_is_reminded_60_days_before_review_once(sig_world, approved_protocol, smtp_inbox):
    ProtocolPage.objects.filter(pk=approved_protocol.pk).update(protocol_owner=sig_world.member)
    _review_on(approved_protocol, TODAY + dt.timedelta(days=61))
    assert send_review_reminders() == 0
    _review_on(approved_protocol, TODAY + dt.timedelta(days=60))
    assert send_review_reminders() == 1
    assert send_review_reminders() == 0
    (message,) = smtp_inbox.to(sig_world.member.email)
    assert message["Subject"].startswith("Due for review by")
    assert "in 60 days" in smtp_inbox.text(message)


def test_overdue_reminders_repeat_weekly_while_overdue(sig_world, approved_protocol, smtp_inbox):
    ProtocolPage.objects.filter(pk=approved_protocol.pk).update(protocol_owner=sig_world.member)
    _review_on(approved_protocol, TODAY - dt.timedelta(days=3))
    assert send_review_reminders(TODAY) == 1
    assert send_review_reminders(TODAY + dt.timedelta(days=1)) in (0, 1)  # same ISO week or not
    sent_this_week = ReviewReminder.objects.count()
    assert send_review_reminders(TODAY + dt.timedelta(days=7)) == 1
    assert ReviewReminder.objects.count() == sent_this_week + 1
    assert "overdue" in smtp_inbox.messages[0]["Subject"].lower()


def test_without_an_owner_the_chair_is_reminded(sig_world, approved_protocol, smtp_inbox):
    _review_on(approved_protocol, TODAY - dt.timedelta(days=1))
    assert send_review_reminders() == 1
    assert smtp_inbox.to(sig_world.chair.email)


def test_superseded_versions_are_not_reminded(sig_world, approved_protocol, smtp_inbox):
    old = approved_protocol.current_version
    new_draft(approved_protocol, sig_world.chair, summary="Adds STIR.")
    approve_through_workflow(approved_protocol, sig_world.chair)
    ProtocolVersion.objects.filter(pk=old.pk).update(review_date=TODAY - dt.timedelta(days=9))
    assert send_review_reminders() == 0


def test_the_task_sends_and_queues_its_next_run(sig_world, approved_protocol, smtp_inbox):
    _review_on(approved_protocol, TODAY - dt.timedelta(days=1))
    assert tasks.send_protocol_review_reminders.call() == 1
    assert tasks.send_protocol_review_reminders.call() == 0
    assert DBTaskResult.objects.filter(
        task_path="sigs.tasks.send_protocol_review_reminders", status="READY"
    ).exists()


# For the round-up -------------------------------------------------------------------------


def test_approved_between_finds_protocols_with_a_version_approved_in_the_window(
    sig_world, approved_protocol
):
    now = timezone.now()
    assert list(ProtocolPage.objects.approved_between(now - dt.timedelta(days=7), now)) == [
        approved_protocol
    ]
    assert (
        list(
            ProtocolPage.objects.approved_between(
                now - dt.timedelta(days=14), now - dt.timedelta(days=7)
            )
        )
        == []
    )
    assert ProtocolPage.objects.approved_between(now - dt.timedelta(1), now)[0].version == "1.0"


# Attachments ------------------------------------------------------------------------------


def test_attachments_are_checked_private_and_downloads_are_audited(
    client, sig_world, approved_protocol
):
    with pytest.raises(GovernanceError):
        services.add_attachment(
            approved_protocol,
            SimpleUploadedFile("form.pdf", b"not a pdf"),
            title="MR safety form",
            uploaded_by=sig_world.chair,
        )
    with pytest.raises(NotAllowed):
        services.add_attachment(
            approved_protocol, pdf_upload(), title="Form", uploaded_by=sig_world.member
        )
    attachment = services.add_attachment(
        approved_protocol,
        pdf_upload("form.pdf"),
        title="MR safety form",
        uploaded_by=sig_world.chair,
    )
    assert attachment.file.is_public is False
    url = f"/sigs/attachments/{attachment.pk}/"
    assert client.get(url).status_code == 302  # a network protocol: sign in first
    client.force_login(UserFactory(applicant=True))
    assert client.get(url).status_code == 404
    client.force_login(sig_world.member)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert PageLogEntry.objects.filter(
        page=approved_protocol, action="sigs.attachment.download", user=sig_world.member
    ).exists()


# The Wagtail editor -----------------------------------------------------------------------


def test_editor_requires_a_new_change_summary(client, sig_world, approved_protocol):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

    client.force_login(sig_world.chair)
    data = nested_form_data(
        {
            "title": approved_protocol.title,
            "slug": approved_protocol.slug,
            "modality": "mri",
            "body_area": "Lumbar spine",
            "clinical_indication": "Back pain",
            "summary": "",
            "visibility": "network",
            "protocol_owner": "",
            "body": streamfield([]),
            "change_kind": "minor",
            "change_summary": "First network version.",
            "comments": inline_formset([]),
        }
    )
    response = client.post(f"/admin/pages/{approved_protocol.pk}/edit/", data)
    assert response.status_code == 200
    assert "This is the summary of version 1.0" in response.content.decode()


def test_the_publish_button_is_refused_even_to_the_chair(client, sig_world):
    protocol = ProtocolPageFactory(parent=sig_world.sig, title="MRI hip")
    protocol.save_revision(user=sig_world.chair)
    assert not protocol.permissions_for_user(sig_world.chair).can_publish()
    client.force_login(sig_world.chair)
    page = client.get(f"/admin/pages/{protocol.pk}/edit/").content.decode()
    assert "action-publish" not in page
    assert "action-submit" in page
