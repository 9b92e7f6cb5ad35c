"""Tasks stranded by a worker that died while running them.

A `db_worker` killed mid-task (kill -9, a lost machine, the OOM killer) never marks its task
finished, and django-tasks-db has no heartbeat: the row says RUNNING for good and nothing runs
it again. Every task of the portal can be retried without doing anything twice, so a task that
has been RUNNING for longer than TASK_STRANDED_AFTER_SECONDS is taken for stranded and put back
in the queue for any worker to pick up. A task stranded again and again is more likely killing
its workers than unlucky, so once it has been started STRANDED_TASK_STARTS times it is failed
with the reason instead, and cannot loop.

Each task is recovered by one conditional UPDATE (still RUNNING, still the same start), so two
recoveries running at once cannot both act on it, and a task a worker has just claimed again is
left to that worker.
"""

import logging
from datetime import timedelta
from traceback import format_exception

from django.conf import settings
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)

# How many times a task may be started (its first run and three re-queues) before being
# stranded once more fails it.
STRANDED_TASK_STARTS = 4


class TaskStranded(Exception):
    """A task failed because the workers running it kept stopping before it finished."""


def stranded_before(now=None):
    """Tasks started before this instant and still RUNNING are taken for stranded."""
    return (now or timezone.now()) - timedelta(seconds=settings.TASK_STRANDED_AFTER_SECONDS)


def stranded_tasks(now=None):
    return DBTaskResult.objects.running().filter(started_at__lt=stranded_before(now))


def stranded_task_count(now=None):
    return stranded_tasks(now).count()


def _stranded_error(result):
    error = TaskStranded(
        f"Not finished after {len(result.worker_ids)} starts: each time its worker stopped "
        f"while running it (workers: {', '.join(result.worker_ids) or 'unknown'}). "
        "It is not retried again; run it by hand once the cause is fixed."
    )
    return f"{type(error).__module__}.{type(error).__qualname__}", "".join(format_exception(error))


def recover_stranded_task(result, now=None):
    """Put one stranded task back in the queue, or fail it if it has been started too often.

    `result` is the row as read; the update applies only if the row is still RUNNING from the
    same start. Returns "requeued", "failed", or None when the row had moved on meanwhile."""
    now = now or timezone.now()
    unchanged = DBTaskResult.objects.filter(
        pk=result.pk, status=TaskResultStatus.RUNNING, started_at=result.started_at
    )
    worker = result.worker_ids[-1] if result.worker_ids else "unknown"
    if len(result.worker_ids) >= STRANDED_TASK_STARTS:
        exception_class_path, reason = _stranded_error(result)
        if not unchanged.update(
            status=TaskResultStatus.FAILED,
            finished_at=now,
            return_value=None,
            exception_class_path=exception_class_path,
            traceback=reason,
        ):
            return None
        logger.warning(
            "Task %s (%s) stranded on worker %s since %s, after %d starts: marked failed",
            result.pk,
            result.task_path,
            worker,
            result.started_at.isoformat(),
            len(result.worker_ids),
        )
        return "failed"
    # Waiting counts from now (run_after) rather than from its first enqueue, so /healthz does
    # not take the re-queued task for a stuck queue; worker_ids stay as its history.
    if not unchanged.update(status=TaskResultStatus.READY, started_at=None, run_after=now):
        return None
    logger.warning(
        "Task %s (%s) stranded on worker %s since %s: put back in the queue (start %d of %d)",
        result.pk,
        result.task_path,
        worker,
        result.started_at.isoformat(),
        len(result.worker_ids) + 1,
        STRANDED_TASK_STARTS,
    )
    return "requeued"


def recover_stranded_tasks(now=None):
    """Recover every stranded task; returns how many were re-queued and how many failed."""
    now = now or timezone.now()
    outcome = {"requeued": 0, "failed": 0}
    candidates = stranded_tasks(now).only("id", "task_path", "started_at", "worker_ids")
    for result in candidates.order_by("started_at"):
        done = recover_stranded_task(result, now)
        if done:
            outcome[done] += 1
    return outcome
