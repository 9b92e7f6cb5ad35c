"""Many people press "Book" at once for the last places, through real gunicorn workers: exactly
as many get a place as there were places, the rest wait, and nobody sees a server error.

On PostgreSQL 200 people race for 50 places (row locks); on SQLite, the embedded default, 50
people race for the last 5 (WAL, a busy timeout and IMMEDIATE transactions)."""

import http.client
import threading

import pytest
from django.db import connection
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client

from events.models import Booking
from tests.portal.factories import UserFactory
from tests.production.servers import SharedDatabase, base_env, gunicorn

from .factories import EventPageFactory

if connection.vendor == "sqlite":
    PEOPLE, PLACES, WORKERS = 50, 5, 3
else:
    PEOPLE, PLACES, WORKERS = 200, 50, 4


@pytest.fixture
def shared_database(tmp_path):
    return SharedDatabase(tmp_path)


@pytest.fixture
def serve(tmp_path, shared_database):
    """Starts gunicorn on the test database once the test's data is in place."""

    def start():
        shared_database.hand_over()
        env = base_env(
            DATABASE_URL=shared_database.url(),
            DJANGO_SETTINGS_MODULE="portal.settings.test",
            ALLOWED_HOSTS="127.0.0.1,localhost",
        )
        return gunicorn(tmp_path, env, workers=WORKERS)

    return start


def signed_in_cookies(people):
    cookies = []
    for person in people:
        client = Client()
        client.force_login(person)
        cookies.append(client.cookies["sessionid"].value)
    return cookies


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_simultaneous_bookings_for_the_last_places(world, events_index, serve, shared_database):
    event = EventPageFactory(parent=events_index, capacity=PLACES, organising_group=world.board)
    people = [UserFactory() for _ in range(PEOPLE)]
    sessions = signed_in_cookies(people)
    url = event.url  # worked out here: the threads must not open database connections
    start = threading.Barrier(PEOPLE)
    statuses = [None] * PEOPLE

    def book(number, port):
        csrf = _get_new_csrf_string()
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
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

    with serve() as port:
        threads = [threading.Thread(target=book, args=(n, port)) for n in range(PEOPLE)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    shared_database.take_back()

    assert all(status == 302 for status in statuses), sorted(set(statuses))
    bookings = Booking.objects.filter(event=event)
    assert bookings.filter(status=Booking.Status.CONFIRMED).count() == PLACES
    assert bookings.filter(status=Booking.Status.WAITING).count() == PEOPLE - PLACES
    assert bookings.values("person").distinct().count() == PEOPLE
    waiting = list(bookings.filter(status=Booking.Status.WAITING).order_by("waiting_since"))
    confirmed_last = bookings.filter(status=Booking.Status.CONFIRMED).latest("confirmed_at")
    assert waiting[0].waiting_since >= confirmed_last.confirmed_at
