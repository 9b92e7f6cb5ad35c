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


class PaperWiderThanItem(GovernanceError):
    """A paper may not open to more people than its agenda item."""


class MinutesLocked(GovernanceError):
    pass


class MinutesWrongState(GovernanceError):
    pass


class InterestError(GovernanceError):
    pass


class LibraryError(GovernanceError):
    """Something the library refuses; the message says what to do instead."""


class LibraryFileRejected(LibraryError):
    """An upload that fails the type, size or content checks (or clashes with a file)."""


class NotInLibrary(LibraryError):
    """A folder or file that is not part of this group's library (the view answers 404)."""


class MeetingNotStarted(GovernanceError):
    """Attendance, minutes or decisions for a meeting that has not started yet."""


class MinutesApprovalRefused(MinutesWrongState):
    """Minutes put for approval at a meeting that cannot approve them."""


class DeputyClash(GovernanceError):
    """Someone recorded both as present and as a deputy (or as two people's deputy).

    `person_id` is the member whose row the message belongs to and `field` which of its answers
    ("status" or "deputy"), so a form can show the message at that field.
    """

    def __init__(self, message, *, person_id=None, field="deputy"):
        super().__init__(message)
        self.person_id = person_id
        self.field = field


class CorrectionRefused(GovernanceError):
    """A correction of a settled record without a reason, by someone who may not, or that
    changes nothing."""


class AgendaRepeatsItem(GovernanceError):
    """An agenda with the same standing item twice (say, two "Minutes of the last meeting")."""
