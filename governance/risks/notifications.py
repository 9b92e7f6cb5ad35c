"""What the risk register tells people through portal's one notification service: a risk
escalated to a group they chair or sit on."""

from django.urls import reverse
from wagtail import hooks

from governance.models import Membership
from portal.notifications.registry import Kind
from portal.notifications.services import notify

RISK_ESCALATED = "risks.risk_escalated"


@hooks.register("register_notification_kinds")
def risk_kinds():
    return [
        Kind(
            RISK_ESCALATED,
            "Risks escalated to your groups",
            "When a re-scored risk reaches the register of a group you chair or sit on.",
            group="Your groups and meetings",
        )
    ]


def risk_escalated(risk, change, bodies):
    """Each newly reached body's members are told, once per escalation (score change)."""
    memberships = (
        Membership.objects.current()
        .filter(group_id__in=[body.pk for body in bodies])
        .select_related("person")
    )
    by_group = {}
    for membership in memberships:
        by_group.setdefault(membership.group_id, []).append(membership.person)
    told = []
    url = reverse("governance:risk_detail", kwargs={"reference": risk.reference})
    for body in bodies:
        told += notify(
            by_group.get(body.pk, []),
            RISK_ESCALATED,
            f"Risk {risk.reference} escalated to the {body.title} register",
            url=url,
            key=f"{risk.pk}:{body.pk}:{change.pk}",
            context={
                "summary": f"{risk.title} (scored {risk.current_score}) from {risk.group.title}. "
                f"{change.escalation_note}"
            },
        )
    return told
