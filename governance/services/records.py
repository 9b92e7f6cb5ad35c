"""Minutes, decisions and actions: what a meeting records, and how each moves on."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from portal.email import send_templated_email

from ..errors import MinutesLocked, MinutesWrongState, NotAllowed
from ..models import (
    Action,
    ActionUpdate,
    AgendaItem,
    Decision,
    MinuteEntry,
    Minutes,
    MinutesCorrection,
)
from ..rules import can_manage_group, can_update_action
from .meetings import quorum


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
    for person in members:
        send_templated_email(
            "governance/email/minutes_circulated",
            person.email,
            {"person": person, "meeting": meeting, "group": meeting.group},
        )


@transaction.atomic
def approve_minutes(minutes, *, at_meeting, by, decided_on=None):
    """Circulated → approved, by a decision recorded at a later meeting; then locked."""
    _require_manager(by, at_meeting)
    minutes = Minutes.objects.select_for_update().select_related("meeting").get(pk=minutes.pk)
    if minutes.status != Minutes.Status.CIRCULATED:
        raise MinutesWrongState("Minutes must be circulated to members before approval.")
    if at_meeting.start <= minutes.meeting.start:
        raise MinutesWrongState("Minutes are approved at a later meeting.")
    if at_meeting.group.pk != minutes.meeting.group.pk:
        raise MinutesWrongState("Minutes are approved at a meeting of the same group.")
    decision = record_decision(
        at_meeting,
        agenda_item=at_meeting.agenda_items.filter(kind=AgendaItem.Kind.PREVIOUS_MINUTES).first(),
        text=f"The minutes of {minutes.meeting.title} were approved as a true record.",
        decided_on=decided_on or timezone.localtime(at_meeting.start).date(),
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
        data={"decision": decision.pk},
    )
    return minutes


@transaction.atomic
def correct_minute(entry, new_text, *, reason, by):
    """Approved minutes change only through a correction that keeps the old text and why."""
    _require_manager(by, entry.minutes.meeting)
    if not reason.strip():
        raise MinutesWrongState("Give a reason for the correction.")
    entry = MinuteEntry.objects.select_for_update().get(pk=entry.pk)
    MinutesCorrection.objects.create(
        entry=entry, previous_text=entry.text, new_text=new_text, reason=reason, made_by=by
    )
    entry.text = new_text
    entry.save(update_fields=["text"])
    return entry


def record_decision(
    meeting,
    *,
    text,
    decided_on,
    by,
    agenda_item=None,
    votes_for=None,
    votes_against=None,
    abstentions=None,
):
    _require_manager(by, meeting)
    decision = Decision.objects.create(
        meeting=meeting,
        agenda_item=agenda_item,
        text=text,
        decided_on=decided_on,
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


def record_action(meeting, *, description, owner, due, by, agenda_item=None):
    _require_manager(by, meeting)
    return Action.objects.create(
        meeting=meeting,
        agenda_item=agenda_item,
        description=description,
        owner=owner,
        due=due,
    )


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


def send_overdue_action_reminders(today=None):
    """Email each owner of overdue actions once a week, listing them all in one message.

    A person reminded in the last 6 days is skipped, so a retried or doubled run sends
    nothing twice.
    """
    today = today or timezone.localdate()
    overdue = (
        Action.objects.overdue(today).select_related("owner", "meeting").order_by("owner", "due")
    )
    by_owner = {}
    for action in overdue:
        if action.last_overdue_reminder and (today - action.last_overdue_reminder).days < 7:
            continue
        by_owner.setdefault(action.owner, []).append(action)
    for owner, actions in by_owner.items():
        with transaction.atomic():
            claimed = (
                Action.objects.filter(pk__in=[a.pk for a in actions])
                .exclude(last_overdue_reminder__gt=today - timedelta(days=7))
                .update(last_overdue_reminder=today)
            )
            if claimed:
                send_templated_email(
                    "governance/email/overdue_actions",
                    owner.email,
                    {"owner": owner, "actions": actions, "today": today},
                )
    return len(by_owner)
