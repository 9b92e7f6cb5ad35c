"""Benchmark: a patient volunteer's "Papers to review" page, and telling volunteers that papers
were issued.

Run with `.venv/bin/python bench/lay_review.py`. It builds everything in a throwaway test
database (in-memory SQLite, or a `test_…` database beside DATABASE_URL's, dropped at the end)
and a temporary media folder, then prints:

- the queries and render time of "Papers to review" for a volunteer on a board with 1 upcoming
  meeting of 10 papers, and with 6 meetings of 10 papers each (the query count must not change);
- the time to email 30 volunteers that a meeting's papers were issued (the task the worker runs),
  and to run it again (it must send nothing the second time).
"""

import statistics
import tempfile
import time
from pathlib import Path

import harness

MEDIA = Path(tempfile.mkdtemp(prefix="bench-media-"))
RUNS = 5
PAPERS_PER_MEETING = 10
VOLUNTEERS = 30


def configure():
    harness.configure(
        media=True,
        TASKS=harness.NO_TASKS,
        MAILERS={"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}},
    )


def build_world():
    from wagtail.models import Page, Site

    from governance.models import Membership
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
    index = GovernanceIndexPageFactory(parent=home)
    board = GroupPageFactory(parent=index, title="Operational Board", slug="operational-board")
    chair = UserFactory()
    MembershipFactory(group=board, person=chair, role=Membership.Role.CHAIR)
    volunteers = []
    for _ in range(VOLUNTEERS):
        person = UserFactory(is_lay_member=True)
        MembershipFactory(group=board, person=person, role=Membership.Role.PATIENT_VOLUNTEER)
        volunteers.append(person)
    return board, chair, volunteers


def add_meeting(board, chair, number):
    import datetime as dt

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from governance.services.meetings import add_paper
    from governance.visibility import Visibility
    from tests.governance.factories import AgendaItemFactory, MeetingPageFactory, blank_pdf_bytes

    meeting = MeetingPageFactory(
        parent=board,
        title=f"Meeting {number}",
        start=timezone.now() + dt.timedelta(days=10 + 30 * number),
    )
    visibilities = [Visibility.PUBLIC, Visibility.GROUP, Visibility.CONFIDENTIAL]
    pdf = blank_pdf_bytes(1)
    for n in range(PAPERS_PER_MEETING):
        visibility = visibilities[n % len(visibilities)]
        item = AgendaItemFactory(meeting=meeting, visibility=visibility, sort_order=n)
        add_paper(
            item,
            SimpleUploadedFile(f"p{n}.pdf", pdf, content_type="application/pdf"),
            title=f"Paper {number}.{n}",
            visibility=visibility,
            uploaded_by=chair,
            lay_summary="What the paper means for patients, in a sentence or two." * (n % 2),
        )
    return meeting


def measure(user):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    url = reverse("governance:papers_to_review")
    client = Client()
    client.force_login(user)
    client.get(url)
    timings = []
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            timings.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
    return len(queries), statistics.median(timings) * 1000


def main():
    configure()

    with harness.test_database():
        from django.core import mail

        from governance.lay.services import issuing

        board, chair, volunteers = build_world()
        first = add_meeting(board, chair, 0)
        small = measure(volunteers[0])
        for number in range(1, 6):
            add_meeting(board, chair, number)
        large = measure(volunteers[0])
        print(f"Papers to review (median of {RUNS} renders)")
        for meetings, (queries, ms) in ((1, small), (6, large)):
            papers = meetings * PAPERS_PER_MEETING
            print(f"  {meetings} meeting(s), {papers:>2} papers: {queries:>3} queries {ms:>6.0f}ms")
        assert small[0] == large[0], "the query count grew with the papers"

        issuing.issue_papers(first, by=chair, without_lay_summaries=True)
        started = time.perf_counter()
        sent = issuing.tell_volunteers_papers_published(first.pk)
        elapsed = time.perf_counter() - started
        again = issuing.tell_volunteers_papers_published(first.pk)
        print(f"Papers issued: {sent} volunteers emailed in {elapsed:.2f}s; a rerun sent {again}")
        assert sent == VOLUNTEERS and again == 0 and len(mail.outbox) == VOLUNTEERS


if __name__ == "__main__":
    main()
