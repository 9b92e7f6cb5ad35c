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
    "EventIndexPage",
    "EventPage",
    "Speaker",
]
