"""The risk register: opening risks, re-scoring them with a reason, reviews, escalation, and
the reads that registers, heat maps and exports share."""

from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from portal.email import send_templated_email

from ..errors import NotAllowed, ReasonRequired, RiskError
from ..models import (
    Band,
    MeetingPage,
    Risk,
    RiskReferenceCounter,
    RiskReviewReminder,
    RiskScoreChange,
    RiskSettings,
    RiskTree,
)
from ..models.risks import RISK_REFERENCE_PREFIX
from ..rules import can_edit_risk, can_manage_group

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


def _registers(bodies):
    names = " and ".join(body.title for body in bodies)
    return f"the {names} register{'s' if len(bodies) > 1 else ''}"


def _escalation_change(tree, group, before, after):
    """How re-scoring from `before` to `after` moves the risk up or down the tree, in words."""
    was = tree.escalated_to(group, before) if before is not None else []
    now = tree.escalated_to(group, after)
    if len(now) > len(was):
        return RiskScoreChange.Escalation.ESCALATED, f"Escalated to {_registers(now[len(was) :])}."
    if len(now) < len(was):
        return (
            RiskScoreChange.Escalation.DE_ESCALATED,
            f"De-escalated from {_registers(was[len(now) :])}.",
        )
    return RiskScoreChange.Escalation.NONE, ""


def _record_score(risk, *, previous, by, reason, at, tree):
    """Write the history row for a new current score (`previous` is None when opening)."""
    before = previous[0] * previous[1] if previous else None
    escalation, note = _escalation_change(tree, risk.group_id, before, risk.current_score)
    return RiskScoreChange.objects.create(
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


def _require_editor(user, risk):
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
    _require_editor(by, risk)
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


EDITABLE_FIELDS = (
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
    "target_consequence",
    "target_likelihood",
    "appetite",
    "review_frequency_days",
)


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
    _require_editor(by, locked)
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


@transaction.atomic
def record_review(risk, *, by, reviewed_on=None):
    """The owner or group has reviewed the risk: the next review falls due one interval on."""
    risk = Risk.objects.select_for_update(of=("self",)).select_related("group").get(pk=risk.pk)
    _require_editor(by, risk)
    reviewed_on = reviewed_on or timezone.localdate()
    if not risk.is_open:
        raise RiskError("This risk is closed, so it is no longer reviewed.")
    if reviewed_on > timezone.localdate():
        raise RiskError("The review date cannot be in the future.")
    if reviewed_on < risk.opened_on:
        raise RiskError("The review date cannot be before the risk was opened.")
    risk.last_reviewed_on = reviewed_on
    risk.next_review_date = reviewed_on + risk.review_interval(risk_settings())
    risk.save(update_fields=["last_reviewed_on", "next_review_date"])
    return risk


# Reads shared by registers, the heat map, exports and meeting agendas.


@dataclass
class RiskRow:
    """A risk as a register shows it: with its band, trend and where escalation takes it."""

    risk: Risk
    band: Band
    trend: str
    last_move: RiskScoreChange | None
    escalated_to: list
    escalated_from: object
    review_overdue: bool

    @property
    def is_escalated(self):
        return bool(self.escalated_to)


def risk_rows(risks, *, bands, tree, register_group=None, today=None):
    """Register rows for risks fetched with `Risk.objects.for_listing()` (no further queries)."""
    today = today or timezone.localdate()
    rows = []
    for risk in risks:
        reached = tree.escalated_to(risk.group_id, risk.current_score) if risk.is_open else []
        from_below = register_group is not None and risk.group_id != register_group.pk
        rows.append(
            RiskRow(
                risk=risk,
                band=bands.band(risk.current_score),
                trend=risk.trend(),
                last_move=risk.last_move(),
                escalated_to=reached,
                escalated_from=risk.group if from_below else None,
                review_overdue=risk.review_overdue(today),
            )
        )
    return rows


def register_for(group, tree):
    """The risks on a group's register: its own and those escalated to it, highest first."""
    return Risk.objects.filter(tree.register(group))


def escalated_risks_for(group, tree=None):
    """Open risks from groups below `group` whose score takes them to its register."""
    tree = tree or RiskTree()
    return (
        Risk.objects.filter(tree.escalated_into([group.pk]))
        .for_listing()
        .order_by("-current_score", "reference")
    )


def next_meeting_of(group):
    """The group's next meeting that is going ahead: where escalated risks are put on."""
    return (
        MeetingPage.objects.live()
        .child_of(group)
        .filter(end__gte=timezone.now())
        .exclude(status=MeetingPage.Status.CANCELLED)
        .order_by("start")
        .first()
    )


def heat_map(risks, bands):
    """Counts of open risks per consequence × likelihood cell, likelihood 5 at the top."""
    counts = {
        (row["current_consequence"], row["current_likelihood"]): row["n"]
        for row in risks.open()
        .order_by()
        .values("current_consequence", "current_likelihood")
        .annotate(n=Count("pk"))
    }
    grid = []
    for likelihood in range(5, 0, -1):
        cells = []
        for consequence in range(1, 6):
            score = consequence * likelihood
            cells.append(
                {
                    "consequence": consequence,
                    "likelihood": likelihood,
                    "score": score,
                    "band": bands.band(score),
                    "count": counts.get((consequence, likelihood), 0),
                }
            )
        grid.append(
            {"likelihood": likelihood, "label": Risk.LIKELIHOODS[likelihood], "cells": cells}
        )
    by_band = {band: 0 for band in Band}
    for (consequence, likelihood), n in counts.items():
        by_band[bands.band(consequence * likelihood)] += n
    return {"grid": grid, "by_band": by_band, "total": sum(counts.values())}


# The weekly reminder to owners whose risks are overdue for review.


def send_overdue_review_reminders(today=None):
    """Email each owner of open risks past their review date, once a week at most.

    A reminder row per owner per week (unique) is written in the same transaction as the
    email is sent, so a rerun or a second worker in the same week sends nothing twice.
    """
    today = today or timezone.localdate()
    week_of = today - timedelta(days=today.weekday())
    already = set(
        RiskReviewReminder.objects.filter(week_of=week_of).values_list("person_id", flat=True)
    )
    overdue = (
        Risk.objects.review_overdue(today)
        .exclude(owner__in=already)
        .select_related("owner", "group")
        .order_by("owner", "next_review_date", "reference")
    )
    by_owner = {}
    for risk in overdue:
        by_owner.setdefault(risk.owner, []).append(risk)
    sent = 0
    for owner, risks in by_owner.items():
        try:
            with transaction.atomic():
                RiskReviewReminder.objects.create(
                    person=owner, week_of=week_of, risk_count=len(risks)
                )
                send_templated_email(
                    "governance/email/risk_review_overdue",
                    owner.email,
                    {
                        "owner": owner,
                        "risks": [
                            (risk, reverse("governance:risk_review", args=[risk.reference]))
                            for risk in risks
                        ],
                        "overdue_url": reverse("governance:risk_overdue_reviews"),
                        "today": today,
                    },
                )
        except IntegrityError:
            continue  # another run reminded this owner this week
        sent += 1
    return sent


EXPORT_COLUMNS = [
    "Reference",
    "Title",
    "Owning group",
    "Escalated to",
    "Cause",
    "Event",
    "Effect",
    "Source",
    "Category",
    "Owner",
    "Opened",
    "Controls",
    "Gaps in control",
    "Assurances",
    "Gaps in assurance",
    "Initial score",
    "Current consequence",
    "Current likelihood",
    "Current score",
    "Band",
    "Trend",
    "Target score",
    "Risk appetite",
    "Status",
    "Closure reason",
    "Last reviewed",
    "Next review",
    "Review overdue",
]


def export_values(rows):
    """One list of cell values per register row, in EXPORT_COLUMNS order."""
    for row in rows:
        risk = row.risk
        yield [
            risk.reference,
            risk.title,
            risk.group.title,
            ", ".join(body.title for body in row.escalated_to),
            risk.cause,
            risk.event,
            risk.effect,
            risk.get_source_display(),
            risk.get_category_display(),
            risk.owner.get_full_name() or risk.owner.email,
            risk.opened_on,
            risk.controls,
            risk.gaps_in_control,
            risk.assurances,
            risk.gaps_in_assurance,
            risk.initial_score,
            risk.current_consequence,
            risk.current_likelihood,
            risk.current_score,
            row.band.label,
            row.trend.label,
            risk.target_score,
            risk.get_appetite_display(),
            risk.get_status_display(),
            risk.closure_reason,
            risk.last_reviewed_on,
            risk.next_review_date,
            "Yes" if row.review_overdue else "No",
        ]
