"""The CPD rules: when a certificate may be had, the evaluation before it, the log entry of each
attended event, watched recordings, what a person may change in their log, and evaluation
requests sent once."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from events.cpd.errors import (
    CertificateAlreadyIssued,
    EntryLocked,
    EvaluationAlreadySubmitted,
    EvaluationOutstanding,
    EventNotOver,
    NotAttended,
    RecordingNotAvailable,
)
from events.cpd.models import (
    CODE_ALPHABET,
    Certificate,
    CpdEntry,
    EvaluationRequest,
    EventRecording,
)
from events.cpd.queries import cpd_log, recordings_open_to
from events.cpd.services.certificates import (
    CertificateStep,
    certificate_step,
    issue_certificate,
    verified_certificate,
)
from events.cpd.services.evaluation import (
    send_evaluation_request,
    send_evaluation_requests,
    submit_evaluation,
)
from events.cpd.services.log import (
    add_attended_event_to_log,
    add_external_activity,
    delete_entry,
    event_hours,
    hcpc_row,
    log_totals,
    remove_unattended_event_from_log,
    update_entry,
)
from events.cpd.services.recordings import log_watched_recording
from events.models import Booking
from portal.suppression import Suppression, suppress
from tests.portal.factories import UserFactory

from .cpd_fixtures import EVALUATION
from .factories import BookingFactory, EventPageFactory

pytestmark = pytest.mark.django_db


# The certificate rule, step by step


def test_a_booking_without_attendance_gets_no_certificate(finished_event, attendee):
    booking = BookingFactory(event=finished_event, person=attendee)
    assert certificate_step(booking) == CertificateStep.NOT_ATTENDED
    with pytest.raises(NotAttended):
        issue_certificate(booking)


@pytest.mark.parametrize("status", [Booking.Status.WAITING, Booking.Status.CANCELLED])
def test_only_a_confirmed_place_counts(finished_event, attendee, status):
    booking = BookingFactory(event=finished_event, person=attendee, status=status, attended=True)
    assert certificate_step(booking) == CertificateStep.NOT_ATTENDED


def test_the_evaluation_waits_for_the_end_of_the_event(event, attendee):
    booking = BookingFactory(event=event, person=attendee, attended=True)
    assert certificate_step(booking) == CertificateStep.EVENT_NOT_OVER
    with pytest.raises(EventNotOver):
        submit_evaluation(booking, dict(EVALUATION))
    just_after = event.end + dt.timedelta(seconds=1)
    assert certificate_step(booking, now=just_after) == CertificateStep.EVALUATION_NEEDED


def test_the_certificate_waits_for_the_evaluation(attended_booking):
    assert certificate_step(attended_booking) == CertificateStep.EVALUATION_NEEDED
    with pytest.raises(EvaluationOutstanding):
        issue_certificate(attended_booking)
    assert not Certificate.objects.exists()


def test_an_evaluation_is_given_once(evaluated_booking):
    assert certificate_step(evaluated_booking) == CertificateStep.READY
    with pytest.raises(EvaluationAlreadySubmitted):
        submit_evaluation(evaluated_booking, dict(EVALUATION))


def test_a_certificate_is_issued_once_with_an_unguessable_code(evaluated_booking):
    first = issue_certificate(evaluated_booking)
    again = issue_certificate(evaluated_booking)
    assert again.pk == first.pk and again.verification_code == first.verification_code
    assert len(first.verification_code) == 16
    assert set(first.verification_code) <= set(CODE_ALPHABET)
    assert first.display_code.count("-") == 3
    evaluated_booking.refresh_from_db()
    assert certificate_step(evaluated_booking) == CertificateStep.ISSUED


def test_codes_differ_between_certificates(finished_event):
    codes = set()
    for _ in range(5):
        booking = BookingFactory(event=finished_event, attended=True)
        submit_evaluation(booking, dict(EVALUATION))
        codes.add(issue_certificate(booking).verification_code)
    assert len(codes) == 5


def test_the_certificate_keeps_what_it_stated_when_the_event_changes(evaluated_booking):
    certificate = issue_certificate(evaluated_booking)
    event = evaluated_booking.event
    event.title = "Renamed later"
    event.cpd_hours = Decimal("1.0")
    event.save()
    person = evaluated_booking.person
    person.registration_number = "RA999999"
    person.save()
    certificate.refresh_from_db()
    assert certificate.event_title == "MRI safety update"
    assert certificate.cpd_hours == Decimal("3.0")
    assert certificate.registration == "HCPC RA123456"
    assert certificate.attendee_name == "Priya Shah"


def test_a_code_is_found_however_it_is_typed(evaluated_booking):
    certificate = issue_certificate(evaluated_booking)
    typed = certificate.display_code.lower().replace("-", " ")
    assert verified_certificate(typed) == certificate
    assert verified_certificate("0000-0000-0000-0000") is None


# The log entry of an attended event


def test_an_attended_event_enters_the_log_once(attended_booking):
    add_attended_event_to_log(attended_booking)
    add_attended_event_to_log(attended_booking)
    entry = CpdEntry.objects.get(person=attended_booking.person)
    assert entry.source == CpdEntry.Source.NETWORK_EVENT
    assert entry.activity_type == CpdEntry.ActivityType.FORMAL
    assert entry.hours == Decimal("3.0")
    assert entry.title == "MRI safety update"
    assert entry.provider == "Operational Board"
    assert entry.outcome_list == [
        "Explain the MRI safety zones",
        "Screen a patient with an implant",
    ]
    assert entry.start_date == timezone.localdate(attended_booking.event.start)
    assert entry.end_date is None


def test_without_cpd_hours_an_event_counts_its_length(events_index, world):
    start = timezone.now() - dt.timedelta(days=3)
    event = EventPageFactory(
        parent=events_index, start=start, end=start + dt.timedelta(hours=1, minutes=20)
    )
    assert event_hours(event) == Decimal("1.25")
    event.end = start + dt.timedelta(days=1, hours=2)
    assert event_hours(event) == Decimal("26.00")


def test_a_multi_day_event_has_an_end_date(events_index, attendee):
    start = timezone.now() - dt.timedelta(days=5)
    event = EventPageFactory(parent=events_index, start=start, end=start + dt.timedelta(days=1))
    entry = add_attended_event_to_log(BookingFactory(event=event, person=attendee))
    assert entry.end_date == entry.start_date + dt.timedelta(days=1)


def test_taking_attendance_back_removes_the_entry(attended_booking):
    remove_unattended_event_from_log(attended_booking)
    assert not CpdEntry.objects.exists()


def test_attendance_with_a_certificate_cannot_be_taken_back(evaluated_booking):
    issue_certificate(evaluated_booking)
    with pytest.raises(CertificateAlreadyIssued):
        remove_unattended_event_from_log(evaluated_booking)
    assert CpdEntry.objects.filter(booking=evaluated_booking).exists()


# What a person may change in their log


def test_the_facts_of_a_network_event_are_fixed_but_the_reflection_is_theirs(attended_booking):
    entry = CpdEntry.objects.get(booking=attended_booking)
    person = attended_booking.person
    update_entry(entry, person, {"reflection": "I now screen implants first."})
    entry.refresh_from_db()
    assert entry.reflection == "I now screen implants first."
    with pytest.raises(EntryLocked):
        update_entry(entry, person, {"hours": Decimal("9")})
    with pytest.raises(EntryLocked):
        delete_entry(entry, person)
    entry.refresh_from_db()
    assert entry.hours == Decimal("3.0")


def test_nobody_changes_anyone_elses_log(attended_booking):
    entry = CpdEntry.objects.get(booking=attended_booking)
    with pytest.raises(EntryLocked):
        update_entry(entry, UserFactory(), {"reflection": "Not mine"})


def test_own_activities_can_be_changed_and_removed(attendee):
    entry = add_external_activity(
        attendee,
        {
            "activity_type": CpdEntry.ActivityType.SELF_DIRECTED,
            "title": "Read the new IR(ME)R guidance",
            "start_date": timezone.localdate(),
            "hours": Decimal("1.5"),
        },
    )
    update_entry(entry, attendee, {"hours": Decimal("2")})
    entry.refresh_from_db()
    assert entry.hours == Decimal("2")
    delete_entry(entry, attendee)
    assert not CpdEntry.objects.exists()


def test_totals_by_type_of_activity(attended_booking, attendee):
    add_external_activity(
        attendee,
        {
            "activity_type": CpdEntry.ActivityType.SELF_DIRECTED,
            "title": "Journal club",
            "start_date": timezone.localdate(),
            "hours": Decimal("1.25"),
        },
    )
    total, by_type = log_totals(cpd_log(attendee))
    assert total == Decimal("4.25")
    assert by_type == [
        ("Formal and educational", Decimal("3.0")),
        ("Self-directed learning", Decimal("1.25")),
    ]


def test_an_hcpc_row_carries_the_evidence(evaluated_booking):
    certificate = issue_certificate(evaluated_booking)
    entry = cpd_log(evaluated_booking.person).get()
    row = hcpc_row(entry, lambda c: f"https://portal.example/cpd/verify/{c.display_code}/")
    assert row[0] == "Formal and educational"
    assert row[1] == "MRI safety update"
    assert row[5] == "3"
    assert row[6] == "Explain the MRI safety zones; Screen a patient with an implant"
    assert row[8] == (
        f"Certificate {certificate.display_code}, verify at "
        f"https://portal.example/cpd/verify/{certificate.display_code}/"
    )


# Watched recordings


def test_watching_a_recording_is_logged_once_with_the_confirmed_minutes(recording, attendee):
    entry, created = log_watched_recording(attendee, recording, 50, "Useful refresher")
    assert created and entry.hours == Decimal("0.75")
    assert entry.source == CpdEntry.Source.RECORDING
    assert entry.title == "Watched recording: MRI safety update"
    entry, created = log_watched_recording(attendee, recording, 115)
    assert not created and entry.hours == Decimal("2.0")
    assert entry.reflection == "Useful refresher"
    assert CpdEntry.objects.filter(person=attendee).count() == 1


def test_only_network_members_may_log_a_recording(recording):
    applicant = UserFactory(applicant=True)
    with pytest.raises(RecordingNotAvailable):
        log_watched_recording(applicant, recording, 30)


def test_a_recording_is_not_open_before_the_event_ends(event, attendee):
    recording = EventRecording.objects.create(
        event=event, title="Recording", video_url="https://video.example/x"
    )
    with pytest.raises(RecordingNotAvailable):
        log_watched_recording(attendee, recording, 30)
    assert recordings_open_to(attendee, event) == []


# Asking for the evaluation


def test_attendees_are_asked_for_their_evaluation_once(attended_booking, smtp_inbox):
    BookingFactory(event=attended_booking.event, attended=False)
    assert send_evaluation_requests() == 1
    assert send_evaluation_requests() == 0
    assert send_evaluation_request(attended_booking.pk) is False
    [message] = smtp_inbox.messages
    assert message["To"] == "priya.shah@nhs.net"
    assert message["Subject"] == "How was MRI safety update? Your certificate is waiting"
    body = smtp_inbox.text(message)
    assert "Dear Priya" in body
    assert f"/cpd/events/{attended_booking.event.pk}/evaluation/" in body
    assert message.get_body(preferencelist=("html",)) is not None
    assert EvaluationRequest.objects.filter(booking=attended_booking).count() == 1


def test_an_address_on_the_suppression_list_is_not_asked(attended_booking, smtp_inbox):
    suppress(attended_booking.person.email, Suppression.Reason.UNSUBSCRIBE, "test")

    assert send_evaluation_requests() == 1  # asked once, as far as the request goes

    assert smtp_inbox.messages == []


def test_nobody_is_asked_before_the_end_or_after_evaluating(
    event, evaluated_booking, attendee, smtp_inbox
):
    BookingFactory(event=event, person=attendee, attended=True)
    assert send_evaluation_requests() == 0
    assert smtp_inbox.messages == []


def test_a_failed_send_is_tried_again(attended_booking, settings, smtp_inbox):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 1},
        }
    }
    with pytest.raises(OSError):
        send_evaluation_requests()
    assert not EvaluationRequest.objects.exists()
