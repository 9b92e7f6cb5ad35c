"""Who may compose, send and manage the round-up: the comms team and the network office."""

import rules

from portal.rules import is_comms_team, is_network_admin

can_manage_roundup = is_network_admin | is_comms_team

rules.add_perm("roundup.manage_roundup", can_manage_roundup)

# The subscriber list (addresses, names, topics and history; nothing else about a member).
can_manage_subscribers = can_manage_roundup

rules.add_perm("roundup.manage_subscribers", can_manage_subscribers)
