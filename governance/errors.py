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


class LibraryError(GovernanceError):
    """Something the library refuses; the message says what to do instead."""


class LibraryFileRejected(LibraryError):
    """An upload that fails the type, size or content checks (or clashes with a file)."""


class NotInLibrary(LibraryError):
    """A folder or file that is not part of this group's library (the view answers 404)."""
