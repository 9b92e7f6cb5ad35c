"""The booking rules at their edges: the last place, full, the waiting list and its promotion,
the booking window, the cancellation deadline, who may book, and one booking per person."""

import datetime as dt

import pytest
from django.utils import timezone

from events.models import Booking, EventPage
from events.services.booking import (
    AlreadyBooked,
    BookingClosed,
    CancellationNotAllowed,
    MissingAnswers,
    NotEligible,
    NotOrganiser,
    book_place,
    cancel_booking,
    offer_free_places,
    places_left,
    waiting_position,
)
from tests.portal.factories import UserFactory

from .factories import BookingFactory, BookingQuestionFactory

pytestmark = pytest.mark.django_db


def test_the_last_place_is_confirmed_and_the_next_person_waits(event):
    event.capacity = 2
    event.save()
    BookingFactory(event=event)
    assert places_left(event) == 1
    last = book_place(event, UserFactory(), {})
    assert last.status == Booking.Status.CONFIRMED
    assert places_left(event) == 0
    next_person = book_place(event, UserFactory(), {})
    assert next_person.status == Booking.Status.WAITING
    assert waiting_position(next_person) == 1
    assert places_left(event) == 0


def test_no_capacity_means_no_limit(event):
    event.capacity = None
    event.save()
    for _ in range(5):
        assert book_place(event, UserFactory(), {}).status == Booking.Status.CONFIRMED
    assert places_left(event) is None


def test_waiting_positions_follow_the_order_people_joined(event):
    event.capacity = 0
    event.save()
    first, second, third = (book_place(event, UserFactory(), {}) for _ in range(3))
    assert [waiting_position(b) for b in (first, second, third)] == [1, 2, 3]
    cancel_booking(first, first.person)
    second.refresh_from_db()
    assert waiting_position(second) == 1


def test_cancelling_a_place_promotes_the_first_person_waiting(event):
    event.capacity = 1
    event.save()
    holder = book_place(event, UserFactory(), {})
    first = book_place(event, UserFactory(), {})
    second = book_place(event, UserFactory(), {})
    cancel_booking(holder, holder.person)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Booking.Status.CONFIRMED
    assert first.confirmed_at is not None
    assert second.status == Booking.Status.WAITING
    assert waiting_position(second) == 1
    assert places_left(event) == 0


def test_leaving_the_waiting_list_frees_no_place(event):
    event.capacity = 1
    event.save()
    holder = book_place(event, UserFactory(), {})
    waiting = book_place(event, UserFactory(), {})
    cancel_booking(waiting, waiting.person)
    holder.refresh_from_db()
    waiting.refresh_from_db()
    assert waiting.status == Booking.Status.CANCELLED
    assert holder.status == Booking.Status.CONFIRMED


def test_one_booking_per_person(event):
    person = UserFactory()
    book_place(event, person, {})
    with pytest.raises(AlreadyBooked, match="already have a place"):
        book_place(event, person, {})
    event.capacity = 1
    event.save()
    waiting_person = UserFactory()
    book_place(event, waiting_person, {})
    with pytest.raises(AlreadyBooked, match="already on the waiting list"):
        book_place(event, waiting_person, {})
    assert Booking.objects.filter(event=event, person=person).count() == 1


def test_a_cancelled_place_can_be_booked_again(event):
    person = UserFactory()
    booking = book_place(event, person, {})
    cancel_booking(booking, person)
    again = book_place(event, person, {"dietary": "Vegan"})
    assert again.pk == booking.pk
    assert again.status == Booking.Status.CONFIRMED
    assert again.answers == {"dietary": "Vegan"}


@pytest.mark.parametrize(
    ("opens", "closes", "status", "message"),
    [
        (dt.timedelta(hours=1), None, "scheduled", "Booking opens on"),
        (None, -dt.timedelta(minutes=1), "scheduled", "has closed"),
        (None, None, "cancelled", "has been cancelled"),
    ],
)
def test_booking_is_refused_outside_its_window(event, opens, closes, status, message):
    now = timezone.now()
    event.booking_opens = now + opens if opens else None
    event.booking_closes = now + closes if closes else None
    event.status = status
    event.save()
    with pytest.raises(BookingClosed, match=message):
        book_place(event, UserFactory(), {})


def test_booking_is_open_from_the_moment_it_opens_until_it_closes(event):
    now = timezone.now()
    event.booking_opens = now - dt.timedelta(seconds=1)
    event.booking_closes = now + dt.timedelta(minutes=1)
    event.save()
    assert book_place(event, UserFactory(), {}).status == Booking.Status.CONFIRMED


def test_without_a_closing_time_booking_closes_when_the_event_starts(event):
    event.start = timezone.now() - dt.timedelta(minutes=1)
    event.save()
    with pytest.raises(BookingClosed):
        book_place(event, UserFactory(), {})


def test_network_events_are_for_network_members_only(event):
    applicant = UserFactory(applicant=True)
    with pytest.raises(NotEligible, match="network members only"):
        book_place(event, applicant, {})


def test_public_events_take_anyone_signed_in(event):
    event.audience = EventPage.Audience.PUBLIC
    event.save()
    assert book_place(event, UserFactory(applicant=True), {}).is_confirmed


def test_staff_group_events_take_only_those_staff_groups(event):
    event.audience = EventPage.Audience.STAFF_GROUPS
    event.staff_groups = ["medical_physicist"]
    event.save()
    with pytest.raises(NotEligible, match="certain staff groups"):
        book_place(event, UserFactory(staff_group="radiographer"), {})
    physicist = UserFactory(staff_group="medical_physicist")
    assert book_place(event, physicist, {}).is_confirmed


def test_required_questions_must_be_answered(event):
    question = BookingQuestionFactory(event=event, text="Which workshop?", required=True)
    with pytest.raises(MissingAnswers, match="Which workshop"):
        book_place(event, UserFactory(), {str(question.pk): "  "})
    booking = book_place(event, UserFactory(), {str(question.pk): "Cardiac MRI"})
    assert booking.answers == {str(question.pk): "Cardiac MRI"}


def test_a_member_cancels_until_the_deadline_and_not_after(event):
    event.cancellation_deadline = timezone.now() + dt.timedelta(minutes=5)
    event.save()
    early = book_place(event, UserFactory(), {})
    cancel_booking(early, early.person)
    late = book_place(event, UserFactory(), {})
    event.cancellation_deadline = timezone.now() - dt.timedelta(seconds=1)
    event.save()
    with pytest.raises(CancellationNotAllowed, match="deadline"):
        cancel_booking(late, late.person)


def test_after_the_deadline_the_organiser_can_still_cancel(event, world):
    event.cancellation_deadline = timezone.now() - dt.timedelta(days=1)
    event.capacity = 1
    event.save()
    booking = BookingFactory(event=event)
    waiting = BookingFactory(event=event, waiting=True)
    cancel_booking(booking, world.secretary)
    booking.refresh_from_db()
    waiting.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    assert booking.cancelled_by == world.secretary
    assert waiting.status == Booking.Status.CONFIRMED


def test_someone_else_cannot_cancel_a_place(event, world):
    booking = BookingFactory(event=event)
    with pytest.raises(NotOrganiser):
        cancel_booking(booking, world.member)
    with pytest.raises(NotOrganiser):
        cancel_booking(booking, world.other_chair)


def test_a_waiting_place_can_be_given_up_after_the_deadline(event):
    event.cancellation_deadline = timezone.now() - dt.timedelta(days=1)
    event.capacity = 0
    event.save()
    waiting = book_place(event, UserFactory(), {})
    cancel_booking(waiting, waiting.person)
    waiting.refresh_from_db()
    assert waiting.status == Booking.Status.CANCELLED


def test_cancelling_twice_is_refused(event):
    booking = book_place(event, UserFactory(), {})
    cancel_booking(booking, booking.person)
    with pytest.raises(CancellationNotAllowed, match="already been cancelled"):
        cancel_booking(booking, booking.person)


def test_raising_the_capacity_offers_the_places_to_the_waiting_list(event):
    event.capacity = 1
    event.save()
    book_place(event, UserFactory(), {})
    first = book_place(event, UserFactory(), {})
    second = book_place(event, UserFactory(), {})
    third = book_place(event, UserFactory(), {})
    event.capacity = 3
    event.save()
    promoted = offer_free_places(event)
    assert [b.pk for b in promoted] == [first.pk, second.pk]
    third.refresh_from_db()
    assert waiting_position(third) == 1


def test_a_newcomer_does_not_jump_the_waiting_list(event):
    event.capacity = 1
    event.save()
    book_place(event, UserFactory(), {})
    waiting = book_place(event, UserFactory(), {})
    EventPage.objects.filter(pk=event.pk).update(capacity=2)
    newcomer = book_place(event, UserFactory(), {})
    waiting.refresh_from_db()
    assert waiting.status == Booking.Status.CONFIRMED
    assert newcomer.status == Booking.Status.WAITING


def test_nobody_is_promoted_once_the_event_has_started(event):
    event.capacity = 1
    event.save()
    holder = book_place(event, UserFactory(), {})
    waiting = book_place(event, UserFactory(), {})
    EventPage.objects.filter(pk=event.pk).update(start=timezone.now() - dt.timedelta(minutes=5))
    event.refresh_from_db()
    cancel_booking(holder, event.organising_group.memberships.first().person)
    waiting.refresh_from_db()
    assert waiting.status == Booking.Status.WAITING
