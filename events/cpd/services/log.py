"""The CPD log: the entry for each attended event, the person's own activities and their
reflections, and the log in the columns of an HCPC audit."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from events.models import EventPage

from ..errors import CertificateAlreadyIssued, EntryLocked
from ..models import Certificate, CpdEntry

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


def to_quarter_hours(hours):
    return max(QUARTER, (Decimal(hours) / QUARTER).quantize(Decimal(1), ROUND_HALF_UP) * QUARTER)


def event_hours(event):
    """The CPD hours an event gives: as the organiser set them, else its length."""
    if event.cpd_hours:
        return Decimal(event.cpd_hours)
    seconds = (event.end - event.start).total_seconds()
    return to_quarter_hours(Decimal(seconds) / 3600)


def organiser_name(event):
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
        provider=organiser_name(event),
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


# The person's own log ---------------------------------------------------------------------

# The facts of an entry the network recorded; the person writes only the reflection.
FIXED_FIELDS = {"activity_type", "title", "provider", "start_date", "end_date", "hours", "outcomes"}


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
