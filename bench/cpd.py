"""Benchmark: CPD documents and the attendance import.

Run with `.venv/bin/python bench/cpd.py`. It builds everything in a throwaway test database
(in-memory SQLite, or a `test_…` database beside DATABASE_URL's, dropped at the end), then
prints:

- the time to render one certificate PDF (median of several);
- the My CPD page's time with 10 and with 400 entries (its query count is pinned by the
  tests), and the time of the CSV and PDF exports of 400 entries;
- the time to import a Zoom attendance report of 500 rows into a webinar with 500 bookings,
  and to import it again (which changes nothing).
"""

import datetime as dt

import harness

RUNS = 5
ATTENDEES = 500


def configure():
    harness.configure(TASKS=harness.NO_TASKS)


def build_world():
    from wagtail.models import Page, Site

    from governance.models import Membership
    from tests.events.factories import EventIndexPageFactory
    from tests.governance.factories import (
        GovernanceIndexPageFactory,
        GroupPageFactory,
        MembershipFactory,
    )
    from tests.portal.factories import HomePageFactory, UserFactory

    root = Page.get_first_root_node()
    for page in root.get_children():
        page.delete()
    home = HomePageFactory(parent=root)
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    board = GroupPageFactory(parent=GovernanceIndexPageFactory(parent=home), title="Board")
    chair = UserFactory()
    MembershipFactory(group=board, person=chair, role=Membership.Role.CHAIR)
    return EventIndexPageFactory(parent=home), board, chair


def bench_certificate(index, board):
    from django.utils import timezone

    from events.cpd.certificates import certificate_pdf
    from events.cpd.services.certificates import issue_certificate
    from events.cpd.services.evaluation import submit_evaluation
    from tests.events.factories import BookingFactory, EventPageFactory

    start = timezone.now() - dt.timedelta(days=2)
    event = EventPageFactory(
        parent=index,
        organising_group=board,
        start=start,
        end=start + dt.timedelta(hours=7),
        cpd_hours=6,
        rcr_credits=5,
        learning_outcomes="One\nTwo\nThree",
    )
    booking = BookingFactory(event=event, attended=True)
    submit_evaluation(
        booking,
        {
            "overall": 5,
            "outcomes_met": "fully",
            "most_useful": "All",
            "improvements": "",
            "would_recommend": True,
        },
    )
    certificate = issue_certificate(booking)
    seconds, pdf = harness.timed(lambda: certificate_pdf(certificate, "https://portal.example"))
    print(f"Certificate PDF: {seconds * 1000:.0f} ms ({len(pdf) / 1024:.0f} KB)")


def bench_log(person):
    from decimal import Decimal

    from django.test import Client
    from django.utils import timezone

    from events.cpd.models import CpdEntry

    client = Client()
    client.force_login(person)
    for total in (10, 400):
        have = CpdEntry.objects.filter(person=person).count()
        CpdEntry.objects.bulk_create(
            CpdEntry(
                person=person,
                activity_type=CpdEntry.ActivityType.SELF_DIRECTED,
                title=f"Reading {n}",
                start_date=timezone.localdate() - dt.timedelta(days=n),
                hours=Decimal("1.5"),
                reflection="What I learnt and how it helps patients. " * 5,
            )
            for n in range(have, total)
        )
        assert client.get("/cpd/").status_code == 200
        seconds, _ = harness.timed(lambda: client.get("/cpd/"))
        print(f"My CPD, {total} entries: {seconds * 1000:.0f} ms")
    seconds, response = harness.timed(
        lambda: b"".join(client.get("/cpd/export.csv").streaming_content)
    )
    print(f"CSV export of 400 entries: {seconds * 1000:.0f} ms ({len(response) / 1024:.0f} KB)")
    seconds, response = harness.timed(lambda: client.get("/cpd/export.pdf").content, runs=1)
    print(f"PDF export of 400 entries: {seconds:.2f} s ({len(response) / 1024:.0f} KB)")


def bench_import(index, board, chair):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from events.cpd.services import attendance
    from events.models import Booking
    from portal.models import User
    from tests.events.factories import EventPageFactory

    start = timezone.now() - dt.timedelta(days=1)
    event = EventPageFactory(
        parent=index,
        organising_group=board,
        webinar=True,
        start=start,
        end=start + dt.timedelta(hours=1),
        capacity=None,
    )
    people = User.objects.bulk_create(
        User(email=f"attendee{n}@nhs.net", first_name="A", last_name=f"Person {n}")
        for n in range(ATTENDEES)
    )
    Booking.objects.bulk_create(
        Booking(event=event, person=person, status=Booking.Status.CONFIRMED) for person in people
    )
    rows = "".join(f"Person {n},ATTENDEE{n}@nhs.net,{30 + n % 40}\n" for n in range(ATTENDEES))
    report = "Name (Original Name),User Email,Duration (Minutes)\n" + rows

    def run():
        upload = SimpleUploadedFile("participants.csv", report.encode(), "text/csv")
        return attendance.import_attendance(event, upload, recorded_by=chair)

    for label in ("first import", "same report again"):
        seconds, result = harness.timed(run, runs=1)
        print(
            f"Zoom import, {ATTENDEES} rows, {label}: {seconds:.2f} s "
            f"({len(result.marked)} attended, {len(result.too_short)} too short)"
        )


def main():
    configure()

    with harness.test_database():
        index, board, chair = build_world()
        bench_certificate(index, board)
        bench_log(chair)
        bench_import(index, board, chair)


if __name__ == "__main__":
    main()
