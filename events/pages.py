"""Context builders that the event pages call (the index and an event), and the event page's
own booking POST. Models import this module; it imports no views."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from .forms import BookingForm, EventFilterForm
from .models import Booking
from .rules import can_organise, can_see_join_link, may_cancel_own_place
from .services import listing
from .services.booking import (
    EventsError,
    availability,
    book_place,
    cancellation_deadline,
    waiting_position,
)

EVENTS_PER_PAGE = 12


@dataclass
class EventCard:
    event: object
    availability: object  # services.booking.Availability: the same rule as the event page
    booking: Booking | None

    @property
    def places_left(self):
        return self.availability.places_left

    @property
    def full(self):
        return self.places_left == 0


def event_index_context(index, request):
    """Upcoming (or past) events, filtered and paginated, in a fixed number of queries."""
    past = request.GET.get("when") == "past"
    form = EventFilterForm(request.GET or None, past=past)
    events = form.filter(listing.listed_events(past=past))
    if not past and form.only_with_places:
        events = events.with_places()
    page_obj = Paginator(events, EVENTS_PER_PAGE).get_page(request.GET.get("page"))
    mine = listing.bookings_of(request.user, page_obj.object_list)
    cards = [
        EventCard(
            event=event,
            availability=availability(event, request.user),
            booking=mine.get(event.pk),
        )
        for event in page_obj.object_list
    ]
    return {
        "filter_form": form,
        "filtered": form.filtered,
        "past": past,
        "page_obj": page_obj,
        "cards": cards,
    }


def event_page_context(event, request, booking_form=None):
    user = request.user
    # A new page's preview has no row yet: nothing can be booked on it.
    saved = event.pk is not None
    booking = (
        Booking.objects.filter(event=event, person=user).first()
        if user.is_authenticated and saved
        else None
    )
    active = booking if booking and booking.status != Booking.Status.CANCELLED else None
    state = availability(event, user)
    closed_reason, eligible = state.closed_reason, state.eligible
    may_book = user.is_authenticated and eligible and not closed_reason and active is None
    if may_book and booking_form is None:
        booking_form = BookingForm(event)
    return {
        "booking": active,
        "position": waiting_position(active) if active else None,
        "may_cancel": bool(active and may_cancel_own_place(active)),
        "cancellation_deadline": cancellation_deadline(event),
        "availability": state,
        "places_left": state.places_left,
        "closed_reason": closed_reason,
        "eligible": eligible,
        "booking_form": booking_form if may_book else None,
        "show_join_link": bool(
            event.online and event.join_url and saved and can_see_join_link(user, event)
        ),
        "is_organiser": can_organise(user, event),
        "speakers": list(event.speakers.all()),
        "learning_outcomes": [line for line in event.learning_outcomes.splitlines() if line],
        "cor_outcomes": [line for line in event.cor_outcomes.splitlines() if line],
    }


def book_from_event_page(event, request):
    """The booking form's POST: book, or show the page again with the reason beside the form."""
    if not request.user.is_authenticated:
        return redirect_to_login(event.url)
    form = BookingForm(event, request.POST)
    if form.is_valid():
        try:
            booking = book_place(event, request.user, form.answers())
        except EventsError as error:
            form.add_error(None, str(error))
        else:
            if booking.status == Booking.Status.CONFIRMED:
                messages.success(request, "Your place is booked. We have emailed you the details.")
            else:
                messages.success(
                    request,
                    "The event is full, so you are on the waiting list. We will email you "
                    "if a place comes up.",
                )
            return redirect(event.url)
    context = event.get_context(request)
    context.update(event_page_context(event, request, booking_form=form))
    if context["booking_form"] is None:
        # Booking has closed, or this person already booked or may not: say why, on the page.
        messages.error(request, " ".join(form.non_field_errors()) or "You cannot book this event.")
        return redirect(event.url)
    return TemplateResponse(request, event.get_template(request), context, status=200)
