"""Benchmark: the site search over 50,000 indexed items, as different people.

Run with `DATABASE_URL=postgres://… .venv/bin/python bench/bench_search.py` (PostgreSQL is
what it is for; without DATABASE_URL it runs on SQLite). It builds a throwaway test database
(a `test_…` database beside DATABASE_URL's, dropped at the end unless `--keepdb` is given)
holding 20 groups, 200 meetings and 49,800 decisions, actions and papers with text, indexes
them all with the configured Wagtail search backend (`--keepdb --reuse-data` skips building
and indexing when a kept database already holds them), then prints:

- how long indexing took;
- the search page's latency (p50 and p95, full request through the view and template), the
  median CPU time this process spent on it (steadier than latency on a shared machine) and
  its queries per search for an anonymous visitor, a network member, a group member and the
  network office, over a mix of common words, rare words, two-word queries and misspellings,
  with and without filters;
- how long the first misspelling takes (it builds the spelling vocabulary, then cached).
"""

import random
import statistics
import sys
import time

import harness

GROUPS = 20
MEETINGS_PER_GROUP = 10
DECISIONS = 22_000
ACTIONS = 15_000
PAPERS = 12_800
SEARCHES_PER_PERSON = 30
WORDS = str.split(
    "imaging mri ct ultrasound mammography radiographer radiologist reporting backlog capacity "
    "workforce training contrast gadolinium safety protocol scanner procurement pacs network "
    "trust waiting list diagnostic pathway cancer stroke cardiac paediatric sonographer audit "
    "governance quality standard accreditation budget funding business case recruitment "
    "retention apprenticeship preceptorship insourcing outsourcing weekend evening overtime "
    "radiation dose optimisation artificial intelligence algorithm evaluation vendor contract "
    "breast screening lung health check community diagnostic centre elective recovery"
)
RARE = ["tomosynthesis", "elastography", "spectroscopy", "angiography", "densitometry"]
QUERIES = [
    "imaging",
    "mri safety",
    "gadolinium",
    "workforce training",
    "community diagnostic centre",
    "tomosynthesis",
    "pacs procurement",
    "radiation dose",
    "ultrasound backlog",
    "breast screening",
    "mamography",  # misspelt
    "radiographer",  # misspelt
]


def configure():
    # Rows are bulk-created and indexed in bulk below; nothing waits on a worker.
    harness.configure(TASKS=harness.NO_TASKS, quiet=("wagtail", "django.tasks"))


def sentence(rng, words=18):
    chosen = rng.choices(WORDS, k=words)
    if rng.random() < 0.02:
        chosen[rng.randrange(words)] = rng.choice(RARE)
    return " ".join(chosen).capitalize() + "."


def build_network(rng):
    """Groups and meetings as real pages; decisions, actions and papers bulk-created."""
    import datetime as dt

    from django.utils import timezone
    from filer.models import File
    from wagtail.models import Page, Site

    from governance.models import Action, AgendaItem, Decision, Membership, Paper
    from tests.governance.factories import (
        GovernanceIndexPageFactory,
        GroupPageFactory,
        MeetingPageFactory,
        MembershipFactory,
    )
    from tests.portal.factories import HomePageFactory, UserFactory

    for model in (Paper, Action, Decision):  # a kept database's rows from the last run
        model.objects.all().delete()
    root = Page.get_first_root_node()
    for page in root.get_children():
        page.delete()
    home = HomePageFactory(parent=root)
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    index = GovernanceIndexPageFactory(parent=home)
    people = {
        "anonymous": None,
        "network member": UserFactory(),
        "group member": UserFactory(),
        "network office": UserFactory(network_office=True),
    }
    visibilities = [v for v, _ in AgendaItem.ITEM_VISIBILITIES]
    items = []
    start = timezone.now() - dt.timedelta(days=3 * 365)
    for g in range(GROUPS):
        group = GroupPageFactory(parent=index, title=f"{rng.choice(WORDS).title()} group {g}")
        if g % 4 == 0:
            MembershipFactory(group=group, person=people["group member"])
        for m in range(MEETINGS_PER_GROUP):
            meeting = MeetingPageFactory(
                parent=group,
                title=f"{group.title}: {rng.choice(WORDS)} meeting {m}",
                start=start + dt.timedelta(days=m * 40 + g),
            )
            for n, visibility in enumerate(visibilities):
                items.append(
                    AgendaItem(
                        meeting=meeting,
                        title=sentence(rng, 5),
                        visibility=visibility,
                        sort_order=n,
                    )
                )
        sys.stdout.write(f"\r  built {g + 1}/{GROUPS} groups with their meetings")
        sys.stdout.flush()
    print()
    items = AgendaItem.objects.bulk_create(items, batch_size=2000)
    owner = people["network member"]
    today = timezone.localdate()
    Decision.objects.bulk_create(
        [
            Decision(
                meeting_id=item.meeting_id,
                agenda_item=item,
                text=sentence(rng, 30),
                decided_on=today - dt.timedelta(days=rng.randrange(1000)),
            )
            for item in rng.choices(items, k=DECISIONS)
        ],
        batch_size=2000,
    )
    Action.objects.bulk_create(
        [
            Action(
                meeting_id=item.meeting_id,
                agenda_item=item,
                description=sentence(rng, 20),
                owner=owner,
                due=today + dt.timedelta(days=rng.randrange(-300, 300)),
            )
            for item in rng.choices(items, k=ACTIONS)
        ],
        batch_size=2000,
    )
    stand_in = File.objects.create(original_filename="paper.pdf", name="Stand-in")
    Paper.objects.bulk_create(
        [
            Paper(
                agenda_item=item,
                title=sentence(rng, 6),
                file=stand_in,
                visibility=item.visibility,
                lay_summary=sentence(rng, 25),
                extracted_text=" ".join(sentence(rng, 40) for _ in range(20)),
            )
            for item in rng.choices(items, k=PAPERS)
        ],
        batch_size=1000,
    )
    assert Membership.objects.count()
    return people


def kept_people():
    """The searchers of a kept database, found again by what makes each one."""
    from governance.models import Membership
    from portal.models import User

    member = Membership.objects.select_related("person").first().person
    return {
        "anonymous": None,
        "network member": User.objects.filter(memberships__isnull=True, office_team="")
        .exclude(pk=member.pk)
        .first(),
        "group member": member,
        "network office": User.objects.filter(office_team=User.OfficeTeam.NETWORK_OFFICE).first(),
    }


def index_everything():
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("update_index", verbosity=0)
    return time.perf_counter() - started


def measure(people, rng):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from portal.search import forget_vocabulary

    client = Client()
    client.get("/search/", {"query": "warm up"})  # the first request imports every view
    forget_vocabulary()
    started = time.perf_counter()
    first_correction = client.get("/search/", {"query": "gadolinum"})
    vocabulary_seconds = time.perf_counter() - started
    assert first_correction.status_code == 200
    print(f"First misspelt search (builds the spelling vocabulary): {vocabulary_seconds:.2f}s")
    print(f"Search page latency, {SEARCHES_PER_PERSON} searches each (ms)")
    print(
        f"  {'searcher':<16} {'p50':>7} {'p95':>7} {'max':>7} {'cpu':>5} {'queries':>8}"
        "  results for 'imaging'"
    )
    everyone, everyone_queries, everyone_cpu = [], [], []
    for who, user in people.items():
        client = Client()
        if user is not None:
            client.force_login(user)
        client.get("/search/", {"query": "warm up"})
        timings, queries, cpu = [], [], []
        for n in range(SEARCHES_PER_PERSON):
            params = {"query": QUERIES[n % len(QUERIES)]}
            if n % 3 == 1:
                params["kind"] = rng.choice(["decision", "action", "paper", "meeting"])
            if n % 5 == 2:
                params["date_from"] = "2025-01-01"
            if n % 7 == 3:
                params["page"] = 2
            with CaptureQueriesContext(connection) as captured:
                started, started_cpu = time.perf_counter(), time.process_time()
                response = client.get("/search/", params)
                timings.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - started_cpu) * 1000)
            queries.append(len(captured))
            assert response.status_code == 200, response.status_code
        total = client.get("/search/", {"query": "imaging"}).context["outcome"].total
        timings.sort()
        everyone.extend(timings)
        everyone_queries.extend(queries)
        everyone_cpu.extend(cpu)
        print(
            f"  {who:<16} {statistics.median(timings):>7.0f} "
            f"{timings[int(len(timings) * 0.95) - 1]:>7.0f} {timings[-1]:>7.0f} "
            f"{statistics.median(cpu):>5.0f} {statistics.median(queries):>8.0f}  {total}"
        )
    everyone.sort()
    print(
        f"  {'everyone':<16} {statistics.median(everyone):>7.0f} "
        f"{everyone[int(len(everyone) * 0.95) - 1]:>7.0f} {everyone[-1]:>7.0f} "
        f"{statistics.median(everyone_cpu):>5.0f} "
        f"{statistics.median(everyone_queries):>8.0f}  (queries: median; "
        f"{min(everyone_queries)}-{max(everyone_queries)})"
    )


def main():
    configure()
    from django.db import connection

    keepdb = "--keepdb" in sys.argv
    with harness.test_database(keepdb=keepdb):
        from wagtail.search.backends import get_search_backend

        from governance.models import Action, Decision, MeetingPage, Paper

        rng = random.Random(2024)
        if keepdb and "--reuse-data" in sys.argv and Decision.objects.count() == DECISIONS:
            people = kept_people()
            print("Reusing the network and index from the last --keepdb run")
        else:
            started = time.perf_counter()
            people = build_network(rng)
            print(f"Built the network in {time.perf_counter() - started:.0f}s")
            seconds = index_everything()
            print(f"Indexed with {type(get_search_backend()).__name__} in {seconds:.0f}s")
        counts = {
            "meetings": MeetingPage.objects.count(),
            "decisions": Decision.objects.count(),
            "actions": Action.objects.count(),
            "papers": Paper.objects.count(),
        }
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:  # as autovacuum would after a bulk load
                cursor.execute("ANALYZE")
        from wagtail.search.models import IndexEntry

        print(
            f"Index holds {IndexEntry.objects.count():,} items "
            f"({', '.join(f'{n:,} {k}' for k, n in counts.items())})"
        )
        measure(people, rng)


if __name__ == "__main__":
    main()
