"""Who may see the dashboard, its governance-health details, and edit what it reports."""

import rules
from django.db.models import Q

from governance.models import GroupPage, Membership
from portal.rules import is_network_admin, is_network_member


@rules.predicate
def is_board_member(user):
    """A current member of a board (Executive, Operational or Digital Board, for example)."""
    if not user.is_authenticated or not user.is_active:
        return False
    return (
        Membership.objects.current()
        .filter(Q(person=user), group__kind=GroupPage.Kind.BOARD, group__live=True)
        .exists()
    )


can_view_dashboard = is_network_admin | is_network_member
can_view_governance_health = is_network_admin | (is_network_member & is_board_member)
can_edit_dashboard_data = is_network_admin

rules.add_perm("dashboard.view_dashboard", can_view_dashboard)
rules.add_perm("dashboard.view_governance_health", can_view_governance_health)
rules.add_perm("dashboard.edit_dashboard_data", can_edit_dashboard_data)
# The network office switches the public summary on and off in the admin's settings.
rules.add_perm("dashboard.change_dashboardsettings", can_edit_dashboard_data)
