from .cpd import (
    Certificate,
    CpdEntry,
    EvaluationRequest,
    EventCheckIn,
    EventEvaluation,
    EventRecording,
)
from .events import (
    AttendeeMessage,
    Booking,
    BookingNotice,
    BookingQuestion,
    CalendarFeed,
    EventIndexPage,
    EventPage,
    Speaker,
)

__all__ = [
    "AttendeeMessage",
    "Booking",
    "BookingNotice",
    "BookingQuestion",
    "CalendarFeed",
    "Certificate",
    "CpdEntry",
    "EvaluationRequest",
    "EventCheckIn",
    "EventEvaluation",
    "EventRecording",
    "EventIndexPage",
    "EventPage",
    "Speaker",
]
