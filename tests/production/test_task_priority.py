"""Notices go ahead of bulk work: with a meeting's papers uploaded (their pack builds and text
extraction queued) and a round-up send started, a worker's next task is the booking
confirmation or account email queued after them (portal/task_priority.py)."""

from collections import Counter

import pytest
from django.core import mail
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from events.services.booking import book_place
from governance.services.meetings import add_paper
from governance.visibility import Visibility
from portal.email import PortalEmail, queue_message
from publications.roundup.services import sending
from tests.governance.factories import AgendaItemFactory
from tests.governance.fixtures_meetings import upload
from tests.portal.factories import UserFactory
from tests.roundup.factories import RoundupIndexPageFactory, RoundupPageFactory, item, section

pytestmark = pytest.mark.django_db

# What the uploads and the send queue at bulk priority (Wagtail's own search and reference
# index updates for the new pages and papers wait too, at the default priority).
BULK = {
    "governance.tasks.build_board_packs": 3,
    "governance.tasks.extract_paper_text": 3,
    "publications.roundup.tasks.start_send": 1,
}


def queue_bulk_work(world):
    """A chair uploads three papers at once, and a round-up issue starts going out."""
    agenda_item = AgendaItemFactory(meeting=world.meeting, visibility=Visibility.PUBLIC)
    for number in range(3):
        add_paper(
            agenda_item,
            upload(f"paper-{number}.pdf", f"Paper {number}"),
            title=f"Paper {number}",
            visibility=Visibility.PUBLIC,
            uploaded_by=world.chair,
        )
    archive = RoundupIndexPageFactory(parent=world.home)
    issue = RoundupPageFactory(
        parent=archive, sections=[section("Network news", "general", [item("News")])]
    )
    sending.request_send(issue)


def book(event):
    person = UserFactory()
    book_place(event, person, {})
    return person.email


def reset_password(event):
    address = "someone@nhs.net"
    queue_message(PortalEmail("Reset your password", "A link.", to=[address]))
    return address


def take_next_task(monkeypatch):
    """What `manage.py db_worker` does when it wakes: take the first ready task and run it."""
    # Between tasks the worker closes connections it finds in a transaction: here, the test's.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    db_worker.Worker(
        queue_names=["default"],
        excluded_queue_names=[],
        interval=0,
        batch=True,
        max_tasks=1,
        backend_name="default",
        startup_delay=False,
        worker_id="worker-a",
    ).run()


@pytest.mark.parametrize("notice", [book, reset_password], ids=["booking", "account email"])
def test_a_notice_queued_after_bulk_work_is_taken_first(
    notice, world, event, monkeypatch, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        queue_bulk_work(world)
    waiting = dict(DBTaskResult.objects.ready().values_list("pk", "task_path"))
    assert Counter(path for path in waiting.values() if path in BULK) == BULK

    with django_capture_on_commit_callbacks(execute=True):
        address = notice(event)
    take_next_task(monkeypatch)

    (ran,) = DBTaskResult.objects.exclude(pk__in=waiting)
    assert ran.status == "SUCCESSFUL", ran.traceback
    assert ran.worker_ids == ["worker-a"]
    assert [message.to for message in mail.outbox] == [[address]]
    # The bulk work is still waiting, for the next free worker.
    assert set(DBTaskResult.objects.ready().values_list("pk", flat=True)) == set(waiting)
