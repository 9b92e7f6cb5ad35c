"""A SIG's workspace: its work programme, its trust leads and its protocols' attachments."""

from django.db import transaction
from django.utils import timezone
from filer.models import File
from wagtail.log_actions import log

from governance.errors import NotAllowed
from governance.papers import check_upload
from governance.services.meetings import group_folder
from governance.visibility import Visibility

from ..errors import TrustLeadError, WorkItemError
from ..models import ProtocolAttachment, TrustLead, WorkItem
from ..rules import can_appoint_trust_leads, can_end_sig_review, can_manage_work_programme

WORK_ITEM_FIELDS = ("kind", "title", "status", "owner", "start", "due", "completed_on")


# Work programme ---------------------------------------------------------------------------


def save_work_item(sig, user, item=None, **values):
    """Add or change a line of the work programme. Only real changes count as an update (the
    round-up's "SIG updates" lists them)."""
    if not can_manage_work_programme(user, sig):
        raise NotAllowed("Only the SIG's chair, deputy or secretary can change its work programme.")
    if item is not None and item.sig_id != sig.pk:
        raise WorkItemError("That item belongs to another SIG.")
    if values.get("start") and values.get("due") and values["due"] < values["start"]:
        raise WorkItemError("The due date must be on or after the start date.")
    if values.get("status") == WorkItem.Status.DONE and not values.get("completed_on"):
        values["completed_on"] = timezone.localdate()
    if values.get("status") and values["status"] != WorkItem.Status.DONE:
        values["completed_on"] = None
    with transaction.atomic():
        if item is None:
            last = sig.work_items.filter(kind=values["kind"]).order_by("-sort_order").first()
            return WorkItem.objects.create(
                sig=sig, sort_order=(last.sort_order + 1) if last else 0, **values
            )
        item = WorkItem.objects.select_for_update().get(pk=item.pk)
        changed = [name for name, value in values.items() if getattr(item, name) != value]
        if not changed:
            return item
        for name in changed:
            setattr(item, name, values[name])
        item.updated_at = timezone.now()
        item.save(update_fields=[*changed, "updated_at"])
    return item


def delete_work_item(sig, user, item):
    if not can_manage_work_programme(user, sig):
        raise NotAllowed("Only the SIG's chair, deputy or secretary can change its work programme.")
    if item.sig_id != sig.pk:
        raise WorkItemError("That item belongs to another SIG.")
    item.delete()


# Trust leads ------------------------------------------------------------------------------


def appoint_trust_lead(sig, user, person, trust):
    """Make a current member of the SIG its trust lead for `trust` (chair's choice)."""
    if not can_appoint_trust_leads(user, sig):
        raise NotAllowed("Only the SIG's chair can choose trust leads.")
    if sig.current_membership_of(person) is None:
        raise TrustLeadError(f"{person} is not a member of the {sig.title}.")
    with transaction.atomic():
        lead, created = TrustLead.objects.get_or_create(sig=sig, person=person, trust=trust)
    if not created:
        raise TrustLeadError(f"{person} is already trust lead for {trust}.")
    log(
        instance=sig,
        action="sigs.trust_lead.appoint",
        user=user,
        data={"person": person.pk, "trust": trust.pk},
    )
    return lead


def remove_trust_lead(sig, user, lead):
    if not can_appoint_trust_leads(user, sig):
        raise NotAllowed("Only the SIG's chair can choose trust leads.")
    if lead.sig_id != sig.pk:
        raise TrustLeadError("That trust lead belongs to another SIG.")
    lead.delete()
    log(
        instance=sig,
        action="sigs.trust_lead.remove",
        user=user,
        data={"person": lead.person_id, "trust": lead.trust_id},
    )


# Attachments ------------------------------------------------------------------------------


@transaction.atomic
def add_attachment(protocol, uploaded_file, *, title, uploaded_by):
    """Store a protocol's attachment privately in its SIG's folder in filer."""
    if not can_end_sig_review(uploaded_by, protocol):
        raise NotAllowed("Only the SIG's chair, deputy or secretary can add attachments.")
    checked = check_upload(uploaded_file)
    stored = File.objects.create(
        file=uploaded_file,
        original_filename=checked.name,
        name=title,
        folder=group_folder(protocol.sig, "Protocols"),
        is_public=False,
        owner=uploaded_by,
    )
    return ProtocolAttachment.objects.create(
        protocol=protocol, title=title, file=stored, uploaded_by=uploaded_by
    )


def record_attachment_download(attachment, user):
    """Downloads of attachments to protocols that are not public go in the audit log."""
    if attachment.protocol.visibility != Visibility.PUBLIC:
        log(
            instance=attachment.protocol,
            action="sigs.attachment.download",
            user=user if user.is_authenticated else None,
            data={"attachment": attachment.pk, "title": attachment.title},
        )
