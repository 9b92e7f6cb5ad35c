"""What events tell people in the portal, through portal's one notification service. The emails
about bookings stay with events/services/notices.py (they carry calendar files and their own
once-only record), so these kinds are emailed there; the law and safety need people told of
changes to their place, so they cannot be switched off. Reminders of an event carry no calendar
file, so they are ordinary notifications: each person chooses straight away, daily digest or off."""

from django.template.loader import render_to_string
from django.urls import reverse
from wagtail import hooks

from portal.notifications.registry import Kind
from portal.notifications.services import notify

BOOKING = "events.booking"
EVENT_UPDATE = "events.event_update"
EVENT_REMINDER = "events.reminder"

# The reminders (events/services/reminders.py) → the title of each.
REMINDER_7_DAY = "reminder_7_day"
REMINDER_1_DAY = "reminder_1_day"
REMINDER_TITLES = {REMINDER_7_DAY: "Next week: {title}", REMINDER_1_DAY: "Tomorrow: {title}"}

# notice (events/services/notices.py) → kind.
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
        Kind(
            EVENT_REMINDER,
            "Reminders of events you are booked on",
            "A week before and the day before an event you have a place at. A daily digest "
            "is sent the next morning, so a day-before reminder in it may come on the day.",
            group="Events",
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


def event_reminder(booking, which):
    """Remind the person holding `booking` of its event (`which` is REMINDER_7_DAY or
    REMINDER_1_DAY), once per booking and reminder; the join link only the day before."""
    event = booking.event
    summary = render_to_string(
        "events/notifications/reminder_summary.txt",
        {
            "event": event,
            "tomorrow": which == REMINDER_1_DAY,
            "venue_address_line": ", ".join(
                line.strip() for line in event.venue_address.splitlines() if line.strip()
            ),
            "join_link": event.join_url if which == REMINDER_1_DAY and event.online else "",
        },
    )
    return notify(
        [booking.person],
        EVENT_REMINDER,
        REMINDER_TITLES[which].format(title=event.title),
        url=event.url or "",
        key=f"{booking.pk}:{which}",
        context={"summary": summary.strip()},
    )
