"""Typed governance errors; each ends as a sentence a person can act on."""


class GovernanceError(Exception):
    """Base class: the message is shown to the person as it is."""


class AlreadyAMember(GovernanceError):
    pass


class JoinRequestAlreadyDecided(GovernanceError):
    pass


class NotAllowed(GovernanceError):
    pass


class PaperRejected(GovernanceError):
    pass


class MinutesLocked(GovernanceError):
    pass


class MinutesWrongState(GovernanceError):
    pass
