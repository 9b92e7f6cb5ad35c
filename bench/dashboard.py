"""Benchmark: the network dashboard's pages at the size of a large network, and the data pack.

Run with `.venv/bin/python bench/dashboard.py` (or with DATABASE_URL for PostgreSQL). It builds
a throwaway test database (in-memory SQLite, or a `test_…` database beside DATABASE_URL's,
dropped at the end), then prints:

- the queries and render time of each dashboard page for the network office, with 10 boards
  and 10 trusts and again with 60 boards and 60 trusts, each board holding 4 attended meetings
  with actions (the query count must not change);
- the time to check the quorum of every held meeting (what the first view and the nightly task
  do), and to build the "Our year" PDF and CSV bundle for the year.
"""

import statistics
import time

import harness

RUNS = 5
MEETINGS_PER_BOARD = 4
PAGES = ["overview", "maturity", "qsi", "qsin", "plan", "meetings", "trusts", "actions"]


def configure():
    harness.configure(TASKS=harness.NO_TASKS)


def build_world():
    import io

    from wagtail.models import Page, Site

    from portal import demo as portal_demo
    from publications.dashboard import demo
    from tests.governance.factories import GovernanceIndexPageFactory
    from tests.portal.factories import HomePageFactory, UserFactory

    root = Page.get_first_root_node()
    for page in root.get_children():
        page.delete()
    home = HomePageFactory(parent=root)
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    index = GovernanceIndexPageFactory(parent=home)
    portal_demo.load_organisations()
    demo.load(io.StringIO())
    return index, UserFactory(network_office=True)


def grow(index, first, count):
    """`count` boards, each with 4 members from a new trust and 4 held meetings."""
    import datetime as dt

    from django.utils import timezone

    from governance.models import Attendance, GroupPage, MeetingPage, Membership
    from tests.dashboard.factories import QsiProgressFactory
    from tests.governance.factories import (
        ActionFactory,
        GroupPageFactory,
        MeetingPageFactory,
        MembershipFactory,
    )
    from tests.portal.factories import TrustFactory, UserFactory

    for n in range(first, first + count):
        board = GroupPageFactory(
            parent=index, title=f"Board {n}", slug=f"board-{n}", kind=GroupPage.Kind.BOARD
        )
        trust = TrustFactory()
        QsiProgressFactory(trust=trust, stage=n % 6)
        people = [UserFactory() for _ in range(4)]
        for role, person in zip(
            [Membership.Role.CHAIR] + [Membership.Role.MEMBER] * 3, people, strict=True
        ):
            MembershipFactory(group=board, person=person, trust=trust, role=role)
        for m in range(MEETINGS_PER_BOARD):
            start = timezone.now() - dt.timedelta(days=30 + 60 * m)
            meeting = MeetingPageFactory(
                parent=board,
                slug=f"meeting-{m}",
                start=start,
                end=start + dt.timedelta(hours=2),
                status=MeetingPage.Status.HELD,
            )
            for k, person in enumerate(people):
                status = Attendance.Status.PRESENT if (k + m) % 3 else Attendance.Status.APOLOGIES
                Attendance.objects.create(meeting=meeting, person=person, status=status)
            ActionFactory(meeting=meeting, owner=people[0])


def measure(client, name):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    url = reverse(f"dashboard:{name}")
    client.get(url)
    timings = []
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            timings.append(time.perf_counter() - started)
        assert response.status_code == 200, (name, response.status_code)
    return len(queries), statistics.median(timings) * 1000


def main():
    configure()
    from django.test import Client

    from publications.dashboard.services import datapack, metrics
    from publications.dashboard.services.quorum import check_unchecked_meetings

    with harness.test_database():
        index, office = build_world()
        client = Client()
        client.force_login(office)
        grow(index, 0, 10)
        started = time.perf_counter()
        checked = check_unchecked_meetings()
        first_check = time.perf_counter() - started
        small = {name: measure(client, name) for name in PAGES}
        grow(index, 10, 50)
        started = time.perf_counter()
        checked += check_unchecked_meetings()
        second_check = time.perf_counter() - started
        print(f"Dashboard pages (median of {RUNS} renders, as the network office)")
        print(
            f"  {'page':<10} {'queries (10 boards)':>20} {'queries (60 boards)':>20} {'render':>9}"
        )
        for name in PAGES:
            queries, ms = measure(client, name)
            print(f"  {name:<10} {small[name][0]:>20} {queries:>20} {ms:>7.0f}ms")
            assert queries == small[name][0], f"query count grew with the network on {name}"
        print(
            f"Quorum checks: {checked} held meetings in {first_check + second_check:.2f}s "
            f"({(first_check + second_check) / checked * 1000:.1f}ms a meeting)"
        )
        pack = datapack.build(metrics.Period.last_twelve_months())
        started = time.perf_counter()
        pdf = datapack.render_pdf(pack)
        pdf_seconds = time.perf_counter() - started
        started = time.perf_counter()
        bundle = datapack.render_zip(pack)
        zip_seconds = time.perf_counter() - started
        print(
            f"Our year: PDF {len(pdf) // 1024} KB in {pdf_seconds:.2f}s, "
            f"CSV bundle {len(bundle) // 1024} KB in {zip_seconds:.2f}s"
        )


if __name__ == "__main__":
    main()
