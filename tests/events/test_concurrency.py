"""200 people press "Book" at once for 50 places, through real gunicorn workers on PostgreSQL:
exactly 50 get a place, 150 wait, and nobody sees a server error."""

import http.client
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client

from events.models import Booking
from tests.portal.factories import UserFactory

from .factories import EventPageFactory

PEOPLE = 200
PLACES = 50
WORKERS = 4
ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite serialises every write, so the race cannot happen; run with DATABASE_URL "
    "pointing at PostgreSQL to test booking under real concurrency",
)


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _database_url():
    """The test database pytest-django made, for the gunicorn workers to share."""
    db = connection.settings_dict
    credentials = quote(db["USER"] or "")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"])
    host = db["HOST"] or "127.0.0.1"
    return f"postgres://{credentials}@{host}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def gunicorn(tmp_path):
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
    }
    log = tmp_path / "gunicorn.log"
    with log.open("wb") as errors:
        process = subprocess.Popen(  # noqa: S603 (our own virtualenv's gunicorn)
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "portal.wsgi",
                f"--bind=127.0.0.1:{port}",
                f"--workers={WORKERS}",
                "--timeout=120",
                "--backlog=2048",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=errors,
        )
    try:
        # Four workers each load Django; on a busy machine that takes a while.
        deadline = time.monotonic() + 300
        while True:
            try:
                probe = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                probe.request("GET", "/healthz")
                if probe.getresponse().status == 200:
                    break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not start: " + log.read_text())
            time.sleep(0.5)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)
        _wait_for_workers_to_disconnect()


def _wait_for_workers_to_disconnect():
    """The test database can only be dropped once the workers' sessions have ended."""
    deadline = time.monotonic() + 30
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            if cursor.fetchone()[0] == 0:
                return
            time.sleep(0.5)


def signed_in_cookies(people):
    cookies = []
    for person in people:
        client = Client()
        client.force_login(person)
        cookies.append(client.cookies["sessionid"].value)
    return cookies


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_200_simultaneous_bookings_for_50_places(world, events_index, gunicorn):
    event = EventPageFactory(parent=events_index, capacity=PLACES, organising_group=world.board)
    people = [UserFactory() for _ in range(PEOPLE)]
    sessions = signed_in_cookies(people)
    url = event.url  # worked out here: the threads must not open database connections
    start = threading.Barrier(PEOPLE)
    statuses = [None] * PEOPLE

    def book(number):
        csrf = _get_new_csrf_string()
        conn = http.client.HTTPConnection("127.0.0.1", gunicorn, timeout=120)
        start.wait()
        conn.request(
            "POST",
            url,
            body=f"csrfmiddlewaretoken={csrf}",
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"sessionid={sessions[number]}; csrftoken={csrf}",
                "Host": "localhost",
            },
        )
        statuses[number] = conn.getresponse().status

    threads = [threading.Thread(target=book, args=(n,)) for n in range(PEOPLE)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert all(status == 302 for status in statuses), sorted(set(statuses))
    bookings = Booking.objects.filter(event=event)
    assert bookings.filter(status=Booking.Status.CONFIRMED).count() == PLACES
    assert bookings.filter(status=Booking.Status.WAITING).count() == PEOPLE - PLACES
    assert bookings.values("person").distinct().count() == PEOPLE
    waiting = list(bookings.filter(status=Booking.Status.WAITING).order_by("waiting_since"))
    confirmed_last = bookings.filter(status=Booking.Status.CONFIRMED).latest("confirmed_at")
    assert waiting[0].waiting_since >= confirmed_last.confirmed_at
