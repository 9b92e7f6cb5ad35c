"""/healthz for load balancers and operators: database, cache, file storage, the task queue
and the periodic tasks. It answers 503 when something this process needs is down, when the
queue is stuck (the oldest ready task has waited longer than HEALTH_QUEUE_STUCK_SECONDS), or when
tasks are stranded (RUNNING for longer than TASK_STRANDED_AFTER_SECONDS: their worker died; the
periodic `portal.tasks.requeue_stranded_tasks` puts them back in the queue)."""

import uuid
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import DatabaseError, connection
from django.db.models import Max, Min
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django_tasks_db.models import DBTaskResult, get_date_max

from .stranded_tasks import stranded_task_count


def _failure(error):
    # Only the kind of failure: drivers put host names and credentials in their messages.
    return f"unavailable: {type(error).__name__}"


def _database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def _cache():
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "1", 10)
    if cache.get(key) != "1":
        return "unavailable: value not kept"
    cache.delete(key)
    return "ok"


def _storage():
    default_storage.exists("healthz-probe")
    return "ok"


def waiting_task_count():
    return DBTaskResult.objects.ready().count()


def oldest_waiting_task_age(now=None):
    """Seconds the oldest ready task has waited: since it was enqueued, or since its run_after."""
    now = now or timezone.now()
    ready = DBTaskResult.objects.ready()
    unscheduled = ready.filter(run_after=get_date_max()).aggregate(t=Min("enqueued_at"))["t"]
    scheduled = ready.exclude(run_after=get_date_max()).aggregate(t=Min("run_after"))["t"]
    since = min((t for t in (unscheduled, scheduled) if t is not None), default=None)
    return None if since is None else max(0, round((now - since).total_seconds()))


def _periodic_tasks(now):
    finished = dict(
        DBTaskResult.objects.filter(task_path__in=list(settings.PERIODIC_TASKS))
        .finished()
        .values_list("task_path")
        .annotate(last=Max("finished_at"))
    )
    report = {}
    for path, every in settings.PERIODIC_TASKS.items():
        last = finished.get(path)
        report[path] = {
            "last_run": last.isoformat() if last else None,
            "every_seconds": every,
            "late": last is None or now - last > timedelta(seconds=2 * every),
        }
    return report


@never_cache
@require_GET
def healthz(request):
    now = timezone.now()
    checks = {}
    healthy = True
    for name, check in (("database", _database), ("cache", _cache), ("storage", _storage)):
        try:
            checks[name] = check()
        except Exception as error:  # noqa: BLE001 (any failure of a dependency is reported)
            checks[name] = _failure(error)
        healthy = healthy and checks[name] == "ok"
    if checks["database"] == "ok":
        try:
            age = oldest_waiting_task_age(now)
            stuck = age is not None and age > settings.HEALTH_QUEUE_STUCK_SECONDS
            stranded = stranded_task_count(now)
            checks["task_queue"] = {
                "status": "stuck" if stuck else "stranded" if stranded else "ok",
                "waiting": waiting_task_count(),
                "oldest_waiting_seconds": age,
                "stranded": stranded,
            }
            checks["periodic_tasks"] = _periodic_tasks(now)
            healthy = healthy and not stuck and not stranded
        except DatabaseError as error:
            checks["task_queue"] = _failure(error)
            healthy = False
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": checks}, status=200 if healthy else 503
    )
