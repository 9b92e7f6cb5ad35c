"""Reviews: recording that a risk was reviewed, and the weekly reminder to owners whose risks
are overdue for review."""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from portal.email import send_templated_email

from ..errors import RiskError
from ..models import Risk, RiskReviewReminder
from .scoring import require_editor, risk_settings


@transaction.atomic
def record_review(risk, *, by, reviewed_on=None):
    """The owner or group has reviewed the risk: the next review falls due one interval on."""
    risk = Risk.objects.select_for_update(of=("self",)).select_related("group").get(pk=risk.pk)
    require_editor(by, risk)
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
