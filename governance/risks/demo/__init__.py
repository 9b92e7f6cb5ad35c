"""The demo network's risk registers: about forty risks drawn from the challenges in the
annual report (the 15% imaging vacancy rate, 1 in 5 patients waiting more than six weeks,
£32M spent on outsourcing, the digital business case rejected on affordability, report
turnaround times and engagement with the Quality Standard for Imaging).

Each risk is opened about a year ago and re-scored through the year with reasons, so registers
show trends, escalations and de-escalations; some reviews are overdue. Run it after the
governance and SIG demos (it finds groups by slug and skips any that are missing). It is
idempotent: a risk is found by its group and title.
"""

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from governance.models import GroupPage, Membership

from ..models import Risk
from ..services import change_score, open_risk, record_review, risk_settings
from .data import RISKS

__all__ = ["RISKS", "load"]


def _people(group):
    """The group's chair (who records changes) and its current members, in a stable order."""
    memberships = list(
        Membership.objects.current()
        .filter(group=group)
        .exclude(role=Membership.Role.PATIENT_VOLUNTEER)
        .select_related("person")
        .order_by("person__email")
    )
    leaders = [m.person for m in memberships if m.is_leading]
    return (leaders[0] if leaders else None), [m.person for m in memberships]


def _moment(day):
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


@transaction.atomic
def load(stdout):
    today = timezone.localdate()
    groups = {group.slug: group for group in GroupPage.objects.all()}
    added = 0
    for number, spec in enumerate(RISKS):
        group = groups.get(spec.group)
        if group is None or Risk.objects.filter(group=group, title=spec.title).exists():
            continue
        chair, members = _people(group)
        if chair is None:
            continue
        owner = members[number % len(members)]
        opened = today - timedelta(days=330 + number % 30)
        (consequence, likelihood, _), *moves = spec.scores
        risk = open_risk(
            group,
            by=chair,
            at=_moment(opened),
            title=spec.title,
            category=spec.category,
            source=spec.source,
            cause=spec.cause,
            event=spec.event,
            effect=spec.effect,
            owner=owner,
            opened_on=opened,
            controls=spec.controls,
            gaps_in_control=spec.gaps_in_control,
            assurances=spec.assurances,
            gaps_in_assurance=spec.gaps_in_assurance,
            initial_consequence=consequence,
            initial_likelihood=likelihood,
            current_consequence=consequence,
            current_likelihood=likelihood,
            target_consequence=spec.target[0],
            target_likelihood=spec.target[1],
            appetite=spec.appetite,
        )
        # Re-scorings spread over the year, the latest a few weeks ago.
        step = 300 // (len(moves) + 1)
        for index, (consequence, likelihood, reason) in enumerate(moves, start=1):
            when = opened + timedelta(days=step * index)
            change_score(
                risk,
                consequence=consequence,
                likelihood=likelihood,
                reason=reason,
                by=owner if index % 2 else chair,
                at=_moment(when),
            )
        risk.refresh_from_db()
        interval = risk.review_interval(risk_settings())
        if spec.overdue:
            reviewed = max(opened, today - interval - timedelta(days=10 + number % 20))
        else:
            reviewed = max(opened, today - interval // 3)
        record_review(risk, by=chair, reviewed_on=reviewed)
        added += 1
    stdout.write(
        f"Risks: {Risk.objects.count()} on the registers ({added} new), "
        f"{Risk.objects.review_overdue().count()} overdue for review."
    )
