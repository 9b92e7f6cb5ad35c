"""A task whose worker was killed mid-run (kill -9) stays RUNNING: the periodic recovery puts it
back in the queue once it has run for longer than TASK_STRANDED_AFTER_SECONDS, fails it after
too many starts, /healthz answers 503 while any is stranded and /metrics counts them."""

import json
import logging
from datetime import timedelta

import pytest
from django.utils.module_loading import import_string
from django_tasks_db.models import DBTaskResult

from portal import stranded_tasks
from tests.plugins.task_queue import run_due

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]

RECOVERY = "portal.tasks.requeue_stranded_tasks"
REMINDERS = "events.tasks.send_event_reminders"
THRESHOLD = 3600


@pytest.fixture(autouse=True)
def _threshold(settings):
    settings.TASK_STRANDED_AFTER_SECONDS = THRESHOLD
    settings.HEALTH_QUEUE_STUCK_SECONDS = 900


def start_on(worker_id, result=None):
    """A worker claims the task (a fresh one if none given), as db_worker does, and then dies."""
    if result is None:
        result = DBTaskResult.objects.get(pk=import_string(REMINDERS).enqueue().id)
    result.claim(worker_id)
    return result


def run_recovery():
    """One run of the periodic recovery, as a worker would run it: the run its last run
    scheduled if that is due, else one enqueued now."""
    if not DBTaskResult.objects.ready().filter(task_path=RECOVERY).exists():
        import_string(RECOVERY).enqueue()
    assert run_due(RECOVERY) == 1
    # Finished runs only: the next run it scheduled has no finish time, which PostgreSQL
    # sorts first.
    finished = DBTaskResult.objects.filter(task_path=RECOVERY).finished()
    return finished.latest("finished_at").return_value


def test_recovery_is_a_periodic_task(settings):
    assert settings.PERIODIC_TASKS[RECOVERY] < THRESHOLD


def test_a_task_running_past_the_threshold_is_requeued_once_and_then_runs(
    frozen_clock, caplog, client
):
    stranded = start_on("worker-a")
    frozen_clock.shift(timedelta(seconds=THRESHOLD + 1))

    with caplog.at_level(logging.WARNING, logger="portal.stranded_tasks"):
        assert run_recovery() == {"requeued": 1, "failed": 0}

    stranded.refresh_from_db()
    assert stranded.status == "READY"
    assert stranded.started_at is None
    assert stranded.worker_ids == ["worker-a"]
    [warning] = [r for r in caplog.records if r.name == "portal.stranded_tasks"]
    assert REMINDERS in warning.getMessage() and "worker-a" in warning.getMessage()
    # Waiting again from now: the queue is not taken for stuck, and nothing is stranded.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content)["checks"]["task_queue"]["waiting"] == 1

    assert run_recovery() == {"requeued": 0, "failed": 0}  # already back in the queue
    assert run_due(REMINDERS) == 1
    stranded.refresh_from_db()
    assert stranded.status == "SUCCESSFUL"
    assert stranded.worker_ids == ["worker-a", "test"]


def test_a_task_running_for_less_than_the_threshold_is_left_alone(frozen_clock, client):
    running = start_on("worker-a")
    frozen_clock.shift(timedelta(seconds=THRESHOLD - 60))

    assert run_recovery() == {"requeued": 0, "failed": 0}

    running.refresh_from_db()
    assert running.status == "RUNNING" and running.worker_ids == ["worker-a"]
    response = client.get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content)["checks"]["task_queue"]["stranded"] == 0


def test_a_task_claimed_again_meanwhile_is_not_touched(frozen_clock):
    """The update is conditional: a recovery holding an old read of the row cannot act on it
    once the row has moved on (another recovery re-queued it and a worker claimed it)."""
    start_on("worker-a")
    frozen_clock.shift(timedelta(seconds=THRESHOLD + 1))
    [seen] = stranded_tasks.stranded_tasks()
    assert stranded_tasks.recover_stranded_task(seen) == "requeued"  # the other recovery
    frozen_clock.shift(timedelta(seconds=1))
    start_on("worker-b", DBTaskResult.objects.get(pk=seen.pk))

    assert stranded_tasks.recover_stranded_task(seen) is None

    seen.refresh_from_db()
    assert seen.status == "RUNNING" and seen.worker_ids == ["worker-a", "worker-b"]


def test_a_task_stranded_too_many_times_fails_with_the_reason(frozen_clock):
    """Re-queued three times; stranded on its fourth start, it fails."""
    task = None
    for attempt in range(1, 4):
        task = start_on(f"worker-{attempt}", task)
        frozen_clock.shift(timedelta(seconds=THRESHOLD + 1))
        assert run_recovery() == {"requeued": 1, "failed": 0}
        task.refresh_from_db()
        assert task.status == "READY"

    start_on("worker-last", task)
    frozen_clock.shift(timedelta(seconds=THRESHOLD + 1))
    assert run_recovery() == {"requeued": 0, "failed": 1}

    task.refresh_from_db()
    assert task.status == "FAILED"
    assert task.finished_at is not None
    assert task.exception_class_path == "portal.stranded_tasks.TaskStranded"
    assert "Not finished after 4 starts" in task.traceback
    assert "worker-last" in task.traceback
    [error] = task.task_result.errors
    assert error.exception_class_path == "portal.stranded_tasks.TaskStranded"
    assert run_due(REMINDERS) == 0  # not run again


def test_healthz_answers_503_with_the_count_of_stranded_tasks(frozen_clock, client):
    start_on("worker-a")
    start_on("worker-a")
    frozen_clock.shift(timedelta(seconds=THRESHOLD + 1))
    start_on("worker-b")  # started just now: running, not stranded

    response = client.get("/healthz")

    assert response.status_code == 503
    body = json.loads(response.content)
    assert body["status"] == "error"
    assert body["checks"]["task_queue"] == {
        "status": "stranded",
        "waiting": 0,
        "oldest_waiting_seconds": None,
        "stranded": 2,
    }


def test_metrics_count_the_stranded_tasks(frozen_clock, client, settings):
    start_on("worker-a")
    frozen_clock.shift(timedelta(seconds=THRESHOLD + 1))
    start_on("worker-b")  # started just now: running, not stranded
    settings.METRICS_TOKEN = "scraper-token"
    token = {"HTTP_AUTHORIZATION": "Bearer scraper-token"}

    assert "portal_tasks_stranded 1.0" in client.get("/metrics", **token).content.decode()

    run_recovery()

    assert "portal_tasks_stranded 0.0" in client.get("/metrics", **token).content.decode()
