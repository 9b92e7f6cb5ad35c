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


class InterestError(GovernanceError):
    pass


class RiskError(GovernanceError):
    """A change to a risk that the register's rules refuse (a score without a reason…)."""


class ReasonRequired(RiskError):
    """A risk's score changed, or it was closed, without saying why."""
