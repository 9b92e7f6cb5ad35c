"""Typed errors about patient volunteers; each ends as a sentence a person can act on."""

from governance.errors import GovernanceError


class LayReviewError(GovernanceError):
    """Something about lay review that the rules refuse; the message says what to do."""


class LaySummaryTooLong(LayReviewError):
    pass


class LaySummariesMissing(LayReviewError):
    """The chair tried to issue papers of a lay board while some have no lay summary."""

    def __init__(self, papers):
        self.papers = papers
        count = len(papers)
        super().__init__(
            f"{count} paper{'s have' if count != 1 else ' has'} no lay summary. Add "
            f"{'them' if count != 1 else 'one'}, or confirm that you want to issue the papers "
            "without."
        )


class PapersAlreadyIssued(LayReviewError):
    pass


class ExpenseError(GovernanceError):
    """A claim the rules refuse; the message says why."""


class ReceiptRejected(ExpenseError):
    pass


class ClaimAlreadyDecided(ExpenseError):
    pass


class VolunteerError(Exception):
    """An onboarding step the rules refuse; the message is shown to the person as it is."""


class InvitationInvalid(VolunteerError):
    pass
