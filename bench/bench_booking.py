"""Benchmark: booking throughput through 4 gunicorn workers, and the event listing's latency.

Run with `DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python
bench/bench_booking.py`. It builds a throwaway `test_…` database beside DATABASE_URL's (dropped
at the end), starts gunicorn with 4 workers against it, and prints:

- bookings per second: 1,000 signed-in people book 5 events of 100 places (so 500 confirmed,
  500 waiting) through 50 concurrent connections, each booking a real POST to the event page;
- the listing page's latency (median and 95th centile) with 300 upcoming events, for an
  anonymous visitor and a signed-in member, with the queries each request costs.
"""

import http.client
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import harness

PEOPLE = 1000
EVENTS = 5
PLACES = 100
CONCURRENCY = 50
LISTED_EVENTS = 300
LISTING_RUNS = 100
WORKERS = 4


def configure():
    harness.configure()


def build_world():
    import datetime as dt

    from django.contrib.auth.hashers import make_password
    from django.test import Client
    from django.utils import timezone
    from wagtail.models import Page, Site

    from portal.models import User
    from tests.events.factories import EventIndexPageFactory, EventPageFactory
    from tests.portal.factories import HomePageFactory

    root = Page.get_first_root_node()
    for page in root.get_children():
        page.delete()
    home = HomePageFactory(parent=root)
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    index = EventIndexPageFactory(parent=home)
    start = timezone.now() + dt.timedelta(days=10)
    booked = [
        EventPageFactory(parent=index, title=f"Bench event {n}", capacity=PLACES, start=start)
        for n in range(EVENTS)
    ]
    for n in range(LISTED_EVENTS - EVENTS):
        EventPageFactory(parent=index, start=start + dt.timedelta(hours=n + 1), capacity=40)
    password = make_password("bench", hasher="md5")
    User.objects.bulk_create(
        [
            User(
                email=f"bench{n}@nhs.net",
                password=password,
                network_status=User.NetworkStatus.MEMBER,
                staff_group=User.StaffGroup.RADIOGRAPHER,
            )
            for n in range(PEOPLE)
        ]
    )
    sessions = []
    for person in User.objects.filter(email__startswith="bench").order_by("pk"):
        client = Client()
        client.force_login(person)
        sessions.append(client.cookies["sessionid"].value)
    return index, booked, sessions


def start_gunicorn(url):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "DATABASE_CONN_MAX_AGE": "60",
    }
    process = subprocess.Popen(  # noqa: S603 (our own virtualenv's gunicorn)
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "portal.wsgi",
            f"--bind=127.0.0.1:{port}",
            f"--workers={WORKERS}",
            "--timeout=120",
            "--backlog=2048",
        ],
        cwd=harness.ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(240):
        try:
            probe = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            probe.request("GET", "/healthz")
            if probe.getresponse().status == 200:
                return process, port
        except OSError:
            time.sleep(0.25)
    process.terminate()
    raise RuntimeError("gunicorn did not start")


def bench_booking(port, events, sessions):
    from django.middleware.csrf import _get_new_csrf_string

    local = threading.local()
    urls = [event.url for event in events]  # here: the threads must not use the database

    def book(number):
        if not hasattr(local, "conn"):
            local.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        csrf = _get_new_csrf_string()
        local.conn.request(
            "POST",
            urls[number % len(urls)],
            body=f"csrfmiddlewaretoken={csrf}",
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"sessionid={sessions[number]}; csrftoken={csrf}",
                "Host": "localhost",
            },
        )
        response = local.conn.getresponse()
        response.read()
        return response.status

    started = time.perf_counter()
    with ThreadPoolExecutor(CONCURRENCY) as pool:
        statuses = list(pool.map(book, range(len(sessions))))
    elapsed = time.perf_counter() - started
    return statuses, elapsed


def bench_listing(port, url, session=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Host": "localhost"}
    if session:
        headers["Cookie"] = f"sessionid={session}"
    timings = []
    for _ in range(LISTING_RUNS):
        started = time.perf_counter()
        conn.request("GET", url, headers=headers)
        response = conn.getresponse()
        response.read()
        assert response.status == 200, response.status
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1]


def listing_queries(index, person_session):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for who, session in (("anonymous", None), ("member", person_session)):
        client = Client()
        if session:
            client.cookies["sessionid"] = session
        client.get(index.url)
        with CaptureQueriesContext(connection) as queries:
            client.get(index.url)
        counts[who] = len(queries)
    return counts


def main():
    configure()
    from django.db import connection

    from events.models import Booking

    process = None
    with harness.test_database(vendor="postgresql", why="this measures real concurrency."):
        try:
            index, events, sessions = build_world()
            process, port = start_gunicorn(harness.database_url(connection))
            statuses, elapsed = bench_booking(port, events, sessions)
            errors = sum(1 for s in statuses if s >= 500)
            confirmed = Booking.objects.filter(status=Booking.Status.CONFIRMED).count()
            waiting = Booking.objects.filter(status=Booking.Status.WAITING).count()
            print(
                f"Booking: {len(statuses)} bookings in {elapsed:.2f}s = "
                f"{len(statuses) / elapsed:.0f} bookings/second "
                f"({WORKERS} gunicorn workers, {CONCURRENCY} concurrent connections); "
                f"{confirmed} confirmed, {waiting} waiting, {errors} server errors"
            )
            queries = listing_queries(index, sessions[0])
            for who, session in (("anonymous", None), ("member", sessions[0])):
                median, p95 = bench_listing(port, index.url, session)
                print(
                    f"Listing ({LISTED_EVENTS} upcoming events, page 1 of 12 a page), {who}: "
                    f"median {median:.0f} ms, 95th centile {p95:.0f} ms, {queries[who]} queries"
                )
        finally:
            if process:
                process.terminate()
                process.wait(timeout=30)


if __name__ == "__main__":
    main()
