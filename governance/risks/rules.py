"""Who may see and edit risks. Risk registers are confidential to the owning group, the
bodies above it and network admins; views and services ask these, nothing else."""

import rules

from governance.rules import can_manage_group

from .models import RiskTree


@rules.predicate
def can_view_risk_register(user, group):
    return RiskTree.register_visible_to(user, group)


@rules.predicate
def can_view_risk(user, risk):
    """Whether this person may open this risk: the one rule for a single risk (the SQL twin
    is `RiskTree.visible_risks`)."""
    if not user.is_authenticated or not user.is_active:
        return False
    tree = RiskTree()
    if tree.is_admin(user) or risk.owner_id == user.pk:
        return True
    visible = tree.registers_visible_to(user)
    if risk.group_id in visible:
        return True
    return risk.is_open and any(
        body.pk in visible for body in tree.escalated_to(risk.group_id, risk.current_score)
    )


@rules.predicate
def can_edit_risk(user, risk):
    """Those running the owning group, and the risk's owner, keep a risk up to date."""
    if not user.is_authenticated:
        return False
    return user.pk == risk.owner_id or can_manage_group(user, risk.group)


rules.add_perm("risks.view_risk_register", can_view_risk_register)
rules.add_perm("risks.view_risk", can_view_risk)
rules.add_perm("risks.edit_risk", can_edit_risk)
