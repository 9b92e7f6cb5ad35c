"""Attendance: organisers marking it, self check-in with the room's code, and the Teams or Zoom
import (matching by email, unmatched rows, idempotent, file checks)."""

import datetime as dt

import pytest
from django.utils import timezone
from wagtail.models import PageLogEntry

from events.cpd.errors import (
    AttendanceImportRejected,
    CertificateAlreadyIssued,
    CheckInNotOpen,
    NoConfirmedPlace,
    UnknownCheckInCode,
)
from events.cpd.models import CpdEntry, EventCheckIn
from events.cpd.services import attendance
from events.cpd.services.certificates import issue_certificate
from events.cpd.services.evaluation import submit_evaluation
from events.errors import NotOrganiser
from events.models import Booking
from tests.portal.factories import UserFactory

from .cpd_fixtures import EVALUATION, upload
from .factories import BookingFactory, EventPageFactory

pytestmark = pytest.mark.django_db


# Marking attendance


@pytest.mark.parametrize("who", ["chair", "deputy", "secretary", "admin"])
def test_organisers_and_the_network_office_mark_attendance(finished_event, world, who):
    booking = BookingFactory(event=finished_event)
    changed = attendance.record_attendance(
        finished_event, {booking.pk: True}, recorded_by=getattr(world, who)
    )
    assert changed == 1
    booking.refresh_from_db()
    assert booking.attended is True
    assert CpdEntry.objects.filter(booking=booking, person=booking.person).exists()
    assert PageLogEntry.objects.filter(action="events.attendance.record").exists()


@pytest.mark.parametrize("who", ["member", "lay_member", "non_member", "other_chair"])
def test_nobody_else_marks_attendance(finished_event, world, who):
    booking = BookingFactory(event=finished_event)
    with pytest.raises(NotOrganiser):
        attendance.record_attendance(
            finished_event, {booking.pk: True}, recorded_by=getattr(world, who)
        )
    booking.refresh_from_db()
    assert booking.attended is None


def test_marking_twice_changes_nothing_the_second_time(finished_event, world):
    booking = BookingFactory(event=finished_event)
    attendance.record_attendance(finished_event, {booking.pk: True}, recorded_by=world.chair)
    assert (
        attendance.record_attendance(finished_event, {booking.pk: True}, recorded_by=world.chair)
        == 0
    )
    assert CpdEntry.objects.filter(booking=booking).count() == 1


def test_unticking_takes_the_event_out_of_the_log(finished_event, world):
    booking = BookingFactory(event=finished_event)
    attendance.record_attendance(finished_event, {booking.pk: True}, recorded_by=world.chair)
    attendance.record_attendance(finished_event, {booking.pk: False}, recorded_by=world.chair)
    booking.refresh_from_db()
    assert booking.attended is False
    assert not CpdEntry.objects.exists()


def test_unticking_someone_with_a_certificate_is_refused(finished_event, world):
    booking = BookingFactory(event=finished_event)
    attendance.record_attendance(finished_event, {booking.pk: True}, recorded_by=world.chair)
    submit_evaluation(booking, dict(EVALUATION))
    issue_certificate(booking)
    with pytest.raises(CertificateAlreadyIssued):
        attendance.record_attendance(finished_event, {booking.pk: False}, recorded_by=world.chair)
    booking.refresh_from_db()
    assert booking.attended is True


def test_only_confirmed_places_of_this_event_are_marked(finished_event, world, events_index):
    waiting = BookingFactory(event=finished_event, waiting=True)
    elsewhere = BookingFactory(event=EventPageFactory(parent=events_index))
    attendance.record_attendance(
        finished_event, {waiting.pk: True, elsewhere.pk: True}, recorded_by=world.chair
    )
    assert not Booking.objects.filter(attended=True).exists()


# Self check-in


@pytest.fixture
def running_event(events_index, world):
    start = timezone.now() - dt.timedelta(minutes=20)
    return EventPageFactory(
        parent=events_index,
        organising_group=world.board,
        start=start,
        end=start + dt.timedelta(hours=2),
    )


def test_the_code_is_made_once_and_is_short(running_event):
    code = attendance.check_in_code(running_event)
    assert attendance.check_in_code(running_event) == code
    assert len(code.code) == 6
    assert EventCheckIn.objects.count() == 1


def test_an_attendee_checks_in_with_the_code(running_event, attendee):
    BookingFactory(event=running_event, person=attendee)
    code = attendance.check_in_code(running_event).code
    booking = attendance.self_check_in(f" {code.lower()} ", attendee)
    assert booking.attended is True
    assert CpdEntry.objects.filter(person=attendee, booking=booking).count() == 1
    attendance.self_check_in(code, attendee)  # again: nothing new
    assert CpdEntry.objects.filter(person=attendee).count() == 1


def test_a_wrong_code_is_refused(running_event, attendee):
    BookingFactory(event=running_event, person=attendee)
    code = attendance.check_in_code(running_event).code
    wrong = "ZZZZZZ" if code != "ZZZZZZ" else "YYYYYY"
    with pytest.raises(UnknownCheckInCode):
        attendance.self_check_in(wrong, attendee)


@pytest.mark.parametrize("status", [None, Booking.Status.WAITING, Booking.Status.CANCELLED])
def test_only_a_confirmed_place_checks_in(running_event, attendee, status):
    if status:
        BookingFactory(event=running_event, person=attendee, status=status)
    code = attendance.check_in_code(running_event).code
    with pytest.raises(NoConfirmedPlace):
        attendance.self_check_in(code, attendee)


def test_check_in_opens_half_an_hour_before_and_closes_two_hours_after(running_event, attendee):
    BookingFactory(event=running_event, person=attendee)
    code = attendance.check_in_code(running_event).code
    opens = running_event.start - dt.timedelta(minutes=30)
    closes = running_event.end + dt.timedelta(hours=2)
    with pytest.raises(CheckInNotOpen, match="opens at"):
        attendance.self_check_in(code, attendee, now=opens - dt.timedelta(seconds=1))
    with pytest.raises(CheckInNotOpen, match="has closed"):
        attendance.self_check_in(code, attendee, now=closes + dt.timedelta(seconds=1))
    assert attendance.self_check_in(code, attendee, now=opens).attended
    assert attendance.check_in_is_open(running_event, now=closes)


def test_no_check_in_at_a_cancelled_event(running_event, attendee):
    BookingFactory(event=running_event, person=attendee)
    code = attendance.check_in_code(running_event).code
    running_event.status = running_event.Status.CANCELLED
    running_event.save()
    with pytest.raises(CheckInNotOpen):
        attendance.self_check_in(code, attendee)


# Reading Teams and Zoom reports


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("52", 52),
        ("52.6", 53),
        ("1h 2m 30s", 63),
        ("45m 10s", 45),
        ("2 hours 5 minutes", 125),
        ("01:02:29", 62),
        ("58:40", 59),
        ("", None),
        ("n/a", None),
    ],
)
def test_durations_as_teams_and_zoom_write_them(text, minutes):
    assert attendance.parse_minutes(text) == minutes


ZOOM = (
    "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest\n"
    "Priya Shah,Priya.Shah@NHS.net,01/05/2025 12:58,01/05/2025 14:13,75,No\n"
    "Priya Shah,priya.shah@nhs.net,01/05/2025 13:45,01/05/2025 14:00,15,No\n"
    "Sam Brief,sam.brief@nhs.net,01/05/2025 13:00,01/05/2025 13:10,10,No\n"
    "Guest Viewer,guest@example.com,01/05/2025 13:00,01/05/2025 14:00,60,Yes\n"
    '=HYPERLINK("x"),,,,5,Yes\n'
)

TEAMS = (
    "1. Summary\n"
    "Meeting title\tMRI safety update\n"
    "Attended participants\t2\n"
    "\n"
    "2. Participants\n"
    "Name\tFirst Join\tLast Leave\tIn-Meeting Duration\tEmail\tParticipant ID (UPN)\tRole\n"
    "Priya Shah\t5/1/25, 12:58:00 PM\t5/1/25, 2:00:00 PM\t1h 2m 0s\tpriya.shah@nhs.net\t"
    "priya.shah@nhs.net\tAttendee\n"
    "Waiting Person\t5/1/25, 12:58:00 PM\t5/1/25, 2:00:00 PM\t1h 1m 0s\twait@nhs.net\t"
    "wait@nhs.net\tAttendee\n"
    "\n"
    "3. In-Meeting Activities\n"
    "Name\tJoin Time\tLeave Time\tDuration\tEmail\tRole\n"
    "Priya Shah\t5/1/25\t5/1/25\t1h 2m 0s\tpriya.shah@nhs.net\tAttendee\n"
)


def test_a_zoom_report_is_matched_by_email_and_rejoins_are_added_up(
    finished_event, world, attendee
):
    BookingFactory(event=finished_event, person=attendee)
    brief = BookingFactory(event=finished_event, person=UserFactory(email="sam.brief@nhs.net"))
    report = attendance.import_attendance(
        finished_event, upload("participants.csv", ZOOM), recorded_by=world.secretary
    )
    [(booking, minutes)] = report.marked
    assert booking.person == attendee and minutes == 90
    assert [(b.pk, m) for b, m in report.too_short] == [(brief.pk, 10)]
    assert report.unmatched == [("Guest Viewer", "guest@example.com", 60)]
    attendee_booking = Booking.objects.get(person=attendee)
    assert attendee_booking.attended is True and attendee_booking.minutes_attended == 90
    brief.refresh_from_db()
    assert brief.attended is None and brief.minutes_attended == 10
    assert CpdEntry.objects.filter(person=attendee).count() == 1


def test_importing_the_same_report_again_changes_nothing(finished_event, world, attendee):
    BookingFactory(event=finished_event, person=attendee)
    attendance.import_attendance(
        finished_event, upload("participants.csv", ZOOM), recorded_by=world.chair
    )
    again = attendance.import_attendance(
        finished_event, upload("participants.csv", ZOOM), recorded_by=world.chair
    )
    assert len(again.marked) == 1
    assert CpdEntry.objects.filter(person=attendee).count() == 1
    assert Booking.objects.get(person=attendee).minutes_attended == 90


def test_a_teams_report_in_utf16_with_its_summary_is_read(finished_event, world, attendee):
    BookingFactory(event=finished_event, person=attendee)
    BookingFactory(event=finished_event, person=UserFactory(email="wait@nhs.net"), waiting=True)
    report = attendance.import_attendance(
        finished_event, upload("attendance.csv", TEAMS, "utf-16"), recorded_by=world.chair
    )
    assert [(b.person.email, m) for b, m in report.marked] == [("priya.shah@nhs.net", 62)]
    assert report.not_booked == [("Waiting Person", "wait@nhs.net", 61)]
    assert report.unmatched == []


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("report.xlsx", "PK\x03\x04", "must be a CSV"),
        ("report.csv", "", "empty"),
        ("report.csv", "Name,Company\nPriya,NHS\n", "no columns for email and minutes"),
    ],
)
def test_files_that_are_not_attendance_reports_are_refused(
    finished_event, world, name, content, message
):
    with pytest.raises(AttendanceImportRejected, match=message):
        attendance.import_attendance(finished_event, upload(name, content), recorded_by=world.chair)


def test_a_binary_file_called_csv_is_refused(finished_event, world):
    with pytest.raises(AttendanceImportRejected, match="not a CSV"):
        attendance.import_attendance(
            finished_event, upload("report.csv", "\x00\x01\x02binary"), recorded_by=world.chair
        )


def test_a_file_over_two_megabytes_is_refused(finished_event, world):
    big = "Name,User Email,Duration (Minutes)\n" + "x,y@nhs.net,1\n" * 200_000
    with pytest.raises(AttendanceImportRejected, match="smaller than 2 MB"):
        attendance.import_attendance(
            finished_event, upload("big.csv", big), recorded_by=world.chair
        )


def test_only_organisers_import(finished_event, world):
    with pytest.raises(NotOrganiser):
        attendance.import_attendance(
            finished_event, upload("participants.csv", ZOOM), recorded_by=world.member
        )
