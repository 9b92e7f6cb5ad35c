"""Typed SIG errors; each ends as a sentence a person can act on."""

from governance.errors import GovernanceError, NotAllowed


class SigError(GovernanceError):
    """Base class: the message is shown to the person as it is."""


class ChangeSummaryRequired(SigError):
    pass


class ProtocolNotInReview(SigError):
    pass


class AlreadyInReview(SigError):
    pass


class AdoptionError(SigError):
    """An adoption status the rules refuse (a variation without a reason, a missing date…)."""


class NotATrustLead(SigError, NotAllowed):
    pass


class TrustLeadError(SigError):
    pass


class WorkItemError(SigError):
    pass
