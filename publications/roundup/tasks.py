"""Background work for the round-up: thin tasks that take ids and call the services."""

from django.tasks import task

from portal.scheduling import schedule_next
from portal.task_priority import BULK

from .services import drafting, sending


@task(priority=BULK)
def start_send(send_id):
    return sending.start_send(send_id)


@task(priority=BULK)
def send_batch(send_id, batch):
    return sending.send_batch(send_id, batch)


@task(priority=BULK)
def watch_send(send_id):
    sending.watch_send(send_id)


@task()
def draft_weekly_issue():
    issue = drafting.draft_next_issue()
    schedule_next(draft_weekly_issue)
    return issue.pk if issue else None
