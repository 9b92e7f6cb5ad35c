"""Minutes, decisions and actions: what a meeting records, and how each moves on."""

from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from .. import notifications
from ..errors import (
    CorrectionRefused,
    MinutesApprovalRefused,
    MinutesLocked,
    MinutesWrongState,
    NotAllowed,
)
from ..models import (
    Action,
    ActionUpdate,
    AgendaItem,
    Decision,
    MeetingPage,
    MinuteEntry,
    Minutes,
    MinutesCorrection,
)
from ..rules import can_manage_group, can_update_action
from .meetings import log_correction, quorum, require_started, standing_kind


def _require_manager(user, meeting):
    if not can_manage_group(user, meeting.group):
        raise NotAllowed("Only the chair, deputy or secretary can do this.")


def minutes_for(meeting):
    minutes, _ = Minutes.objects.get_or_create(meeting=meeting)
    return minutes


@transaction.atomic
def write_minute(agenda_item, text, *, by):
    meeting = agenda_item.meeting
    _require_manager(by, meeting)
    require_started(meeting, "minutes")
    minutes = Minutes.objects.select_for_update().get(pk=minutes_for(meeting).pk)
    if minutes.is_approved:
        raise MinutesLocked(
            "These minutes are approved and locked. Make a correction with a reason instead."
        )
    entry, _ = MinuteEntry.objects.update_or_create(
        agenda_item=agenda_item, defaults={"minutes": minutes, "text": text}
    )
    return entry


@transaction.atomic
def circulate_minutes(meeting, *, by):
    """Draft → circulated: members can read them; the quorum statement is written in."""
    _require_manager(by, meeting)
    require_started(meeting, "minutes")
    minutes = Minutes.objects.select_for_update().get(pk=minutes_for(meeting).pk)
    if minutes.status != Minutes.Status.DRAFT:
        raise MinutesWrongState("Only draft minutes can be circulated.")
    minutes.status = Minutes.Status.CIRCULATED
    minutes.circulated_at = timezone.now()
    minutes.quorum_note = quorum(meeting).summary()
    minutes.save()
    log(instance=meeting, action="governance.minutes.circulate", user=by)
    members = [m.person for m in meeting.group.current_memberships() if m.person.is_active]
    transaction.on_commit(lambda: _tell_members_minutes_circulated(meeting, members))
    return minutes


def _tell_members_minutes_circulated(meeting, members):
    notifications.minutes_circulated(meeting, members)


def check_approving_meeting(minutes_meeting, at_meeting, *, now=None):
    """The one rule for where minutes are approved: at a later meeting of the same group, one
    that is under way or has been held (so the approval is a decision that meeting made)."""
    if at_meeting.group.pk != minutes_meeting.group.pk:
        raise MinutesApprovalRefused("Minutes are approved at a meeting of the same group.")
    if at_meeting.pk == minutes_meeting.pk or at_meeting.start <= minutes_meeting.start:
        raise MinutesApprovalRefused(
            "Minutes are approved at a later meeting, not at the meeting they record or an "
            "earlier one."
        )
    if at_meeting.status == MeetingPage.Status.CANCELLED:
        raise MinutesApprovalRefused(
            f"{at_meeting.title} was cancelled, so it cannot approve minutes."
        )
    if (now or timezone.now()) < at_meeting.start:
        starts = timezone.localtime(at_meeting.start)
        raise MinutesApprovalRefused(
            f"{at_meeting.title} has not started yet (it starts at {starts:%H:%M} on "
            f"{starts.day} {starts:%B %Y}). Minutes are approved at a later meeting once it is "
            "under way or has been held."
        )


def meetings_that_may_approve(meeting, *, now=None):
    """The later meetings of the group where the minutes of `meeting` may be approved now."""
    candidates = (
        MeetingPage.objects.child_of(meeting.group)
        .filter(start__gt=meeting.start)
        .order_by("start")
    )
    allowed = []
    for candidate in candidates:
        try:
            check_approving_meeting(meeting, candidate, now=now)
        except MinutesApprovalRefused:
            continue
        allowed.append(candidate)
    return allowed


def previous_minutes_item(meeting):
    """The agenda item where a meeting approves the last one's minutes, if it has one."""
    for item in meeting.agenda_items.all():
        if standing_kind(item) == AgendaItem.Kind.PREVIOUS_MINUTES:
            return item
    return None


@transaction.atomic
def approve_minutes(minutes, *, at_meeting, by):
    """Circulated → approved, by a decision of a later meeting that is under way or held;
    then locked."""
    _require_manager(by, at_meeting)
    minutes = Minutes.objects.select_for_update().select_related("meeting").get(pk=minutes.pk)
    if minutes.status != Minutes.Status.CIRCULATED:
        raise MinutesWrongState("Minutes must be circulated to members before approval.")
    check_approving_meeting(minutes.meeting, at_meeting)
    decision = record_decision(
        at_meeting,
        agenda_item=previous_minutes_item(at_meeting),
        text=f"The minutes of {minutes.meeting.title} were approved as a true record.",
        by=by,
    )
    minutes.status = Minutes.Status.APPROVED
    minutes.approved_at = timezone.now()
    minutes.approved_by_decision = decision
    minutes.save()
    log(
        instance=minutes.meeting,
        action="governance.minutes.approve",
        user=by,
        data={"decision": decision.pk, "at_meeting": at_meeting.pk},
    )
    return minutes


def _require_reason(reason):
    if not (reason or "").strip():
        raise CorrectionRefused("Give a reason for the correction.")


@transaction.atomic
def correct_minute(entry, new_text, *, reason, by):
    """Approved minutes change only through a correction that keeps the old text and why."""
    meeting = entry.minutes.meeting
    _require_manager(by, meeting)
    _require_reason(reason)
    entry = MinuteEntry.objects.select_for_update().get(pk=entry.pk)
    if new_text == entry.text:
        raise CorrectionRefused("The corrected minute is the same as the minute. Change it.")
    MinutesCorrection.objects.create(
        entry=entry, previous_text=entry.text, new_text=new_text, reason=reason, made_by=by
    )
    log_correction(
        meeting,
        "minutes",
        [{"item": entry.agenda_item.title, "from": entry.text, "to": new_text}],
        reason=reason,
        by=by,
    )
    entry.text = new_text
    entry.save(update_fields=["text"])
    return entry


def decision_date(meeting):
    """The one rule for a decision's date: the day of the meeting that made it, in London."""
    return timezone.localtime(meeting.start).date()


@transaction.atomic
def record_decision(
    meeting,
    *,
    text,
    by,
    agenda_item=None,
    votes_for=None,
    votes_against=None,
    abstentions=None,
):
    """A decision of a meeting that has started, dated the day of the meeting."""
    _require_manager(by, meeting)
    require_started(meeting, "decisions")
    decision = Decision.objects.create(
        meeting=meeting,
        agenda_item=agenda_item,
        text=text,
        decided_on=decision_date(meeting),
        votes_for=votes_for,
        votes_against=votes_against,
        abstentions=abstentions,
    )
    log(
        instance=meeting,
        action="governance.decision.record",
        user=by,
        data={"decision": decision.pk},
    )
    return decision


DECISION_FIELDS = {
    "text": "What was decided",
    "votes_for": "Votes for",
    "votes_against": "Votes against",
    "abstentions": "Abstentions",
}


@transaction.atomic
def correct_decision(decision, *, reason, by, **fields):
    """Correct a recorded decision (its wording or the vote), with a reason; the log keeps
    who made the correction, when, what each changed field was and became, and why."""
    _require_manager(by, decision.meeting)
    _require_reason(reason)
    decision = Decision.objects.select_for_update().select_related("meeting").get(pk=decision.pk)
    changes = []
    for name, value in fields.items():
        if name not in DECISION_FIELDS:
            raise CorrectionRefused(f"{name} is not part of a decision that can be corrected.")
        before = getattr(decision, name)
        if before != value:
            changes.append({"field": DECISION_FIELDS[name], "from": before, "to": value})
            setattr(decision, name, value)
    if not changes:
        raise CorrectionRefused("Nothing was changed, so there is nothing to correct.")
    decision.save(update_fields=[name for name in fields])
    log_correction(
        decision.meeting,
        f"decision {decision.reference}",
        changes,
        reason=reason,
        by=by,
    )
    return decision


def record_action(meeting, *, description, owner, due, by, agenda_item=None):
    _require_manager(by, meeting)
    require_started(meeting, "actions")
    action = Action.objects.create(
        meeting=meeting,
        agenda_item=agenda_item,
        description=description,
        owner=owner,
        due=due,
    )
    transaction.on_commit(lambda: notifications.action_assigned(action))
    return action


def add_action_update(action, text, *, by):
    if not can_update_action(by, action):
        raise NotAllowed("Only the action's owner or the group's officers can update it.")
    return ActionUpdate.objects.create(action=action, text=text, author=by)


@transaction.atomic
def close_action(action, *, status, noted_at, by):
    """Close an action as done or dropped, recording the meeting that noted it."""
    _require_manager(by, noted_at)
    action = Action.objects.select_for_update().get(pk=action.pk)
    if action.status != Action.Status.OPEN:
        raise MinutesWrongState("This action is already closed.")
    action.status = status
    action.closed_at = timezone.now()
    action.closure_noted_at = noted_at
    action.save(update_fields=["status", "closed_at", "closure_noted_at"])
    return action
