"""Context builders that the SIG pages call from `get_context`: a SIG's workspace and a
protocol's page. Models import this module; views may too; it imports no views."""

from django.core.paginator import Paginator
from django.utils import timezone

from governance.models import MeetingPage, Membership, Minutes

from .forms import AttachmentForm
from .models import ProtocolPage, WorkItem
from .rules import (
    can_appoint_trust_leads,
    can_comment_on_protocol,
    can_end_sig_review,
    can_manage_work_programme,
    can_review_in_sig,
    is_sig_chair,
    protocol_visibilities_for,
    trusts_led_by,
)
from .services import protocols as protocol_services

PROTOCOLS_PER_PAGE = 20


# A SIG's page --------------------------------------------------------------------------------


def _leaders(memberships, role):
    return [m for m in memberships if m.role == role]


def work_programme(sig):
    """The SIG's work items grouped by kind, in the report's order."""
    items = list(sig.work_items.select_related("owner"))
    return [
        (kind, label, [item for item in items if item.kind == kind])
        for kind, label in WorkItem.Kind.choices
    ]


def latest_approved_minutes(sig):
    return (
        Minutes.objects.filter(
            meeting__in=MeetingPage.objects.child_of(sig).live(),
            status=Minutes.Status.APPROVED,
        )
        .select_related("meeting")
        .order_by("-meeting__start")
        .first()
    )


def sig_workspace_context(sig, request):
    """What a SIG's page shows beyond a group's: its leaders, work programme, protocols,
    latest approved minutes and, for those running it, protocols overdue for review."""
    if sig.pk is None:
        return {"work_programme": work_programme_preview()}
    user = request.user
    today = timezone.localdate()
    # The roll the group's part of the page has read already: no second query.
    current = [m for m in sig.membership_roll() if m.is_current(today)]
    protocols = ProtocolPage.objects.child_of(sig).with_review_state().order_by("title")
    in_review = []
    if can_review_in_sig(user, sig):
        # Members also see the versions in review: all the SIG's protocols in one query, and
        # the listed ones picked here as `visible_to` would.
        everything = list(protocols)
        in_review = [protocol for protocol in everything if protocol.in_review]
        audiences = set(protocol_visibilities_for(user))
        protocols = [p for p in everything if p.live and p.visibility in audiences]
    else:
        protocols = protocols.live().visible_to(user)
    is_leader = can_manage_work_programme(user, sig)
    # `page` is the one query parameter the anonymous page cache keys on.
    protocols_page = Paginator(protocols, PROTOCOLS_PER_PAGE).get_page(request.GET.get("page"))
    return {
        "chairs": _leaders(current, Membership.Role.CHAIR),
        "deputies": _leaders(current, Membership.Role.DEPUTY_CHAIR),
        "work_programme": work_programme(sig),
        "protocols_page": protocols_page,
        "in_review": in_review,
        "latest_minutes": latest_approved_minutes(sig),
        "can_manage_work_programme": is_leader,
        "can_appoint_trust_leads": can_appoint_trust_leads(user, sig),
        "reviews_overdue": protocol_services.reviews_overdue(sig).count() if is_leader else 0,
        "is_chair": is_sig_chair(user, sig) if user.is_authenticated else False,
    }


def work_programme_preview():
    return [(kind, label, []) for kind, label in WorkItem.Kind.choices]


# A protocol's page ---------------------------------------------------------------------------


def protocol_page_context(protocol, request):
    """What a protocol's page shows around its content."""
    if protocol.pk is None:
        return {"versions": []}
    user = request.user
    sig = protocol.sig
    task_state = protocol_services.current_task_state(protocol)
    led = trusts_led_by(user, sig)
    return {
        "sig": sig,
        "versions": list(protocol_services.versions_of(protocol)),
        "attachments": protocol.attachments.select_related("file"),
        "in_review": task_state is not None,
        "can_review": task_state is not None and can_comment_on_protocol(user, protocol),
        "can_set_adoption": protocol.current_version_id and (bool(led) or is_sig_chair(user, sig)),
        "can_add_attachment": can_end_sig_review(user, protocol),
        "can_retire": protocol.status == "approved" and is_sig_chair(user, sig),
        "attachment_form": AttachmentForm(),
        "today": timezone.localdate(),
    }
