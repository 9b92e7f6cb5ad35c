"""kill -9 one gunicorn instance of each pool (signed-in, anonymous) and one task worker while
members book the last places, members and visitors browse, and a round-up goes out: nginx
retries idempotent requests in each pool, no booking is lost or doubled, and every
round-up recipient gets exactly one message (or, if the kill caught one with the mail server,
that one is listed as failed for a person to retry, never resent blindly)."""

import os
import threading
import time
import uuid
from collections import Counter

import pytest
import requests
from aiosmtpd.controller import Controller
from django.db.models import Max
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client

from events.models import Booking
from publications.roundup.models import Delivery, IssueSend, RoundupPage
from publications.roundup.services import sending
from tests.conftest import SmtpInbox
from tests.events.factories import EventIndexPageFactory, EventPageFactory
from tests.governance.factories import GroupPageFactory
from tests.portal.factories import UserFactory
from tests.roundup.factories import (
    RoundupIndexPageFactory,
    RoundupPageFactory,
    SubscriberFactory,
    item,
    section,
)

from .processes import kill_hard
from .test_stack import site_home

pytestmark = pytest.mark.usefixtures("stack_db")
PEOPLE, PLACES, RECIPIENTS = 40, 15, 40


@pytest.fixture
def inbox():
    received = SmtpInbox()
    controller = Controller(received, hostname="127.0.0.1", port=int(os.environ["STACK_SMTP_PORT"]))
    controller.start()
    yield received
    controller.stop()


def wait_for(condition, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def session_of(person):
    client = Client()
    client.force_login(person)
    return client.cookies["sessionid"].value


def test_kill_9_a_gunicorn_and_a_worker_under_booking_and_round_up_load(ports, inbox):
    home = site_home()
    group = GroupPageFactory(parent=home, slug=f"fault-board-{uuid.uuid4().hex[:8]}")
    index = EventIndexPageFactory(parent=home, slug=f"fault-events-{uuid.uuid4().hex[:8]}")
    event = EventPageFactory(parent=index, capacity=PLACES, organising_group=group)
    path = event.url_path.removeprefix(home.url_path.rstrip("/"))
    people = [UserFactory(email=f"booker-{uuid.uuid4().hex[:10]}@nhs.net") for _ in range(PEOPLE)]
    sessions = [session_of(person) for person in people]
    browsing = [session_of(UserFactory(email=f"reader-{uuid.uuid4().hex[:10]}@nhs.net"))]
    for _ in range(RECIPIENTS):
        SubscriberFactory(email=f"reader-{uuid.uuid4().hex[:10]}@partner.example")
    archive = RoundupIndexPageFactory(parent=home, slug=f"fault-roundup-{uuid.uuid4().hex[:6]}")
    issue = RoundupPageFactory(
        parent=archive,
        number=(RoundupPage.objects.aggregate(n=Max("number"))["n"] or 0) + 1,
        sections=[section("Network news", "general", [item("News")])],
    )
    send = sending.request_send(issue)
    nginx = f"http://127.0.0.1:{ports['nginx']}"
    page_statuses, booking_statuses = {"anonymous": [], "signed in": []}, {}

    def browse(stop, session):
        kind, cookie = (
            ("signed in", {"Cookie": f"sessionid={session}"}) if session else ("anonymous", {})
        )
        while not stop.is_set():
            response = requests.get(
                nginx + path, headers={"Host": "localhost", **cookie}, timeout=30
            )
            page_statuses[kind].append(response.status_code)

    def book(number):
        csrf = _get_new_csrf_string()
        for _attempt in range(5):  # a person whose click failed clicks again
            try:
                response = requests.post(
                    nginx + path,
                    data={"csrfmiddlewaretoken": csrf},
                    headers={
                        "Host": "localhost",
                        "Cookie": f"sessionid={sessions[number]}; csrftoken={csrf}",
                        "Origin": "https://localhost",
                        "Referer": "https://localhost" + path,
                    },
                    allow_redirects=False,
                    timeout=30,
                )
            except requests.RequestException:
                time.sleep(0.5)
                continue
            booking_statuses.setdefault(number, []).append(response.status_code)
            if response.status_code == 302:
                return
            time.sleep(0.5)

    stop = threading.Event()
    browsers = [
        threading.Thread(target=browse, args=(stop, session)) for session in [None, None, *browsing]
    ]
    for thread in browsers:
        thread.start()
    assert wait_for(lambda: len(inbox.messages) >= 5, timeout=60), "the round-up did not start"
    bookers = [threading.Thread(target=book, args=(n,)) for n in range(PEOPLE)]
    for n, thread in enumerate(bookers):
        thread.start()
        if n == PEOPLE // 3:
            kill_hard("web_a")  # the signed-in pool's first instance
            kill_hard("anon_a")  # the anonymous pool's
            kill_hard("worker_a")
        time.sleep(0.05)
    for thread in bookers:
        thread.join()
    assert wait_for(lambda: IssueSend.objects.get(pk=send.pk).status == "sent", timeout=120), (
        "the round-up did not finish after the kill"
    )
    stop.set()
    for thread in browsers:
        thread.join()

    # Pages: in each pool nginx retried every idempotent request that met the dead instance.
    for kind, statuses in page_statuses.items():
        assert statuses and set(statuses) == {200}, (kind, Counter(statuses))
    # Bookings: every person ends with exactly one booking; exactly PLACES confirmed.
    assert all(statuses[-1] == 302 for statuses in booking_statuses.values())
    assert len(booking_statuses) == PEOPLE
    bookings = Booking.objects.filter(event=event)
    assert bookings.count() == PEOPLE
    assert bookings.values("person").distinct().count() == PEOPLE
    assert bookings.filter(status=Booking.Status.CONFIRMED).count() == PLACES
    assert bookings.filter(status=Booking.Status.WAITING).count() == PEOPLE - PLACES
    # Round-up: nobody twice, nobody skipped. The message the killed worker had claimed is
    # marked failed as interrupted and never resent: it may or may not have reached the mail
    # server before the kill, so it may be in the inbox too (once).
    deliveries = Delivery.objects.filter(send_id=send.pk)
    mine = set(deliveries.values_list("email", flat=True))
    subject = IssueSend.objects.get(pk=send.pk).subject
    # Bookers get booking emails too: count only the round-up.
    received = Counter(m["To"] for m in inbox.messages if m["Subject"] == subject)
    assert set(received.values()) == {1}
    failed_rows = deliveries.filter(status=Delivery.Status.FAILED)
    failed = set(failed_rows.values_list("email", flat=True))
    assert len(failed) <= 1
    assert {row.error for row in failed_rows} <= {sending.INTERRUPTED}
    assert set(received) | failed == mine
    assert len(mine) >= RECIPIENTS
