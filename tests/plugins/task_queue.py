"""Running queued tasks inside a test, as `manage.py db_worker` would: only the ones due now,
each marked as it ends (succeeded or failed), the way the worker leaves them."""

from django.conf import settings

EMAIL_TASK = "portal.tasks.send_email"


def uses_task_table():
    return settings.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"


def run_due(task_path):
    """Run every task of `task_path` that is due; returns how many ran."""
    from django_tasks_db.models import DBTaskResult

    ran = 0
    for result in DBTaskResult.objects.ready().filter(task_path=task_path).order_by("enqueued_at"):
        result.claim("test")
        arguments = result.args_kwargs
        try:
            value = result.task.call(*arguments["args"], **arguments["kwargs"])
        except Exception as error:  # noqa: BLE001 (recorded on the row, as the worker does)
            result.set_failed(error)
        else:
            result.set_successful(value)
        ran += 1
    return ran
