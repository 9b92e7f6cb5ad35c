"""A real `manage.py db_worker` is killed (SIGKILL) half-way through sending an issue and then
started again: every recipient ends up with exactly one message, nobody twice, nobody skipped.

The kill lands between two messages, as it almost always does with a paced send. A kill in the
instant a message is with the mail server is the other case: that message is marked failed for
a person to retry, never resent blindly (see test_sending's watch tests)."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from django.db import connection

from publications.roundup.models import Delivery, IssueSend
from publications.roundup.services import sending

from .factories import RoundupPageFactory, SubscriberFactory, item, section

RECIPIENTS = 30
KILL_AFTER = 12
# A message every 0.5 s: the send keeps this pace, taken when it is requested, so the kill has
# nine seconds to land before the last message even on a loaded machine.
RATE_PER_MINUTE = 120
REPO = Path(__file__).resolve().parents[2]


class WorkerDatabase:
    """The database the worker subprocess uses: a file copy of the SQLite test database (copied
    back afterwards so the ORM can read the outcome), or the PostgreSQL test database itself."""

    def __init__(self, tmp_path):
        self.sqlite_file = tmp_path / "worker.sqlite3" if connection.vendor == "sqlite" else None

    def url(self):
        if self.sqlite_file:
            return f"sqlite:///{self.sqlite_file}"
        db = connection.settings_dict
        return (
            f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or 'localhost'}:"
            f"{db['PORT'] or 5432}/{db['NAME']}"
        )

    def hand_over(self):
        if self.sqlite_file:
            with sqlite3.connect(self.sqlite_file) as target:
                connection.ensure_connection()
                connection.connection.backup(target)

    def take_back(self):
        if self.sqlite_file:
            with sqlite3.connect(self.sqlite_file) as source:
                source.backup(connection.connection)

    def count(self, status):
        if self.sqlite_file:
            with sqlite3.connect(self.sqlite_file, timeout=5) as db:
                query = "SELECT COUNT(*) FROM roundup_delivery WHERE status = ?"
                return db.execute(query, [status]).fetchone()[0]
        return Delivery.objects.filter(status=status).count()

    def send_status(self):
        if self.sqlite_file:
            with sqlite3.connect(self.sqlite_file, timeout=5) as db:
                return db.execute("SELECT status FROM roundup_issuesend").fetchone()[0]
        return IssueSend.objects.get().status


def start_worker(database, smtp_port):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "DATABASE_URL": database.url(),
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "ROUNDUP_RATE_PER_MINUTE": str(RATE_PER_MINUTE),
        "ROUNDUP_BATCH_SIZE": "10",
        "ROUNDUP_STALL_SECONDS": "5",
        "ROUNDUP_BASE_URL": "https://portal.example",
    }
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--interval", "0.1", "--no-startup-delay"],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def wait_for(condition, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if condition():
                return True
        except sqlite3.OperationalError:  # the worker holds a write lock for a moment
            pass
        time.sleep(0.01)
    return False


def test_a_worker_killed_mid_send_resumes_without_duplicates_or_gaps(
    transactional_db, django_db_serialized_rollback, site, smtp_inbox, tmp_path, settings
):
    settings.ROUNDUP_RATE_PER_MINUTE = RATE_PER_MINUTE
    for n in range(RECIPIENTS):
        SubscriberFactory(email=f"reader{n:03d}@partner.example")
    issue = RoundupPageFactory(
        parent=site.archive, sections=[section("Network news", "general", [item("News")])]
    )
    sending.request_send(issue)  # queues the start task for the worker
    database = WorkerDatabase(tmp_path)
    database.hand_over()
    smtp_port = settings.MAILERS["default"]["OPTIONS"]["port"]

    worker = start_worker(database, smtp_port)
    try:
        assert wait_for(
            lambda: database.count("sent") >= KILL_AFTER and not database.count("sending"),
            timeout=120,
        )
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            worker.kill()
    killed_at = database.count("sent")
    assert KILL_AFTER <= killed_at < RECIPIENTS
    assert database.send_status() == "sending"

    worker = start_worker(database, smtp_port)
    try:
        assert wait_for(lambda: database.send_status() == "sent", timeout=120)
    finally:
        worker.terminate()
        worker.wait(timeout=10)
    database.take_back()

    received = Counter(message["To"] for message in smtp_inbox.messages)
    assert set(received.values()) == {1}  # nobody gets the issue twice
    # Nobody is skipped: everyone got it, except — when the kill landed while a message was with
    # the mail server — that one recipient, who is listed as failed for comms to retry.
    failed = set(
        Delivery.objects.filter(status=Delivery.Status.FAILED).values_list("email", flat=True)
    )
    assert len(failed) <= 1 and not failed & set(received)
    assert set(received) | failed == set(Delivery.objects.values_list("email", flat=True))
    assert len(received) + len(failed) == RECIPIENTS
    assert not Delivery.objects.exclude(
        status__in=[Delivery.Status.SENT, Delivery.Status.FAILED]
    ).exists()
