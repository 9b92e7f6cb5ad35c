"""Certificates of attendance: the one rule for when a certificate may be had, issuing it
once, and finding it by its verification code."""

import enum

from django.db import transaction
from django.utils import timezone

from events.models import Booking

from ..errors import EvaluationOutstanding, EventNotOver, NotAttended
from ..models import Certificate, EventEvaluation
from .log import add_attended_event_to_log, event_hours, organiser_name


class CertificateStep(enum.Enum):
    """Where an attendee stands on the way to their certificate."""

    NOT_ATTENDED = "not_attended"
    EVENT_NOT_OVER = "event_not_over"
    EVALUATION_NEEDED = "evaluation_needed"
    READY = "ready"
    ISSUED = "issued"


def certificate_step(booking, now=None):
    """The one rule for certificates: an attended, finished event, evaluated first."""
    if booking is None or booking.status != Booking.Status.CONFIRMED or not booking.attended:
        return CertificateStep.NOT_ATTENDED
    if booking.event.end > (now or timezone.now()):
        return CertificateStep.EVENT_NOT_OVER
    if not _has(booking, "evaluation"):
        return CertificateStep.EVALUATION_NEEDED
    if not _has(booking, "certificate"):
        return CertificateStep.READY
    return CertificateStep.ISSUED


def _has(booking, relation):
    try:
        return getattr(booking, relation) is not None
    except (EventEvaluation.DoesNotExist, Certificate.DoesNotExist):
        return False


def require_attended_and_over(booking):
    """The step the attendee is at, once they attended and the event is over."""
    step = certificate_step(booking)
    if step == CertificateStep.NOT_ATTENDED:
        raise NotAttended("Your attendance at this event has not been recorded.")
    if step == CertificateStep.EVENT_NOT_OVER:
        raise EventNotOver("You can do this once the event has finished.")
    return step


def _registration_of(person):
    if not person.registration_number:
        return ""
    body = person.registration_body if person.registration_body != "other" else ""
    return f"{body} {person.registration_number}".strip()


@transaction.atomic
def issue_certificate(booking):
    """The attendee's certificate, issued once (later calls return the same one)."""
    booking = (
        Booking.objects.select_for_update(of=("self",))
        .select_related("event__organising_group", "person")
        .get(pk=booking.pk)
    )
    step = require_attended_and_over(booking)
    if step == CertificateStep.EVALUATION_NEEDED:
        raise EvaluationOutstanding("Please complete the short evaluation first.")
    if step == CertificateStep.ISSUED:
        return booking.certificate
    event, person = booking.event, booking.person
    certificate = Certificate.objects.create(
        booking=booking,
        attendee_name=person.get_full_name() or person.email,
        registration=_registration_of(person),
        event_title=event.title,
        event_type=event.get_event_type_display(),
        organiser=organiser_name(event),
        event_start=event.start,
        event_end=event.end,
        cpd_hours=event_hours(event),
        rcr_credits=event.rcr_credits,
        cor_outcomes=event.cor_outcomes,
        learning_outcomes=event.learning_outcomes,
    )
    add_attended_event_to_log(booking)
    return certificate


def verified_certificate(typed_code):
    """The certificate a verification code belongs to, or None."""
    return Certificate.objects.with_code(typed_code).first()
