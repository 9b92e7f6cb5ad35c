"""Booking a place: the one count of places left, booking, cancelling and the waiting list.

`book_place` is the only way a booking is made and `places_left` the only count of free
places. Both writes lock the event's row, so two people can never take the last place.
"""

from dataclasses import dataclass
from functools import partial

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.formats import date_format

from ..errors import (
    AlreadyBooked,
    BookingClosed,
    CancellationNotAllowed,
    EventsError,
    MissingAnswers,
    NotEligible,
    NotOrganiser,
)
from ..models import Booking, EventPage
from ..rules import can_organise, cancellation_deadline, is_eligible, may_cancel_own_place
from .notices import enqueue_notice

__all__ = [
    "AlreadyBooked",
    "BookingClosed",
    "Availability",
    "CancellationNotAllowed",
    "EventsError",
    "MissingAnswers",
    "NotEligible",
    "NotOrganiser",
    "Places",
    "availability",
    "book_place",
    "booking_closed_reason",
    "cancel_booking",
    "cancellation_deadline",
    "fill_from_waiting_list",
    "places",
    "places_left",
    "waiting_position",
    "waiting_positions",
]


def _left(capacity, confirmed):
    """The one sum: free places given the capacity (None: no limit) and the confirmed places.
    `EventPageQuerySet.with_places()` is the same sum in SQL (capacity > confirmed)."""
    if capacity is None:
        return None
    return max(capacity - confirmed, 0)


def places_left(event):
    """Free places at the event; None when it has no limit.

    Listings annotate `confirmed_count` (EventPageQuerySet.with_confirmed_count) so that a page
    of events costs one query; otherwise the confirmed places are counted here.
    """
    if event.capacity is None:
        return None
    confirmed = getattr(event, "confirmed_count", None)
    if confirmed is None:
        confirmed = Booking.objects.confirmed().filter(event=event).count()
    return _left(event.capacity, confirmed)


@dataclass(frozen=True)
class Places:
    """The organisers' tally of one event: what the attendee list and the check-in page show,
    from the same sum as `places_left` (and so the events list and the event page)."""

    capacity: int | None
    confirmed: int
    waiting: int

    @property
    def left(self):
        return _left(self.capacity, self.confirmed)

    @property
    def full(self):
        return self.left == 0


def places(event):
    """Confirmed places, the waiting list and places left at `event`, in one query."""
    counts = Booking.objects.filter(event=event).aggregate(
        confirmed=Count("pk", filter=Q(status=Booking.Status.CONFIRMED)),
        waiting=Count("pk", filter=Q(status=Booking.Status.WAITING)),
    )
    return Places(capacity=event.capacity, confirmed=counts["confirmed"], waiting=counts["waiting"])


@dataclass(frozen=True)
class Availability:
    """Whether this person can book this event now, and how many places are left: the one
    place-and-eligibility rule that the events list and the event page both show."""

    places_left: int | None
    closed_reason: str  # "" while booking is open
    eligible: bool  # the event's audience includes this person
    signed_in: bool

    @property
    def open_to_them(self):
        return not self.closed_reason and (self.eligible or not self.signed_in)


def availability(event, user, now=None):
    """Places left, why booking is closed, and whether `user` may book, for one event (uses a
    listing's `confirmed_count` annotation, so a page of events costs no extra queries)."""
    return Availability(
        places_left=places_left(event) if event.pk is not None else event.capacity,
        closed_reason=booking_closed_reason(event, now),
        eligible=is_eligible(user, event),
        signed_in=user.is_authenticated,
    )


def _london(moment):
    return date_format(timezone.localtime(moment), "j F Y, H:i")


def booking_closes_at(event):
    """Booking closes when the organiser says, or else when the event starts."""
    return event.booking_closes or event.start


def booking_closed_reason(event, now=None):
    """Why nobody can book this event now, in words; "" while booking is open."""
    now = now or timezone.now()
    if event.is_cancelled:
        return "This event has been cancelled."
    if event.booking_opens and now < event.booking_opens:
        return f"Booking opens on {_london(event.booking_opens)}."
    if now >= booking_closes_at(event):
        return "Booking for this event has closed."
    return ""


def waiting_positions(bookings):
    """{booking id: place in its event's queue} for the waiting bookings among `bookings`,
    1 being the next person offered a place (one query however many events)."""
    waiting = [b for b in bookings if b.status == Booking.Status.WAITING]
    if not waiting:
        return {}
    queue = (
        Booking.objects.waiting_list_order()
        .filter(event_id__in={b.event_id for b in waiting})
        .values_list("pk", "event_id")
    )
    positions, counts = {}, {}
    for pk, event_id in queue:
        counts[event_id] = counts.get(event_id, 0) + 1
        positions[pk] = counts[event_id]
    return {b.pk: positions.get(b.pk) for b in waiting}


def waiting_position(booking):
    if booking is None:
        return None
    return waiting_positions([booking]).get(booking.pk)


def _clean_answers(event, answers):
    answers = {key: str(value).strip() for key, value in (answers or {}).items() if value}
    missing = [q.text for q in event.questions.all() if q.required and not answers.get(str(q.pk))]
    if missing:
        raise MissingAnswers("Please answer: " + "; ".join(missing) + ".")
    return answers


def _locked(event):
    # `of=("self",)` locks the event's own row only, not Wagtail's page row it joins to.
    return EventPage.objects.select_for_update(of=("self",)).get(pk=event.pk)


def fill_from_waiting_list(event, now=None):
    """Offer free places to the waiting list in the order people joined it.

    Call inside a transaction that holds the event's lock. Returns the promoted bookings.
    """
    now = now or timezone.now()
    if event.is_cancelled or event.start <= now:
        return []
    promoted = []
    free = places_left(event)
    if free == 0:
        return []
    queue = Booking.objects.waiting_list_order().filter(event=event).select_for_update()
    for booking in queue[:free] if free is not None else queue:
        booking.status = Booking.Status.CONFIRMED
        booking.confirmed_at = now
        booking.save(update_fields=["status", "confirmed_at"])
        promoted.append(booking)
    for booking in promoted:
        transaction.on_commit(
            partial(enqueue_notice, booking.pk, "promoted", f"promoted:{now.isoformat()}")
        )
    return promoted


def book_place(event, person, answers):
    """Give `person` a place at `event`, or a place on its waiting list when it is full.

    Raises BookingClosed, NotEligible, AlreadyBooked or MissingAnswers.
    """
    with transaction.atomic():
        event = _locked(event)
        now = timezone.now()
        if reason := booking_closed_reason(event, now):
            raise BookingClosed(reason)
        if not is_eligible(person, event):
            raise NotEligible(_not_eligible_message(event, person))
        answers = _clean_answers(event, answers)
        booking = Booking.objects.select_for_update().filter(event=event, person=person).first()
        if booking and booking.status == Booking.Status.CONFIRMED:
            raise AlreadyBooked("You already have a place at this event.")
        if booking and booking.status == Booking.Status.WAITING:
            raise AlreadyBooked("You are already on the waiting list for this event.")
        # Anyone already waiting is offered a freed place before a newcomer.
        fill_from_waiting_list(event, now)
        free = places_left(event)
        confirmed = free is None or free > 0
        booking = booking or Booking(event=event, person=person)
        booking.answers = answers
        booking.created_at = now
        booking.cancelled_at = None
        booking.cancelled_by = None
        booking.status = Booking.Status.CONFIRMED if confirmed else Booking.Status.WAITING
        booking.confirmed_at = now if confirmed else None
        booking.waiting_since = None if confirmed else now
        booking.save()
        notice = "booking_confirmed" if confirmed else "waiting_list_joined"
        transaction.on_commit(
            partial(enqueue_notice, booking.pk, notice, f"{notice}:{now.isoformat()}")
        )
    return booking


def _not_eligible_message(event, person):
    if not person.is_authenticated:
        return "Please sign in to book a place."
    if event.audience == EventPage.Audience.STAFF_GROUPS and person.is_network_member:
        return "This event is for certain staff groups only, and yours is not one of them."
    return "This event is for network members only."


def cancel_booking(booking, by):
    """Cancel a place (or leave the waiting list); a freed place goes to the next person waiting.

    People cancel their own confirmed place until the cancellation deadline; the organisers
    may cancel anyone's place at any time. Raises CancellationNotAllowed or NotOrganiser.
    """
    with transaction.atomic():
        event = _locked(booking.event)
        booking = Booking.objects.select_for_update().get(pk=booking.pk)
        booking.event = event
        now = timezone.now()
        if booking.status == Booking.Status.CANCELLED:
            raise CancellationNotAllowed("This booking has already been cancelled.")
        organiser = can_organise(by, event)
        if by.pk != booking.person_id and not organiser:
            raise NotOrganiser("Only the event's organisers can cancel someone else's place.")
        if not organiser and not may_cancel_own_place(booking, now):
            raise CancellationNotAllowed(
                "The deadline for cancelling has passed. Please contact the organisers if you "
                "can no longer come."
            )
        was_confirmed = booking.status == Booking.Status.CONFIRMED
        booking.status = Booking.Status.CANCELLED
        booking.cancelled_at = now
        booking.cancelled_by = by
        booking.save(update_fields=["status", "cancelled_at", "cancelled_by"])
        notice = "booking_cancelled" if was_confirmed else "left_waiting_list"
        transaction.on_commit(
            partial(enqueue_notice, booking.pk, notice, f"{notice}:{now.isoformat()}")
        )
        if was_confirmed:
            fill_from_waiting_list(event, now)
    return booking


def offer_free_places(event):
    """Give any free places to the waiting list (after an editor raised the capacity)."""
    with transaction.atomic():
        return fill_from_waiting_list(_locked(event))
