"""Reads that depend on who is asking: the risks a person may see across the network."""

from dataclasses import dataclass, field

from governance.rules import may_see_action, may_see_record

from .models import Risk, RiskTree


def visible_risks(user, tree=None):
    """Every risk this person may open: on a register they may see (with the risks escalated
    to it) or owned by them."""
    tree = tree or RiskTree()
    return Risk.objects.filter(tree.visible_risks(user))


def sees_any_risk(user, tree=None):
    """Whether this person may see any register at all, or owns a risk."""
    tree = tree or RiskTree()
    return bool(tree.registers_visible_to(user)) or Risk.objects.filter(owner=user).exists()


@dataclass
class LinkedRecords:
    """The actions or decisions linked to a risk that this person may open, and how many
    others there are (counted, never named)."""

    shown: list = field(default_factory=list)
    restricted: int = 0


def linked_records(user, risk):
    """A risk's linked actions and decisions, split by governance's own rules for each."""
    actions, decisions = LinkedRecords(), LinkedRecords()
    for action in risk.actions.select_related("owner", "meeting", "agenda_item"):
        if may_see_action(user, action, action.meeting.group):
            actions.shown.append(action)
        else:
            actions.restricted += 1
    for decision in risk.decisions.select_related("meeting", "agenda_item"):
        if decision.meeting.live and may_see_record(user, decision, decision.meeting.group):
            decisions.shown.append(decision)
        else:
            decisions.restricted += 1
    return actions, decisions
