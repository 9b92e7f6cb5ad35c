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
    """An adoption status the rules refuse (a variation without a reason, a missing date…);
    `field` names the form field it is about, so the message is shown beside it."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.field = field


class NotATrustLead(SigError, NotAllowed):
    pass


class TrustLeadError(SigError):
    pass


class WorkItemError(SigError):
    pass
