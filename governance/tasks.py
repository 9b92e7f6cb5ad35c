"""Background work for governance: thin tasks that take ids and call services."""

import datetime as dt

from django.tasks import task

from portal.scheduling import schedule_next
from portal.task_priority import BULK

from . import notifications, search
from .services import memberships, packs


@task(priority=BULK)
def build_board_packs(meeting_id, requested_at=None):
    """`requested_at` (ISO): a build that started later has already done this one's work.
    Returns how many packs it built (0 when there was nothing left to do)."""
    asked = dt.datetime.fromisoformat(requested_at) if requested_at else None
    return len(packs.build_packs(meeting_id, requested_at=asked) or {})


@task(priority=BULK)
def extract_paper_text(paper_id):
    """Read an uploaded paper's text for the site search."""
    return search.fill_paper_text(paper_id)


@task()
def sync_all_group_editors():
    memberships.sync_all_group_editors()
    schedule_next(sync_all_group_editors)


@task()
def notify_actions_due():
    """Tell owners of actions falling due or overdue (once per action and state)."""
    told = notifications.actions_due()
    schedule_next(notify_actions_due)
    return told
