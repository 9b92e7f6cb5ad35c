from .events import Booking, BookingQuestion, EventIndexPage, EventPage, Speaker

__all__ = ["Booking", "BookingQuestion", "EventIndexPage", "EventPage", "Speaker"]
