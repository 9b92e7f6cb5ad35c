"""What events add to the portal's navigation and to My network: the events list, the person's
bookings, and their bookings and waiting-list places as a panel."""

from django.urls import reverse
from django.utils import timezone
from wagtail import hooks

from portal.my_network import Panel
from portal.navigation import ACCOUNT, NavLink, page_urls

from .models import Booking
from .services.booking import waiting_positions

SHOWN = 5


@hooks.register("site_navigation")
def events_links():
    return [
        NavLink(
            "Events",
            page_type="events.EventIndexPage",
            order=10,
            description="study days, webinars and courses, and booking a place",
        ),
        NavLink("My bookings", url_name="events:my_bookings", section=ACCOUNT, order=20),
    ]


@hooks.register("my_network_panels")
def bookings_panel(request):
    """Upcoming bookings and waiting-list places, soonest first: two queries however many."""
    bookings = list(
        Booking.objects.active()
        .filter(person=request.user, event__live=True, event__end__gte=timezone.now())
        .select_related("event")
        .order_by("event__start")[:SHOWN]
    )
    positions = waiting_positions(bookings)
    for booking in bookings:
        booking.position = positions.get(booking.pk)
    return Panel(
        title="Your bookings",
        template="events/panels/bookings.html",
        context={"bookings": bookings, "events_url": page_urls().get("events.EventIndexPage")},
        order=30,
        more_url=reverse("events:my_bookings"),
        more_label="All your bookings",
    )
