"""Escalation up the governance tree: what a re-scoring does to where a risk is seen, the
risks on a group's register, and the escalated risks a group's next meeting takes."""

from governance.models import MeetingPage

from ..models import Risk, RiskScoreChange, RiskTree


def _registers(bodies):
    names = " and ".join(body.title for body in bodies)
    return f"the {names} register{'s' if len(bodies) > 1 else ''}"


def escalation_change(tree, group, before, after):
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
        .upcoming()
        .exclude(status=MeetingPage.Status.CANCELLED)
        .order_by("start")
        .first()
    )
