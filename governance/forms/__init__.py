"""Governance forms, one module per concern: groups, memberships, meetings, registers, library."""
