"""A protocol's way through review and approval, its versions, and its review reminders."""

import re

from django.db import IntegrityError, transaction
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import TaskState, WorkflowState

from governance.errors import NotAllowed
from governance.models import Decision, MeetingPage
from portal.email import send_templated_email

from ..errors import AlreadyInReview, ChangeSummaryRequired, ProtocolNotInReview
from ..models import (
    ChairApprovalTask,
    ChangeKind,
    ProtocolPage,
    ProtocolStatus,
    ProtocolVersion,
    ReviewComment,
    ReviewReminder,
    SigReviewTask,
)
from ..models.protocols import REVIEW_AFTER_YEARS, approving_protocol, years_after
from ..rules import (
    can_approve_protocol,
    can_comment_on_protocol,
    can_end_sig_review,
    is_sig_chair,
)
from .adoption import carries_adoption_forward, carry_forward_adoption
from .workflow import protocol_workflow

REVIEW_WARNING_DAYS = 60
DECISION_REFERENCE = re.compile(r"^D-(\d{4})-(\d+)$", re.IGNORECASE)


# Versions ---------------------------------------------------------------------------------


def change_summary_problem(protocol, summary):
    """Why `summary` will not do for the next version of `protocol` (None if it will).

    Every version needs a summary written for it: an empty one, or the summary of the version
    already approved, carried over unchanged, does not say what this version changes.
    """
    summary = (summary or "").strip()
    if not summary:
        return "Say what this version changes and why."
    current = protocol.current_version if protocol.pk and protocol.current_version_id else None
    if current is not None and summary == current.change_summary.strip():
        return f"This is the summary of version {current.number}. Say what the new version changes."
    return None


def next_version_number(protocol, change_kind):
    """1.0 for a first version; then a major change adds one to the first number, a minor
    one to the second."""
    current = protocol.current_version if protocol.current_version_id else None
    if current is None:
        return 1, 0
    if change_kind == ChangeKind.MAJOR:
        return current.major + 1, 0
    return current.major, current.minor + 1


def find_decision(reference):
    """The decision with this register reference (D-2025-0042), or None."""
    match = DECISION_REFERENCE.match(reference.strip())
    if not match:
        return None
    decision = Decision.objects.filter(pk=int(match.group(2))).first()
    if decision is None or decision.decided_on.year != int(match.group(1)):
        return None
    return decision


def versions_of(protocol):
    return ProtocolVersion.objects.filter(protocol=protocol).select_related(
        "approved_by", "decision", "decision__meeting"
    )


# The workflow -----------------------------------------------------------------------------


def current_task_state(protocol):
    """The task the version in review is at, or None when nothing is in review."""
    state = (
        WorkflowState.objects.active()
        .for_instance(protocol)
        .select_related("current_task_state__task")
        .first()
    )
    if state is None or state.status != WorkflowState.STATUS_IN_PROGRESS:
        return None
    task_state = state.current_task_state
    return task_state.specific if task_state else None


def submit_for_review(protocol, user):
    """Send the latest draft into the SIG's review (what the editor's Submit button does)."""
    with transaction.atomic():
        protocol = ProtocolPage.objects.select_for_update().get(pk=protocol.pk)
        if protocol.workflow_in_progress:
            raise AlreadyInReview("A version of this protocol is already in review.")
        latest = protocol.get_latest_revision_as_object()
        if problem := change_summary_problem(protocol, latest.change_summary):
            raise ChangeSummaryRequired(problem)
        return protocol_workflow().start(protocol, user)


def add_review_comment(protocol, user, text):
    if not can_comment_on_protocol(user, protocol):
        raise NotAllowed("Only members of the SIG can comment on a protocol in review.")
    task_state = current_task_state(protocol)
    if task_state is None:
        raise ProtocolNotInReview("No version of this protocol is in review now.")
    return ReviewComment.objects.create(
        protocol=protocol, revision=task_state.revision, author=user, text=text.strip()
    )


def end_sig_review(protocol, user):
    """Close the members' review and pass the version to the chair."""
    task_state = _task_state_at(protocol, SigReviewTask)
    if not can_end_sig_review(user, protocol):
        raise NotAllowed("Only the SIG's chair, deputy or secretary can end the review.")
    task_state.approve(user=user)


def request_changes(protocol, user, comment):
    """Send the version back to its editors, with what to change; it stays unpublished."""
    task_state = current_task_state(protocol)
    if task_state is None:
        raise ProtocolNotInReview("No version of this protocol is in review now.")
    allowed = (
        can_approve_protocol(user, protocol)
        if task_state.task.specific_class is ChairApprovalTask
        else can_end_sig_review(user, protocol)
    )
    if not allowed:
        raise NotAllowed("You cannot send this version back.")
    task_state.reject(user=user, comment=comment)


def _task_state_at(protocol, task_class):
    task_state = current_task_state(protocol)
    if task_state is None or task_state.task.specific_class is not task_class:
        step = "the SIG's review" if task_class is SigReviewTask else "the chair's approval"
        raise ProtocolNotInReview(f"This protocol is not waiting for {step}.")
    return task_state


def approve(protocol, user, *, comment="", decision=None):
    """The chair approves the version waiting for them (the front-end's approve button)."""
    return approve_version(
        _task_state_at(protocol, ChairApprovalTask), user, comment=comment, decision=decision
    )


def approve_version(task_state, user, *, comment="", decision=None):
    """Approve and publish a version: it becomes current, the one before it is superseded
    and stays readable, the decision is linked (or recorded), and adoption follows the kind
    of version: a minor one carries every trust's status forward, a major one asks the leads
    of trusts now behind to re-confirm.
    """
    with transaction.atomic():
        protocol = ProtocolPage.objects.select_for_update().get(
            pk=task_state.workflow_state.object_id
        )
        task_state = TaskState.objects.select_for_update().get(pk=task_state.pk).specific
        if task_state.status != TaskState.STATUS_IN_PROGRESS:
            raise ProtocolNotInReview("This version has already been decided.")
        if not can_approve_protocol(user, protocol):
            raise NotAllowed("Only the chair of the SIG can approve a protocol.")
        # Wagtail's workflow publishes the latest revision, so that is the version approved.
        revision = protocol.get_latest_revision()
        draft = revision.as_object()
        if problem := change_summary_problem(protocol, draft.change_summary):
            raise ChangeSummaryRequired(problem)
        major, minor = next_version_number(protocol, draft.change_kind)
        now = timezone.now()
        today = timezone.localdate(now)
        if decision is None:
            decision = _record_decision(protocol.sig, draft, f"{major}.{minor}", today)

        token = approving_protocol.set(protocol.pk)
        try:
            task_state.approve(user=user, comment=comment)  # the last step publishes the revision
        finally:
            approving_protocol.reset(token)

        previous = protocol.current_version
        if previous is not None:
            previous.status = ProtocolStatus.SUPERSEDED
            previous.superseded_at = now
            previous.save(update_fields=["status", "superseded_at"])
        version = ProtocolVersion.objects.create(
            protocol=protocol,
            major=major,
            minor=minor,
            revision=revision,
            title=draft.title,
            change_kind=draft.change_kind,
            change_summary=draft.change_summary.strip(),
            approved_at=now,
            approved_by=user,
            decision=decision,
            effective_date=today,
            review_date=years_after(today, REVIEW_AFTER_YEARS),
        )
        ProtocolPage.objects.filter(pk=protocol.pk).update(current_version=version)
        carried = carry_forward_adoption(previous, version)
        log(
            instance=protocol,
            action="sigs.protocol.approve",
            user=user,
            data={
                "version": version.number,
                "decision": decision.reference if decision else "",
                "superseded": previous.number if previous else "",
                "kind": version.change_kind,
                "adoption_carried_forward": len(carried),
            },
        )
        if previous is not None and not carries_adoption_forward(version):
            transaction.on_commit(lambda: _enqueue_new_version_notices(version.pk))
    return version


def _record_decision(sig, draft, number, today):
    """Approval outside a recorded meeting decision goes on the SIG's latest meeting."""
    meeting = (
        MeetingPage.objects.child_of(sig)
        .exclude(status=MeetingPage.Status.CANCELLED)
        .filter(start__date__lte=today)
        .order_by("-start")
        .first()
    )
    if meeting is None:
        return None
    return Decision.objects.create(
        meeting=meeting,
        text=f"The chair approved {draft.title}, version {number}: {draft.change_summary.strip()}",
        decided_on=today,
    )


def _enqueue_new_version_notices(version_id):
    from ..tasks import tell_trust_leads_of_new_version

    tell_trust_leads_of_new_version.enqueue(version_id)


def retire(protocol, user):
    """Withdraw a protocol: it stays readable, marked retired, and is no longer adopted."""
    with transaction.atomic():
        protocol = ProtocolPage.objects.select_for_update().get(pk=protocol.pk)
        if not is_sig_chair(user, protocol.sig):
            raise NotAllowed("Only the chair of the SIG can retire a protocol.")
        current = protocol.current_version
        if current is None or current.status != ProtocolStatus.APPROVED:
            raise ProtocolNotInReview("Only an approved protocol can be retired.")
        current.status = ProtocolStatus.RETIRED
        current.save(update_fields=["status"])
        log(instance=protocol, action="sigs.protocol.retire", user=user)
    return current


# Review reminders -------------------------------------------------------------------------


def reviews_overdue(sig, today=None):
    """Current versions of the SIG's protocols whose review date has passed."""
    today = today or timezone.localdate()
    return (
        ProtocolVersion.objects.current()
        .filter(protocol__in=ProtocolPage.objects.child_of(sig), review_date__lt=today)
        .select_related("protocol", "protocol__protocol_owner")
        .order_by("review_date")
    )


def _reminder_key(version, today):
    if version.review_date < today:
        year, week, _ = today.isocalendar()
        return f"overdue-{year}-W{week:02d}"
    return "due-soon"


def send_review_reminders(today=None):
    """Email each current protocol's owner 60 days before its review date, and each week
    while it is overdue. A reminder row is written before sending, so none goes twice."""
    today = today or timezone.localdate()
    due = (
        ProtocolVersion.objects.due_for_review(REVIEW_WARNING_DAYS, today)
        .select_related("protocol", "protocol__protocol_owner")
        .order_by("review_date", "pk")
    )
    sent = 0
    for version in due:
        owner = version.protocol.protocol_owner or _chair_of(version.protocol)
        if owner is None or not owner.email:
            continue
        key = _reminder_key(version, today)
        try:
            with transaction.atomic():
                ReviewReminder.objects.create(version=version, key=key, sent_to=owner.email)
                send_templated_email(
                    "sigs/email/protocol_review_due",
                    owner.email,
                    {
                        "person": owner,
                        "version": version,
                        "protocol": version.protocol,
                        "overdue": version.review_date < today,
                        "days_left": (version.review_date - today).days,
                    },
                )
        except IntegrityError:
            continue
        sent += 1
    return sent


def _chair_of(protocol):
    from governance.models import Membership

    chair = protocol.sig.memberships.current().filter(role=Membership.Role.CHAIR).first()
    return chair.person if chair else None
