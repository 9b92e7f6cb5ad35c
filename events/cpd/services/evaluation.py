"""Evaluations: the attendee's evaluation before their certificate, and asking attendees of
a finished event for it, once."""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from events.models import Booking
from portal.email import send_templated_email

from ..errors import EvaluationAlreadySubmitted
from ..models import EvaluationRequest, EventEvaluation
from .certificates import CertificateStep, require_attended_and_over


@transaction.atomic
def submit_evaluation(booking, answers):
    """Record the attendee's evaluation; they may then have their certificate."""
    booking = (
        Booking.objects.select_for_update(of=("self",)).select_related("event").get(pk=booking.pk)
    )
    step = require_attended_and_over(booking)
    if step != CertificateStep.EVALUATION_NEEDED:
        raise EvaluationAlreadySubmitted("You have already evaluated this event. Thank you.")
    try:
        with transaction.atomic():
            return EventEvaluation.objects.create(booking=booking, **answers)
    except IntegrityError as error:
        raise EvaluationAlreadySubmitted(
            "You have already evaluated this event. Thank you."
        ) from error


# Attendees are asked to evaluate once an event is over; after a fortnight nobody is chased.
EVALUATION_ASKED_FOR = timedelta(days=14)


def bookings_due_evaluation_request(now=None):
    now = now or timezone.now()
    return Booking.objects.filter(
        status=Booking.Status.CONFIRMED,
        attended=True,
        event__end__lte=now,
        event__end__gte=now - EVALUATION_ASKED_FOR,
        evaluation__isnull=True,
        evaluation_request__isnull=True,
    )


def send_evaluation_requests(now=None):
    """Ask each attendee of a finished event for their evaluation, once."""
    due = list(bookings_due_evaluation_request(now).values_list("pk", flat=True))
    return sum(1 for booking_id in due if send_evaluation_request(booking_id))


def send_evaluation_request(booking_id):
    """Email one attendee; the request row is written in the same transaction as the send, so
    a retry never asks twice (and a failed send is tried again next time)."""
    with transaction.atomic():
        booking = (
            Booking.objects.select_for_update(of=("self",))
            .select_related("event", "person")
            .get(pk=booking_id)
        )
        _, created = EvaluationRequest.objects.get_or_create(booking=booking)
        if not created:
            return False
        event = booking.event
        send_templated_email(
            "events/cpd/email/evaluation_request",
            booking.person.email,
            {
                "person": booking.person,
                "event": event,
                "evaluation_path": reverse("cpd:evaluation", args=[event.pk]),
                "log_path": reverse("cpd:log"),
            },
            # A nudge, not part of the booking: an unsubscribed or bouncing address is skipped.
            transactional=False,
        )
    return True
