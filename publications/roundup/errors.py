"""Typed errors of the round-up; views turn each into words beside the form."""


class RoundupError(Exception):
    """Something about the round-up could not be done; the message says why."""


class InvalidLink(RoundupError):
    """A signed link was altered or made up."""


class ExpiredLink(RoundupError):
    """A confirmation link is older than its lifetime."""


class SendNotAllowed(RoundupError):
    """The issue cannot be sent, scheduled, paused, resumed or cancelled in its current state."""


class ImportRejected(RoundupError):
    """An uploaded suppression list could not be read."""
