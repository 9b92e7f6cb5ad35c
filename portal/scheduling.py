"""Periodic jobs on Django's task queue.

Django's tasks API has no clock, so each periodic task enqueues its own next run when it
finishes (`schedule_next`), and `manage.py schedule_periodic_tasks` (run on deploy and by
`make demo`) starts any chain that is not waiting already. The tasks themselves are written
so that an extra run does nothing twice. A run stranded by a worker that died is put back in
the queue by `portal.tasks.requeue_stranded_tasks` (portal/stranded_tasks.py), and its chain
goes on from there.
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks_db.models import DBTaskResult


def _is_waiting(task_path):
    return DBTaskResult.objects.filter(task_path=task_path, status="READY").exists()


def schedule_next(task):
    """Enqueue the next run of a periodic task, unless one is already waiting."""
    if _is_waiting(task.module_path):
        return None
    every = timedelta(seconds=settings.PERIODIC_TASKS[task.module_path])
    return task.using(run_after=timezone.now() + every).enqueue()


def ensure_periodic_tasks_scheduled():
    started = []
    for path in settings.PERIODIC_TASKS:
        if not _is_waiting(path):
            import_string(path).enqueue()
            started.append(path)
    return started
