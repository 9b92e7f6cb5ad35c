"""Benchmark: the meeting page with 40 items and 120 papers, and a 200-page board pack build.

Run with `.venv/bin/python bench/meeting_page.py`. It builds everything in a throwaway test
database (in-memory SQLite, or a `test_…` database beside DATABASE_URL's, dropped at the end)
and a temporary media folder, then prints:

- the queries and render time of the meeting page for an anonymous visitor, a member and the
  chair, with 10 items and with 40 (the query count must not change);
- the time to build both board packs of a meeting whose papers come to 200 pages, run as the
  worker runs it (the `build_board_packs` task).
"""

import statistics
import tempfile
import time
from pathlib import Path

import harness

MEDIA = Path(tempfile.mkdtemp(prefix="bench-media-"))
RUNS = 5


def configure():
    # Uploading 120 papers would otherwise queue 120 pack builds; the build is timed on its own.
    harness.configure(media=True, TASKS=harness.NO_TASKS)


def build_world():
    from django.utils import timezone
    from wagtail.models import Page, Site

    from governance.models import Membership
    from tests.governance.factories import (
        GovernanceIndexPageFactory,
        GroupPageFactory,
        MeetingPageFactory,
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
    people = {}
    for role in (Membership.Role.CHAIR, Membership.Role.MEMBER):
        people[role] = UserFactory()
        MembershipFactory(group=board, person=people[role], role=role)
    # The measured meeting has been held, so its minutes can be written.
    held = timezone.now() - timezone.timedelta(days=1)
    meeting = MeetingPageFactory(
        parent=board,
        title="Benchmark meeting",
        slug="bench",
        start=held,
        end=held + timezone.timedelta(hours=2),
    )
    start = timezone.now() + timezone.timedelta(days=14)
    pack_meeting = MeetingPageFactory(parent=board, title="Pack meeting", slug="pack", start=start)
    return board, meeting, pack_meeting, people


def add_items(meeting, chair, first, count, papers_per_item=3):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from governance.services import records
    from governance.services.meetings import add_paper
    from governance.visibility import Visibility
    from tests.governance.factories import ActionFactory, AgendaItemFactory, blank_pdf_bytes

    visibilities = [
        Visibility.PUBLIC,
        Visibility.NETWORK,
        Visibility.GROUP,
        Visibility.CONFIDENTIAL,
    ]
    pdf = blank_pdf_bytes(2)
    for n in range(first, first + count):
        visibility = visibilities[n % len(visibilities)]
        item = AgendaItemFactory(
            meeting=meeting, title=f"Item {n}", visibility=visibility, sort_order=n
        )
        for p in range(papers_per_item):
            add_paper(
                item,
                SimpleUploadedFile(f"paper-{n}-{p}.pdf", pdf, content_type="application/pdf"),
                title=f"Paper {n}.{p}",
                visibility=visibility,
                uploaded_by=chair,
            )
        ActionFactory(meeting=meeting, agenda_item=item, owner=chair)
        records.write_minute(item, f"Minute of item {n}.", by=chair)


def measure(meeting, user):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    if user is not None:
        client.force_login(user)
    client.get(meeting.url)  # warm per-process caches (site root paths, templates)
    timings = []
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(meeting.url)
            timings.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
    return len(queries), statistics.median(timings) * 1000, len(response.content)


def bench_meeting_page(meeting, people):
    from governance.models import Membership, Paper

    chair = people[Membership.Role.CHAIR]
    audiences = {
        "anonymous": None,
        "member": people[Membership.Role.MEMBER],
        "chair": chair,
    }
    add_items(meeting, chair, 0, 10)
    small = {who: measure(meeting, user) for who, user in audiences.items()}
    add_items(meeting, chair, 10, 30)
    items = meeting.agenda_items.count()
    papers = Paper.objects.filter(agenda_item__meeting=meeting).count()
    print(f"Meeting page ({items} items, {papers} papers; median of {RUNS} renders)")
    print(f"  {'viewer':<10} {'queries (10 items)':>19} {'queries (40 items)':>19} {'render':>10}")
    for who, user in audiences.items():
        queries, ms, size = measure(meeting, user)
        print(f"  {who:<10} {small[who][0]:>19} {queries:>19} {ms:>8.0f}ms  ({size // 1024} KB)")
        assert queries == small[who][0], f"query count grew with the agenda for {who}"


def bench_pack(pack_meeting, chair):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from pypdf import PdfReader

    from governance.models import MeetingPage
    from governance.services.meetings import add_paper
    from governance.tasks import build_board_packs
    from governance.visibility import Visibility
    from tests.governance.factories import AgendaItemFactory, blank_pdf_bytes, pdf_bytes

    # 200 pages of papers: nine 20-page papers and one 20-page paper with text on every page.
    files = [blank_pdf_bytes(20) for _ in range(9)] + [pdf_bytes("Board paper text", pages=20)]
    for n, data in enumerate(files):
        item = AgendaItemFactory(
            meeting=pack_meeting,
            title=f"Pack item {n}",
            visibility=Visibility.PUBLIC if n % 2 else Visibility.CONFIDENTIAL,
            sort_order=n,
        )
        add_paper(
            item,
            SimpleUploadedFile(f"pack-{n}.pdf", data, content_type="application/pdf"),
            title=f"Pack paper {n}",
            visibility=item.visibility,
            uploaded_by=chair,
        )
    started = time.perf_counter()
    build_board_packs.call(pack_meeting.pk)  # what the worker runs for the queued task
    elapsed = time.perf_counter() - started
    built = MeetingPage.objects.get(pk=pack_meeting.pk)
    print("Board pack build (both packs, as the build_board_packs task)")
    for name, pack in (("public", built.public_pack), ("full", built.full_pack)):
        with pack.file.open("rb") as handle:
            pages = len(PdfReader(handle).pages)
        print(f"  {name:<7} pack: {pages:>4} pages, {pack.size / 1024:,.0f} KB")
    print(f"  built both in {elapsed:.2f}s")


def main():
    configure()

    with harness.test_database():
        from governance.models import Membership

        board, meeting, pack_meeting, people = build_world()
        bench_meeting_page(meeting, people)
        bench_pack(pack_meeting, people[Membership.Role.CHAIR])


if __name__ == "__main__":
    main()
