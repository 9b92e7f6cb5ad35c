"""Attendance at events: marked by organisers, self check-in with the room's code, and
attendance imported from a Teams or Zoom report. Each attended booking goes in the CPD log."""

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from wagtail.log_actions import log

from events.errors import NotOrganiser
from events.models import Booking
from events.services.booking import places

from ..errors import (
    AttendanceImportRejected,
    CheckInError,
    CheckInNotOpen,
    NoConfirmedPlace,
    UnknownCheckInCode,
)
from ..models import CHECK_IN_CODE_LENGTH, EventCheckIn, normalise_code, random_code
from ..rules import can_record_attendance
from .log import (
    add_attended_event_to_log,
    add_attended_events_to_log,
    remove_unattended_event_from_log,
)

# Self check-in opens a little before the start (people arrive early) and stays open a while
# after the end (a webinar's last minutes, a slow queue at the door).
CHECK_IN_OPENS_BEFORE = timedelta(minutes=30)
CHECK_IN_CLOSES_AFTER = timedelta(hours=2)
# A webinar attendee counts as having attended once they were there for half its length.
ATTENDED_SHARE = 0.5
IMPORT_MAX_BYTES = 2 * 1024 * 1024
# No cell of a real Teams or Zoom report comes near this; csv's own limit is 128 kB.
IMPORT_MAX_FIELD_CHARS = 10_000
# A week, in minutes: no attendance report covers more, and a longer "duration" is a typo.
MAX_MINUTES = 7 * 24 * 60


def _require_organiser(user, event):
    if not can_record_attendance(user, event):
        raise NotOrganiser("Only the event's organisers and the network office can do this.")


def attendance_list(event):
    """Confirmed bookings, the people on the check-in page, in surname order."""
    return (
        Booking.objects.confirmed()
        .filter(event=event)
        .select_related("person__organisation")
        .order_by("person__last_name", "person__first_name", "pk")
    )


def attendance_counts(event):
    """The event's places (the one tally the organisers' attendee list shows too) and how
    many of the confirmed have been marked as attended."""
    tally = places(event)
    attended = attendance_list(event).filter(attended=True).count() if tally.confirmed else 0
    return {"places": tally, "confirmed": tally.confirmed, "attended": attended}


def _set_attendance(booking, attended, minutes=None):
    if attended:
        booking.attended = True
        booking.minutes_attended = minutes
        booking.save(update_fields=["attended", "minutes_attended"])
        add_attended_event_to_log(booking)
    else:
        if booking.attended:
            remove_unattended_event_from_log(booking)
        booking.attended = False
        booking.minutes_attended = minutes
        booking.save(update_fields=["attended", "minutes_attended"])


@transaction.atomic
def record_attendance(event, marks, *, recorded_by):
    """Mark who came. `marks` maps booking ids to True (attended) or False (did not)."""
    _require_organiser(recorded_by, event)
    bookings = (
        Booking.objects.select_for_update(of=("self",))
        .confirmed()
        .filter(event=event, pk__in=list(marks))
        .select_related("person", "event")
    )
    changed = 0
    for booking in bookings:
        attended = bool(marks[booking.pk])
        if booking.attended is attended:
            continue
        _set_attendance(booking, attended, booking.minutes_attended if attended else None)
        changed += 1
    if changed:
        log(
            instance=event,
            action="events.attendance.record",
            user=recorded_by,
            data={"changed": changed},
        )
    return changed


# Self check-in ------------------------------------------------------------------------------


def check_in_code(event):
    """The event's self check-in code, made the first time an organiser asks for it."""
    existing = EventCheckIn.objects.filter(event=event).first()
    if existing:
        return existing
    for _attempt in range(10):
        try:
            with transaction.atomic():
                return EventCheckIn.objects.create(
                    event=event, code=random_code(CHECK_IN_CODE_LENGTH)
                )
        except IntegrityError:
            # Either another event has this code, or another request made this event's code.
            if existing := EventCheckIn.objects.filter(event=event).first():
                return existing
    raise CheckInError("A check-in code could not be made. Please try again.")


def check_in_window(event):
    try:
        return event.start - CHECK_IN_OPENS_BEFORE, event.end + CHECK_IN_CLOSES_AFTER
    except OverflowError:  # a date at the calendar's edge, saved before dates were checked
        return event.start, event.end


def check_in_is_open(event, now=None):
    opens, closes = check_in_window(event)
    return not event.is_cancelled and opens <= (now or timezone.now()) <= closes


def event_for_code(typed_code):
    """The event a self check-in code belongs to, or UnknownCheckInCode."""
    code = normalise_code(typed_code)
    check_in = EventCheckIn.objects.select_related("event").filter(code=code).first()
    if check_in is None:
        raise UnknownCheckInCode("That code is not right. Check the code shown in the room.")
    return check_in.event


def _when(moment):
    try:
        return timezone.localtime(moment).strftime("%H:%M on %-d %B %Y")
    except OverflowError:
        return moment.strftime("%H:%M on %-d %B %Y (UTC)")


@transaction.atomic
def self_check_in(typed_code, person, now=None):
    """The attendee checks themselves in with the code shown in the room or webinar."""
    event = event_for_code(typed_code)
    if not check_in_is_open(event, now):
        opens, _ = check_in_window(event)
        if (now or timezone.now()) < opens:
            raise CheckInNotOpen(f"Check-in for {event.title} opens at {_when(opens)}.")
        raise CheckInNotOpen(f"Check-in for {event.title} has closed.")
    booking = (
        Booking.objects.select_for_update(of=("self",))
        .confirmed()
        .filter(event=event, person=person)
        .select_related("event")
        .first()
    )
    if booking is None:
        raise NoConfirmedPlace(
            f"You do not have a confirmed place at {event.title}. Please speak to the organisers."
        )
    if not booking.attended:
        _set_attendance(booking, True)
    return booking


# Import from Teams or Zoom ----------------------------------------------------------------


@dataclass
class ImportReport:
    marked: list = field(default_factory=list)  # (booking, minutes)
    too_short: list = field(default_factory=list)  # (booking, minutes)
    unmatched: list = field(default_factory=list)  # (name, email, minutes)
    not_booked: list = field(default_factory=list)  # (name, email, minutes)


EMAIL_HEADERS = ("user email", "email", "e-mail", "participant id (upn)", "email address")
NAME_HEADERS = ("name (original name)", "name", "full name", "participant")
MINUTES_HEADERS = (
    "total duration (minutes)",
    "duration (minutes)",
    "duration (mins)",
    "in-meeting duration",
    "attendance duration",
    "duration",
    "time in session (minutes)",
)
DURATION_PART = re.compile(r"(\d+)\s*(h|hr|hrs|hours?|m|min|mins|minutes?|s|sec|secs|seconds?)\b")


def parse_minutes(text):
    """Minutes from a Zoom number ("52"), a Teams duration ("1h 2m 30s") or "01:02:30";
    None for anything else, a duration longer than a week included."""
    text = (text or "").strip().lower()
    if not text or len(text) > 40:
        return None
    minutes = _parse_minutes(text)
    return minutes if minutes is not None and 0 <= minutes <= MAX_MINUTES else None


def _parse_minutes(text):
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return int(float(text) + 0.5)
    if re.fullmatch(r"\d+:\d{1,2}(:\d{1,2})?", text):
        parts = [int(part) for part in text.split(":")]
        if len(parts) == 2:
            parts = [0, *parts]
        hours, minutes, seconds = parts
        return hours * 60 + minutes + (1 if seconds >= 30 else 0)
    total = 0.0
    found = False
    for amount, unit in DURATION_PART.findall(text):
        found = True
        if unit.startswith("h"):
            total += int(amount) * 60
        elif unit.startswith("m"):
            total += int(amount)
        else:
            total += int(amount) / 60
    return int(total + 0.5) if found else None


def _decode(raw):
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as error:
            raise AttendanceImportRejected(
                "The file's text could not be read: it says it is UTF-16 but is cut short or "
                "damaged. Export the report again and upload it as it is."
            ) from error
    if b"\x00" in raw:
        raise AttendanceImportRejected("The file is not a CSV file.")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _csv_rows(text, delimiter):
    try:
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error as error:  # a field past csv's size limit, a stray NUL…
        raise AttendanceImportRejected(
            "The file could not be read as a CSV file. Export the report again from Teams "
            "or Zoom and upload it as it is."
        ) from error
    for number, row in enumerate(rows, start=1):
        if any(len(cell) > IMPORT_MAX_FIELD_CHARS for cell in row):
            raise AttendanceImportRejected(
                f"Row {number} of the file has a value longer than "
                f"{IMPORT_MAX_FIELD_CHARS:,} characters, which no attendance report has. "
                "Check that this is the report exported from Teams or Zoom."
            )
    return rows


def _find_column(header, names):
    for name in names:
        if name in header:
            return header.index(name)
    return None


def read_attendance_report(uploaded_file):
    """People, emails and minutes from a Teams or Zoom attendance export.

    Zoom lists a person once per time they joined; Teams starts with a summary section. Rows
    for the same email are added together.
    """
    name = (uploaded_file.name or "").lower()
    if not name.endswith((".csv", ".tsv", ".txt")):
        raise AttendanceImportRejected("The file must be a CSV file, as Teams or Zoom export it.")
    if uploaded_file.size > IMPORT_MAX_BYTES:
        raise AttendanceImportRejected("The file must be smaller than 2 MB.")
    if uploaded_file.size == 0:
        raise AttendanceImportRejected("The file is empty.")
    uploaded_file.seek(0)
    text = _decode(uploaded_file.read())
    lines = text.splitlines()
    delimiter = "\t" if sum(line.count("\t") for line in lines[:40]) > 0 else ","
    rows = _csv_rows(text, delimiter)
    for index, row in enumerate(rows):
        header = [cell.strip().lower() for cell in row]
        email_col = _find_column(header, EMAIL_HEADERS)
        minutes_col = _find_column(header, MINUTES_HEADERS)
        if email_col is not None and minutes_col is not None:
            name_col = _find_column(header, NAME_HEADERS)
            return _people_from(rows[index + 1 :], name_col, email_col, minutes_col, index + 2)
    raise AttendanceImportRejected(
        "The file has no columns for email and minutes attended. Export the attendance "
        "report from Teams or Zoom and upload it as it is."
    )


def _shorten(text, length=20):
    return text if len(text) <= length else text[:length] + "…"


def _people_from(rows, name_col, email_col, minutes_col, first_row_number):
    people = {}
    for number, row in enumerate(rows, start=first_row_number):
        if len(row) <= max(email_col, minutes_col):
            if any(cell.strip() for cell in row):
                # Teams puts further sections ("In-Meeting Activities") after the list.
                break
            continue
        email = row[email_col].strip().lower()
        minutes = parse_minutes(row[minutes_col])
        duration = row[minutes_col].strip()
        if minutes is None and duration[:1].isdigit():
            raise AttendanceImportRejected(
                f"Row {number}: the time attended, “{_shorten(duration)}”, is not a length of "
                "time the portal can read (it must be under a week, as minutes, “1h 2m 30s” "
                "or “01:02:30”)."
            )
        name = row[name_col].strip() if name_col is not None else ""
        if "@" not in email or minutes is None:
            continue
        earlier = people.get(email)
        people[email] = (earlier[0] if earlier else name, (earlier[1] if earlier else 0) + minutes)
    return people


def minutes_needed(event):
    return int((event.end - event.start).total_seconds() / 60 * ATTENDED_SHARE)


@transaction.atomic
def import_attendance(event, uploaded_file, *, recorded_by):
    """Mark attendance from a Teams or Zoom report, matching people by email address.

    Running it again with the same file changes nothing; a later file with more minutes for
    someone updates them.
    """
    _require_organiser(recorded_by, event)
    people = read_attendance_report(uploaded_file)
    bookings = {
        booking.person.email.lower(): booking
        for booking in Booking.objects.select_for_update(of=("self",))
        .filter(event=event)
        .select_related("person", "event")
    }
    needed = minutes_needed(event)
    report = ImportReport()
    changed, newly_attended = [], []
    for email, (name, minutes) in sorted(people.items()):
        booking = bookings.get(email)
        if booking is None:
            report.unmatched.append((name, email, minutes))
            continue
        if booking.status != Booking.Status.CONFIRMED:
            report.not_booked.append((name, email, minutes))
            continue
        if minutes >= needed:
            report.marked.append((booking, minutes))
            if not booking.attended or booking.minutes_attended != minutes:
                booking.attended, booking.minutes_attended = True, minutes
                changed.append(booking)
                newly_attended.append(booking)
        else:
            report.too_short.append((booking, minutes))
            # Too short to count, unless an organiser already marked them as there.
            if not booking.attended and booking.minutes_attended != minutes:
                booking.minutes_attended = minutes
                changed.append(booking)
    # In bulk: a conference-sized report is hundreds of rows.
    Booking.objects.bulk_update(changed, ["attended", "minutes_attended"], batch_size=500)
    add_attended_events_to_log(newly_attended)
    log(
        instance=event,
        action="events.attendance.import",
        user=recorded_by,
        data={
            "marked": len(report.marked),
            "too_short": len(report.too_short),
            "unmatched": len(report.unmatched),
        },
    )
    return report
