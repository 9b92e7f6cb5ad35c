"""Who may compose, send and manage the round-up: the comms team and the network office."""

import rules

from portal.rules import is_network_office


@rules.predicate
def is_comms_team(user):
    return user.is_authenticated and user.office_team == user.OfficeTeam.COMMS


can_manage_roundup = rules.is_superuser | is_network_office | is_comms_team

rules.add_perm("roundup.manage_roundup", can_manage_roundup)
