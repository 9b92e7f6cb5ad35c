"""Who may book, cancel and organise events. Views and services ask these, nothing else."""

import rules
from django.utils import timezone

from governance.rules import can_manage_group
from portal.rules import is_network_admin

from .models import Booking, EventPage


@rules.predicate
def is_eligible(user, event):
    """Whether the event's audience includes this person (booking also needs it to be open)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if event.audience == EventPage.Audience.PUBLIC:
        return True
    if not user.is_network_member:
        return False
    if event.audience == EventPage.Audience.STAFF_GROUPS:
        return user.staff_group in (event.staff_groups or [])
    return True


@rules.predicate
def can_organise(user, event):
    """The organising group's chair, deputy and secretary, and the network office."""
    if not user.is_authenticated:
        return False
    if event.organising_group_id is None:
        return is_network_admin(user)
    return can_manage_group(user, event.organising_group)


@rules.predicate
def can_see_join_link(user, event):
    """Only people with a confirmed place (and the organisers) ever see the join link."""
    if not user.is_authenticated:
        return False
    confirmed = Booking.objects.confirmed().filter(event=event, person=user).exists()
    return confirmed or can_organise(user, event)


def cancellation_deadline(event):
    """The last moment a person may cancel their own place (the event's start by default)."""
    return event.cancellation_deadline or event.start


def may_cancel_own_place(booking, now=None):
    """A place on the waiting list can always be given up; a confirmed one until the deadline."""
    if booking.status == Booking.Status.WAITING:
        return True
    if booking.status != Booking.Status.CONFIRMED:
        return False
    return (now or timezone.now()) < cancellation_deadline(booking.event)


@rules.predicate
def can_cancel_booking(user, booking):
    """The person themselves (the service applies the deadline) or an organiser."""
    if not user.is_authenticated:
        return False
    return user.pk == booking.person_id or can_organise(user, booking.event)


rules.add_perm("events.book", is_eligible)
rules.add_perm("events.organise", can_organise)
rules.add_perm("events.see_join_link", can_see_join_link)
rules.add_perm("events.cancel_booking", can_cancel_booking)
