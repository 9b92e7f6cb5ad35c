"""Typed events errors; each message is shown to the person as it is, beside the form."""


class EventsError(Exception):
    """Base class: the message is a sentence the person can act on."""


class BookingClosed(EventsError):
    pass


class NotEligible(EventsError):
    pass


class AlreadyBooked(EventsError):
    pass


class MissingAnswers(EventsError):
    pass


class CancellationNotAllowed(EventsError):
    pass


class NotOrganiser(EventsError):
    pass


class EventAlreadyCancelled(EventsError):
    pass


class NothingChanged(EventsError):
    pass
