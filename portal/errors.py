"""Typed errors of the core: each message is a sentence the person can act on."""


class MembershipDecisionError(Exception):
    """The person is not waiting for a decision, so nothing was changed."""
