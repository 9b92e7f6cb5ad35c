"""Benchmark: the protocol variation dashboard and its CSV, and approving a protocol version.

Run with `.venv/bin/python bench/sigs_variation.py`. It builds everything in a throwaway test
database (in-memory SQLite, or a `test_…` database beside DATABASE_URL's, dropped at the end),
then prints:

- the queries and render time of the variation dashboard (15 trusts) for a network member,
  with 20 protocols and with 200 (the query count must not change), and of its CSV export;
- the time for a chair to approve a new version through the workflow (SIG review ended, chair
  approves: publish, supersede, decision), median of the versions approved while building.
"""

import statistics
import time

import harness

TRUSTS = 15
RUNS = 5


def configure():
    harness.configure(TASKS=harness.NO_TASKS)


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
    from tests.portal.factories import HomePageFactory, TrustFactory, UserFactory
    from tests.sigs.factories import SigPageFactory

    root = Page.get_first_root_node()
    for page in root.get_children():
        page.delete()
    home = HomePageFactory(parent=root)
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    board = GroupPageFactory(parent=GovernanceIndexPageFactory(parent=home), title="Ops Board")
    sig = SigPageFactory(parent=board, title="MRI SIG")
    trusts = [TrustFactory() for _ in range(TRUSTS)]
    chair, member = UserFactory(), UserFactory()
    MembershipFactory(group=sig, person=chair, role=Membership.Role.CHAIR, trust=trusts[0])
    MembershipFactory(group=sig, person=member, trust=trusts[1])
    MeetingPageFactory(parent=sig, start=timezone.now() - timezone.timedelta(days=3))
    return sig, trusts, chair, member


def add_protocols(sig, trusts, chair, first, count, approvals):
    from django.utils import timezone

    from sigs.services import protocols
    from sigs.services.adoption import set_adoption
    from tests.sigs.factories import ProtocolPageFactory

    statuses = ["adopted", "adopting", "not_applicable", "not_started"]
    for n in range(first, first + count):
        protocol = ProtocolPageFactory(parent=sig, title=f"Protocol {n:03d}")
        protocol.save_revision(user=chair)
        protocols.submit_for_review(protocol, chair)
        protocols.end_sig_review(protocol, chair)
        started = time.perf_counter()
        version = protocols.approve(protocol, chair)
        approvals.append(time.perf_counter() - started)
        for i, trust in enumerate(trusts):
            status = statuses[(n + i) % len(statuses)]
            if status == "not_started":
                continue
            set_adoption(
                version,
                trust,
                chair,
                status,
                adopted_on=timezone.localdate() if status == "adopted" else None,
                adopt_by=timezone.localdate() if status == "adopting" else None,
            )


def measure(url, user):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(user)
    client.get(url)  # warm per-process caches
    timings = []
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            timings.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
    return len(queries), statistics.median(timings) * 1000, len(response.content)


def main():
    configure()

    with harness.test_database():
        sig, trusts, chair, member = build_world()
        approvals = []
        add_protocols(sig, trusts, chair, 0, 20, approvals)
        small = {url: measure(url, member) for url in ("/sigs/variation/", "/sigs/variation.csv")}
        add_protocols(sig, trusts, chair, 20, 180, approvals)
        print(f"Variation dashboard, {TRUSTS} trusts (median of {RUNS} requests)")
        print(f"  {'page':<20} {'queries (20)':>13} {'queries (200)':>14} {'time (200)':>11}")
        for url in ("/sigs/variation/", "/sigs/variation.csv"):
            queries, ms, size = measure(url, member)
            print(f"  {url:<20} {small[url][0]:>13} {queries:>14} {ms:>9.0f}ms ({size // 1024} KB)")
            assert queries == small[url][0], f"query count grew with the protocols on {url}"
        print(
            f"Approving a version through the workflow: median "
            f"{statistics.median(approvals) * 1000:.0f}ms over {len(approvals)} approvals"
        )


if __name__ == "__main__":
    main()
