"""Writing a risk: opening it with a new reference and its opening score, re-scoring it with
a reason (kept in its history, with any escalation it causes), editing, closing, reopening."""

from django.db import transaction
from django.utils import timezone

from governance.errors import NotAllowed
from governance.rules import can_manage_group

from .. import notifications
from ..errors import ReasonRequired, RiskError
from ..models import (
    RISK_REFERENCE_PREFIX,
    Risk,
    RiskReferenceCounter,
    RiskScoreChange,
    RiskSettings,
    RiskTree,
)
from ..rules import can_edit_risk
from .escalation import escalation_change

OPENING_REASON = "Risk opened."


def risk_settings(request=None):
    """The bands and review frequencies (cached on the request when there is one)."""
    return RiskSettings.load(request_or_site=request)


def _next_reference():
    """The next risk reference. The counter row is locked, so two risks opened at once never
    share a number, and a deleted risk's number is never issued again."""
    counter, _ = RiskReferenceCounter.objects.select_for_update().get_or_create(pk=1)
    counter.last_issued += 1
    counter.save(update_fields=["last_issued"])
    return f"{RISK_REFERENCE_PREFIX}-{counter.last_issued:03d}"


def _record_score(risk, *, previous, by, reason, at, tree):
    """Write the history row for a new current score (`previous` is None when opening)."""
    before = previous[0] * previous[1] if previous else None
    escalation, note = escalation_change(tree, risk.group_id, before, risk.current_score)
    change = RiskScoreChange.objects.create(
        risk=risk,
        changed_at=at,
        changed_by=by,
        reason=reason,
        previous_consequence=previous[0] if previous else None,
        previous_likelihood=previous[1] if previous else None,
        new_consequence=risk.current_consequence,
        new_likelihood=risk.current_likelihood,
        escalation=escalation,
        escalation_note=note,
    )
    if escalation == RiskScoreChange.Escalation.ESCALATED:
        was = tree.escalated_to(risk.group_id, before) if before is not None else []
        reached = tree.escalated_to(risk.group_id, risk.current_score)[len(was) :]
        transaction.on_commit(lambda: notifications.risk_escalated(risk, change, reached))
    return change


def require_editor(user, risk):
    if not can_edit_risk(user, risk):
        raise NotAllowed("Only the risk's owner or the group's chair, deputy or secretary can.")


@transaction.atomic
def open_risk(group, *, by, actions=(), decisions=(), at=None, **fields):
    """Add a risk to a group's register with a new reference and its opening score."""
    if not can_manage_group(by, group):
        raise NotAllowed("Only the group's chair, deputy or secretary can add risks.")
    at = at or timezone.now()
    risk = Risk(group=group, reference=_next_reference(), **fields)
    if "opened_on" not in fields:
        risk.opened_on = timezone.localdate(at)
    risk.next_review_date = risk.opened_on + risk.review_interval(risk_settings())
    risk.save()
    risk.actions.set(actions)
    risk.decisions.set(decisions)
    risk.refresh_from_db(fields=["current_score"])
    _record_score(risk, previous=None, by=by, reason=OPENING_REASON, at=at, tree=RiskTree())
    return risk


@transaction.atomic
def change_score(risk, *, consequence, likelihood, reason, by, at=None):
    """Re-score a risk. Every change is kept with who, when, why and the score before; moving
    across an escalation threshold is noted in the same row. Without a reason, nothing changes.
    """
    risk = Risk.objects.select_for_update(of=("self",)).select_related("group").get(pk=risk.pk)
    require_editor(by, risk)
    previous = (risk.current_consequence, risk.current_likelihood)
    if previous == (consequence, likelihood):
        return None
    if not (reason or "").strip():
        raise ReasonRequired("Give a reason for changing the score.")
    if not risk.is_open:
        raise RiskError("This risk is closed. Reopen it before changing its score.")
    at = at or timezone.now()
    risk.current_consequence, risk.current_likelihood = consequence, likelihood
    # A risk that moves into a band reviewed more often is due for review sooner.
    sooner = timezone.localdate(at) + risk.review_interval(risk_settings())
    risk.next_review_date = min(risk.next_review_date, sooner)
    risk.save(update_fields=["current_consequence", "current_likelihood", "next_review_date"])
    risk.refresh_from_db(fields=["current_score"])
    return _record_score(
        risk, previous=previous, by=by, reason=reason.strip(), at=at, tree=RiskTree()
    )


# What a risk says about itself, and what it aims for: the fields `update_risk` may change (its
# scores change through `change_score`, its status through reviews and closure).
DESCRIPTION_FIELDS = (
    "title",
    "cause",
    "event",
    "effect",
    "source",
    "category",
    "owner",
    "controls",
    "gaps_in_control",
    "assurances",
    "gaps_in_assurance",
)
TARGET_FIELDS = ("target_consequence", "target_likelihood", "appetite", "review_frequency_days")
EDITABLE_FIELDS = DESCRIPTION_FIELDS + TARGET_FIELDS


@transaction.atomic
def update_risk(
    risk,
    *,
    by,
    current_consequence,
    current_likelihood,
    reason="",
    status=None,
    closure_reason="",
    actions=None,
    decisions=None,
    **fields,
):
    """Save an edited risk: its details, a new score (with a reason), closing or reopening."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Not editable here: {', '.join(sorted(unknown))}")
    locked = Risk.objects.select_for_update(of=("self",)).select_related("group").get(pk=risk.pk)
    require_editor(by, locked)
    status = status or locked.status
    closing = status == Risk.Status.CLOSED and locked.is_open
    if closing and not closure_reason.strip():
        raise ReasonRequired("Give a reason for closing the risk.")
    if status == Risk.Status.OPEN and not locked.is_open:
        _reopen(locked)
    # Re-score before closing, so a risk is closed at the score it was last given.
    change_score(
        locked, consequence=current_consequence, likelihood=current_likelihood, reason=reason, by=by
    )
    locked.refresh_from_db()
    for name, value in fields.items():
        setattr(locked, name, value)
    if closing:
        locked.status = Risk.Status.CLOSED
        locked.closed_on = timezone.localdate()
        locked.closure_reason = closure_reason.strip()
    locked.save()
    if actions is not None:
        locked.actions.set(actions)
    if decisions is not None:
        locked.decisions.set(decisions)
    return locked


def _reopen(risk):
    risk.status = Risk.Status.OPEN
    risk.closed_on = None
    risk.closure_reason = ""
    risk.save(update_fields=["status", "closed_on", "closure_reason"])
