"""Shared test fixtures: a real SMTP server on loopback, the demo site's pages, tasks run at once.

The fixtures more than one area uses live in plugins registered here, once: tests ask for them
by name and never import them.
"""

import re
import socket
import threading
from dataclasses import dataclass, field
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from django.core.cache import cache

from tests.plugins.task_queue import EMAIL_TASK, run_due, uses_task_table

pytest_plugins = [
    "tests.plugins.browser",
    "tests.plugins.clock",
    "tests.plugins.database",
    "tests.plugins.quick_reset",
    "tests.plugins.snapshots",
    "tests.governance.fixtures_world",
    "tests.governance.fixtures_meetings",
    "tests.governance.fixtures_risks",
    "tests.events.fixtures",
    "tests.events.cpd_fixtures",
    "tests.lay.fixtures",
    "tests.roundup.fixtures",
    "tests.sigs.fixtures",
]


# The longest tests (the whole demo loaded twice, processes killed mid-run, gunicorn under a
# crowd) start first among tests of their kind (pytest-django then runs transactional tests
# after the others, which a transactional test's flush would leave without the root page):
# left to their place in the collection, one of them started last keeps one xdist worker busy
# for up to a minute after the others have run out of tests.
LONG_TESTS = (
    "tests/test_demo_network.py",
    "tests/roundup/test_kill_and_resume.py",
    "tests/production/test_backup_restore.py",
    "tests/events/test_concurrency.py",
    "tests/security/test_fuzz.py",
)


@pytest.hookimpl(tryfirst=True)  # before pytest-django's stable sort by kind
def pytest_collection_modifyitems(items):
    items.sort(key=lambda item: not item.nodeid.startswith(LONG_TESTS))


@pytest.fixture(autouse=True)
def _no_admin_mfa(settings):
    """Admin MFA is off, except where a test switches it on (tests/portal/test_admin_mfa.py)."""
    settings.PORTAL_REQUIRE_ADMIN_MFA = False


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate limits (allauth's, the round-up sign-up's) count in the cache, which outlives a
    test: each test starts with none used."""
    yield
    cache.clear()


@pytest.fixture
def immediate_tasks(settings):
    """Run background tasks as they are enqueued (in the request, or when the test commits)."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def _in_smtp_server():
    """aiosmtpd calls the handler from its own thread, where the database must not be used."""
    return threading.current_thread() is not threading.main_thread()


@dataclass
class SmtpInbox:
    """Messages received by the loopback SMTP server, parsed.

    Reading `messages` first delivers email waiting in the task queue (account emails are sent
    from there), as the worker would have by the time someone looks in their inbox."""

    received: list = field(default_factory=list)

    @property
    def messages(self):
        if uses_task_table() and not _in_smtp_server():
            run_due(EMAIL_TASK)
        return self.received

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        message = message_from_bytes(envelope.content, policy=policy.default)
        self.received.append(message)
        return "250 Message accepted for delivery"

    def to(self, address):
        return [m for m in self.messages if address in m["To"]]

    @staticmethod
    def text(message):
        return message.get_body(preferencelist=("plain",)).get_content()

    def links(self, message):
        return re.findall(r"https?://\S+", self.text(message))


@pytest.fixture
def smtp_inbox(settings):
    """Point the default mailer at a real SMTP server on 127.0.0.1 for the test's duration."""
    inbox = SmtpInbox()
    with socket.socket() as probe:  # aiosmtpd cannot listen on port 0, so find a free port
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "portal.email.SmtpBackend",  # production's (the test runner's is locmem)
            "OPTIONS": {"host": "127.0.0.1", "port": controller.port, "timeout": 10},
        }
    }
    yield inbox
    controller.stop()


@pytest.fixture
def demo_site(db, snapshots):
    """The site core of the demo network: home, About, Contact, trusts, demo logins (built once
    per worker and copied back for each test: tests/plugins/snapshots.py)."""
    from portal import demo

    def build():
        demo.load_organisations()
        demo.load_site()
        demo.load_demo_logins()

    snapshots.take("demo_site", build)
    return demo
