"""Typed CPD and attendance errors; each message is shown to the person as it is."""

from events.errors import EventsError


class CpdError(EventsError):
    """A CPD step the rules refuse; the message is shown to the person as it is."""


class NotAttended(CpdError):
    pass


class EventNotOver(CpdError):
    pass


class EvaluationOutstanding(CpdError):
    pass


class EvaluationAlreadySubmitted(CpdError):
    pass


class CertificateAlreadyIssued(CpdError):
    pass


class RecordingNotAvailable(CpdError):
    pass


class EntryLocked(CpdError):
    pass


class CheckInError(CpdError):
    pass


class UnknownCheckInCode(CheckInError):
    pass


class CheckInNotOpen(CheckInError):
    pass


class NoConfirmedPlace(CheckInError):
    pass


class AttendanceImportRejected(CpdError):
    pass
