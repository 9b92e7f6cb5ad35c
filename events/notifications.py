"""What events tell people in the portal, through portal's one notification service. The emails
about bookings stay with events/services/notices.py (they carry calendar files and their own
once-only record), so these kinds are emailed there; the law and safety need people told of
changes to their place, so they cannot be switched off."""

from django.urls import reverse
from wagtail import hooks

from portal.notifications.registry import Kind
from portal.notifications.services import notify

BOOKING = "events.booking"
EVENT_UPDATE = "events.event_update"

# notice (events/services/notices.py) → kind; reminders are not notifications.
KIND_OF_NOTICE = {
    "booking_confirmed": BOOKING,
    "waiting_list_joined": BOOKING,
    "promoted": BOOKING,
    "booking_cancelled": BOOKING,
    "left_waiting_list": BOOKING,
    "event_changed": EVENT_UPDATE,
    "event_cancelled": EVENT_UPDATE,
    "attendee_message": EVENT_UPDATE,
}


@hooks.register("register_notification_kinds")
def event_kinds():
    return [
        Kind(
            BOOKING,
            "Your bookings and waiting-list places",
            "When a place is booked, cancelled or offered to you from the waiting list.",
            group="Events",
            mandatory=True,
            email_handled_elsewhere=True,
        ),
        Kind(
            EVENT_UPDATE,
            "Changes to events you are booked on",
            "When an event's time or place changes, it is cancelled, or its organiser writes.",
            group="Events",
            mandatory=True,
            email_handled_elsewhere=True,
        ),
    ]


def booking_notice(booking, notice, key, title):
    """Record in the portal the notice being emailed about `booking` (once per notice key)."""
    kind = KIND_OF_NOTICE.get(notice)
    if kind is None:
        return []
    return notify(
        [booking.person],
        kind,
        title,
        url=reverse("events:my_bookings")
        if notice in ("booking_cancelled",)
        else booking.event.url,
        key=f"{booking.pk}:{key}",
    )
