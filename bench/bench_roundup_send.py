"""Benchmark: sending one round-up issue to 10,000 recipients through `manage.py db_worker`,
with one worker and then two, into a local SMTP sink (aiosmtpd on loopback).

Run with `DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python
bench/bench_roundup_send.py [recipients] [--workers=2]`. It builds a throwaway `test_…` database
beside DATABASE_URL's (dropped at the end) and prints, for each number of workers, messages per
second (from the send starting to its last delivery row) and each worker's peak memory (VmHWM).
`--workers=N` runs only N workers (the issue's figure is 10,000 recipients with two workers).
No rate limit is applied (ROUNDUP_RATE_PER_MINUTE=0), batches of 100.
"""

import os
import socket
import subprocess
import sys
import threading
import time

import harness

RECIPIENTS = next((int(arg) for arg in sys.argv[1:] if arg.isdigit()), 10_000)
WORKER_COUNTS = next(
    ((int(arg.split("=", 1)[1]),) for arg in sys.argv[1:] if arg.startswith("--workers=")),
    (1, 2),
)
TIMEOUT_SECONDS = 1800


class CountingSink:
    """An SMTP handler that only counts what it accepts."""

    def __init__(self):
        self.received = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        with self.lock:
            self.received += len(envelope.rcpt_tos)
        return "250 OK"


def start_sink():
    from aiosmtpd.controller import Controller

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    sink = CountingSink()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    return sink, controller, port


def build_audience():
    from django.utils import timezone
    from wagtail.models import Page, Site

    from publications.roundup.models import Subscriber
    from tests.portal.factories import HomePageFactory
    from tests.roundup.factories import RoundupIndexPageFactory

    root = Page.get_first_root_node()
    for page in root.get_children():
        page.delete()
    home = HomePageFactory(parent=root)
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    archive = RoundupIndexPageFactory(parent=home)
    now = timezone.now()
    Subscriber.objects.bulk_create(
        [
            Subscriber(
                email=f"reader{n:05d}@bench.example",
                first_name="Reader",
                status=Subscriber.Status.SUBSCRIBED,
                source=Subscriber.Source.IMPORT,
                consent_at=now,
            )
            for n in range(RECIPIENTS)
        ],
        batch_size=2000,
    )
    return archive


def new_issue(archive, number):
    from tests.roundup.factories import RoundupPageFactory, item, section

    return RoundupPageFactory(
        parent=archive,
        number=number,
        sections=[
            section("Events and training", "events", [item(f"Study day {n}") for n in range(4)]),
            section("Network news", "governance", [item(f"News {n}") for n in range(4)]),
            section("Protocols", "protocols", [item("CT head protocol")]),
        ],
    )


def start_workers(count, url, smtp_port):
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "ROUNDUP_RATE_PER_MINUTE": "0",
        "ROUNDUP_BATCH_SIZE": "100",
        "ROUNDUP_STALL_SECONDS": "600",
        "LOG_LEVEL": "WARNING",
        "DATABASE_CONN_MAX_AGE": "60",
    }
    return [
        subprocess.Popen(  # noqa: S603 (our own manage.py with fixed arguments)
            [
                sys.executable,
                "manage.py",
                "db_worker",
                "--interval",
                "0.2",
                "--no-startup-delay",
                "--worker-id",
                f"bench-{number}",
            ],
            cwd=harness.ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
        )
        for number in range(count)
    ]


def peak_memory_mb(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def run(archive, workers, number, url, sink, smtp_port):
    from django_tasks_db.models import DBTaskResult

    from publications.roundup.models import Delivery, IssueSend
    from publications.roundup.services import sending

    DBTaskResult.objects.all().delete()
    received_before = sink.received
    send = sending.request_send(new_issue(archive, number))
    processes = start_workers(workers, url, smtp_port)
    peaks = {}
    try:
        deadline = time.monotonic() + TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            for process in processes:
                peaks[process.pid] = peak_memory_mb(process.pid)
            send.refresh_from_db()
            if send.status == IssueSend.Status.SENT:
                break
            time.sleep(0.5)
        else:
            sys.exit(f"The send did not finish within {TIMEOUT_SECONDS}s.")
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=30)
    sent = send.deliveries.filter(status=Delivery.Status.SENT).count()
    elapsed = (send.finished_at - send.started_at).total_seconds()
    duplicates = (sink.received - received_before) - sent
    print(
        f"{workers} worker{'s' if workers > 1 else ''}: {sent} messages in {elapsed:.1f}s = "
        f"{sent / elapsed:.0f} messages/second; peak memory per worker "
        f"{', '.join(f'{mb:.0f} MB' for mb in peaks.values())}; "
        f"SMTP sink received {sink.received - received_before} ({duplicates} beyond the sent rows)"
    )


def main():
    harness.configure(quiet=("wagtail", "mail.log"), ROUNDUP_RATE_PER_MINUTE=0)
    why = "two workers need real row locks."
    with harness.test_database(vendor="postgresql", why=why) as connection:
        sink, controller, smtp_port = start_sink()
        try:
            archive = build_audience()
            print(f"Recipients: {RECIPIENTS}, batches of 100, no rate limit")
            for number, workers in enumerate(WORKER_COUNTS, start=1):
                run(archive, workers, number, harness.database_url(connection), sink, smtp_port)
        finally:
            controller.stop()


if __name__ == "__main__":
    main()
