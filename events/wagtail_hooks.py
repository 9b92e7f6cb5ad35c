"""Wagtail admin wiring for events: audit-log actions, and places freed by a bigger capacity."""

from wagtail import hooks

from . import (
    notifications,  # noqa: F401 (registers the notification kinds)
    panels,  # noqa: F401 (registers its navigation links and My network panel)
)
from .models import EventPage
from .search import search_sources
from .services.booking import offer_free_places


@hooks.register("register_log_actions")
def register_event_log_actions(actions):
    """Audit-log entries written about events (Wagtail refuses actions it does not know)."""
    for action, label, message in [
        ("events.cancel", "Cancel event", "Cancelled the event"),
        ("events.change", "Change time or place", "Changed the event's time or place"),
        ("events.message_attendees", "Email attendees", "Emailed the attendees"),
        ("events.attendees.export", "Export attendees", "Downloaded the attendee list"),
    ]:
        actions.register_action(action, label, message)


@hooks.register("after_publish_page")
def offer_places_after_publish(request, page):
    """An editor who raises the capacity frees places: the waiting list gets them at once."""
    if isinstance(page.specific, EventPage):
        offer_free_places(page.specific)


# The site search covers this app through the sources in events/search.py.
hooks.register("register_search_source", search_sources)
