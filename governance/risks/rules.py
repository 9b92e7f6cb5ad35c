"""Who may see and edit risks. Risk registers are confidential to the owning group, the
bodies above it and network admins; views and services ask these, nothing else."""

import rules

from governance.rules import can_manage_group

from .models import RiskTree


@rules.predicate
def can_view_risk_register(user, group):
    return group.pk in RiskTree().registers_visible_to(user)


@rules.predicate
def can_view_risk(user, risk):
    return RiskTree().may_view(user, risk)


@rules.predicate
def can_edit_risk(user, risk):
    """Those running the owning group, and the risk's owner, keep a risk up to date."""
    if not user.is_authenticated:
        return False
    return user.pk == risk.owner_id or can_manage_group(user, risk.group)


rules.add_perm("risks.view_risk_register", can_view_risk_register)
rules.add_perm("risks.view_risk", can_view_risk)
rules.add_perm("risks.edit_risk", can_edit_risk)
