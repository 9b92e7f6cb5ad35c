"""CPD: the log entry for each attended event, evaluations, certificates, watched recordings
and the person's own activities. Every rule about when a certificate may be had lives here."""

import enum
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from portal.email import send_templated_email

from ..cpd_rules import can_watch_recording, may_watch_recordings
from ..models import (
    Booking,
    Certificate,
    CpdEntry,
    EvaluationRequest,
    EventEvaluation,
    EventPage,
    EventRecording,
)
from .errors import EventsError


class CpdError(EventsError):
    """A CPD step the rules refuse; the message is shown to the person as it is."""


class NotAttended(CpdError):
    pass


class EventNotOver(CpdError):
    pass


class EvaluationOutstanding(CpdError):
    pass


class EvaluationAlreadySubmitted(CpdError):
    pass


class CertificateAlreadyIssued(CpdError):
    pass


class RecordingNotAvailable(CpdError):
    pass


class EntryLocked(CpdError):
    pass


# What kind of CPD each kind of event is, in HCPC's terms.
ACTIVITY_TYPE_OF_EVENT = {
    EventPage.Type.CONFERENCE: CpdEntry.ActivityType.FORMAL,
    EventPage.Type.STUDY_DAY: CpdEntry.ActivityType.FORMAL,
    EventPage.Type.CPD_WEBINAR: CpdEntry.ActivityType.FORMAL,
    EventPage.Type.SCIENTIFIC_MEETING: CpdEntry.ActivityType.FORMAL,
    EventPage.Type.NETWORK_AND_LEARN: CpdEntry.ActivityType.PROFESSIONAL,
    EventPage.Type.SIG_OPEN_MEETING: CpdEntry.ActivityType.PROFESSIONAL,
}
QUARTER = Decimal("0.25")


def _to_quarter_hours(hours):
    return max(QUARTER, (Decimal(hours) / QUARTER).quantize(Decimal(1), ROUND_HALF_UP) * QUARTER)


def event_hours(event):
    """The CPD hours an event gives: as the organiser set them, else its length."""
    if event.cpd_hours:
        return Decimal(event.cpd_hours)
    seconds = (event.end - event.start).total_seconds()
    return _to_quarter_hours(Decimal(seconds) / 3600)


def _organiser_name(event):
    group = event.organising_group
    return group.title if group else "West Midlands Imaging Network"


def _london_date(moment):
    return timezone.localtime(moment).date()


# Attended network events -------------------------------------------------------------------


def add_attended_event_to_log(booking):
    """Put an attended event in the person's CPD log: one entry per booking, however often
    attendance is recorded."""
    add_attended_events_to_log([booking])
    return CpdEntry.objects.get(booking=booking)


def add_attended_events_to_log(bookings):
    """The same for many attended bookings at once (an imported attendance report)."""
    CpdEntry.objects.bulk_create(
        [_log_entry_for(booking) for booking in bookings], ignore_conflicts=True
    )


def _log_entry_for(booking):
    event = booking.event
    start, end = _london_date(event.start), _london_date(event.end)
    return CpdEntry(
        booking=booking,
        person_id=booking.person_id,
        source=CpdEntry.Source.NETWORK_EVENT,
        activity_type=ACTIVITY_TYPE_OF_EVENT.get(event.event_type, CpdEntry.ActivityType.FORMAL),
        title=event.title,
        provider=_organiser_name(event),
        start_date=start,
        end_date=end if end != start else None,
        hours=event_hours(event),
        outcomes=event.learning_outcomes,
    )


def remove_unattended_event_from_log(booking):
    """Attendance was taken back: the log entry goes too, unless a certificate was issued."""
    if Certificate.objects.filter(booking=booking).exists():
        raise CertificateAlreadyIssued(
            f"{booking.person} already has a certificate for this event, so their attendance "
            "cannot be taken back here. Ask the network office."
        )
    CpdEntry.objects.filter(booking=booking).delete()


# Evaluation and certificate ----------------------------------------------------------------


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


def _require_attended_and_over(booking):
    step = certificate_step(booking)
    if step == CertificateStep.NOT_ATTENDED:
        raise NotAttended("Your attendance at this event has not been recorded.")
    if step == CertificateStep.EVENT_NOT_OVER:
        raise EventNotOver("You can do this once the event has finished.")
    return step


def attendee_booking(event, person):
    """The person's confirmed booking for the event, with what the certificate rule needs."""
    if not person.is_authenticated:
        return None
    return (
        Booking.objects.select_related("event", "evaluation", "certificate")
        .filter(event=event, person=person, status=Booking.Status.CONFIRMED)
        .first()
    )


@transaction.atomic
def submit_evaluation(booking, answers):
    """Record the attendee's evaluation; they may then have their certificate."""
    booking = (
        Booking.objects.select_for_update(of=("self",)).select_related("event").get(pk=booking.pk)
    )
    step = _require_attended_and_over(booking)
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
    step = _require_attended_and_over(booking)
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
        organiser=_organiser_name(event),
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


# Recordings ---------------------------------------------------------------------------------


def recordings_open_to(user, event, now=None):
    """The event's recordings this person may watch: network members, after the event."""
    if not may_watch_recordings(user, event, now):
        return []
    return list(event.recordings.select_related("recording_file", "slides").order_by("sort_order"))


@transaction.atomic
def log_watched_recording(person, recording, minutes, reflection=""):
    """Add (or update) "watched recording" in the person's CPD log, for the minutes they
    confirm."""
    recording = EventRecording.objects.select_related("event").get(pk=recording.pk)
    if not can_watch_recording(person, recording):
        raise RecordingNotAvailable("This recording is not available to you.")
    event = recording.event
    entry, created = CpdEntry.objects.select_for_update(of=("self",)).get_or_create(
        person=person,
        recording=recording,
        defaults={
            "source": CpdEntry.Source.RECORDING,
            "activity_type": CpdEntry.ActivityType.SELF_DIRECTED,
            "title": f"Watched recording: {event.title}",
            "provider": _organiser_name(event),
            "start_date": timezone.localdate(),
            "hours": _to_quarter_hours(Decimal(minutes) / 60),
            "outcomes": event.learning_outcomes,
            "reflection": reflection,
        },
    )
    if not created:
        entry.hours = _to_quarter_hours(Decimal(minutes) / 60)
        if reflection:
            entry.reflection = reflection
        entry.save(update_fields=["hours", "reflection", "updated_at"])
    return entry, created


# The person's own log ---------------------------------------------------------------------

# The facts of an entry the network recorded; the person writes only the reflection.
FIXED_FIELDS = {"activity_type", "title", "provider", "start_date", "end_date", "hours", "outcomes"}


def cpd_log(person):
    return CpdEntry.objects.of(person).for_log()


def audit_period_start(today=None):
    """An HCPC audit looks at the two years before it; the PDF record covers those."""
    today = today or timezone.localdate()
    try:
        return today.replace(year=today.year - 2)
    except ValueError:  # 29 February
        return today.replace(year=today.year - 2, day=28)


def add_external_activity(person, details):
    return CpdEntry.objects.create(person=person, source=CpdEntry.Source.EXTERNAL, **details)


def _own_entry(entry, person):
    if entry.person_id != person.pk:
        raise EntryLocked("This entry is not in your CPD log.")


def update_entry(entry, person, details):
    """Change an entry: any field of the person's own activities; only the reflection of what
    the network recorded (and the minutes of a watched recording)."""
    _own_entry(entry, person)
    if entry.is_network_event and FIXED_FIELDS & {
        name for name, value in details.items() if getattr(entry, name) != value
    }:
        raise EntryLocked(
            "The details of a network event come from its attendance record; "
            "you can change your reflection."
        )
    for name, value in details.items():
        setattr(entry, name, value)
    entry.save()
    return entry


def delete_entry(entry, person):
    _own_entry(entry, person)
    if entry.is_network_event:
        raise EntryLocked("Network events you attended stay in your log as your record.")
    entry.delete()


def log_totals(entries):
    """Hours in the log, in all and by type of activity."""
    by_type = {}
    for entry in entries:
        label = entry.get_activity_type_display()
        by_type[label] = by_type.get(label, Decimal(0)) + entry.hours
    return sum(by_type.values(), Decimal(0)), sorted(by_type.items())


HCPC_COLUMNS = [
    "Type of activity",
    "Activity",
    "Provider",
    "Start date",
    "End date",
    "Hours",
    "Learning outcomes",
    "Reflection: what I learnt and how it benefits service users",
    "Evidence",
]


def hcpc_row(entry, verify_url=None):
    """One log entry as the columns of an HCPC audit profile."""
    certificate = entry.certificate
    if certificate is not None:
        evidence = f"Certificate {certificate.display_code}"
        if verify_url:
            evidence += f", verify at {verify_url(certificate)}"
    elif entry.is_network_event:
        evidence = "Attendance recorded by the network"
    else:
        evidence = ""
    return [
        entry.get_activity_type_display(),
        entry.title,
        entry.provider,
        entry.start_date.strftime("%d/%m/%Y"),
        (entry.end_date or entry.start_date).strftime("%d/%m/%Y"),
        f"{entry.hours.normalize():f}",
        "; ".join(entry.outcome_list),
        entry.reflection,
        evidence,
    ]
