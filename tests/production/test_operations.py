"""What an operator relies on: request ids in responses and JSON logs, Sentry when configured,
metrics only for those allowed, and /healthz reporting every dependency and the task queue."""

import io
import json
import logging
import secrets
import subprocess
import sys
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string
from pythonjsonlogger.json import JsonFormatter

from portal.observability import RequestIdFilter
from tests.plugins.task_queue import run_due
from tests.portal.factories import UserFactory

from .servers import ROOT, base_env

pytestmark = pytest.mark.django_db
REMINDERS = "events.tasks.send_event_reminders"


class TestRequestId:
    def test_the_proxys_request_id_comes_back(self, client):
        response = client.get("/healthz", HTTP_X_REQUEST_ID="edge-4f2a-77")
        assert response["X-Request-ID"] == "edge-4f2a-77"

    def test_a_request_without_one_gets_a_fresh_id(self, client):
        first = client.get("/healthz")["X-Request-ID"]
        second = client.get("/healthz")["X-Request-ID"]
        assert len(first) == 32 and first != second

    def test_an_id_that_could_inject_headers_or_logs_is_replaced(self, client):
        response = client.get("/healthz", HTTP_X_REQUEST_ID='bad"\tid{}')
        assert response["X-Request-ID"] != 'bad"\tid{}'
        assert len(response["X-Request-ID"]) == 32


def test_log_lines_are_json_with_the_request_id(client):
    formatter = settings.LOGGING["formatters"]["json"]
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(
        JsonFormatter(formatter["format"], rename_fields=formatter["rename_fields"])
    )
    handler.addFilter(RequestIdFilter())
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        client.get("/no-such-page/", HTTP_X_REQUEST_ID="trace-123")
    finally:
        logger.removeHandler(handler)

    line = json.loads(stream.getvalue().splitlines()[-1])
    assert line["request_id"] == "trace-123"
    assert line["level"] == "WARNING"
    assert "Not Found: /no-such-page/" in line["message"]


def test_sentry_is_switched_on_only_by_a_dsn():
    script = (
        "import django; django.setup(); import sentry_sdk; "
        "print(sentry_sdk.get_client().is_active())"
    )

    def active(**env):
        result = subprocess.run(  # noqa: S603 (our own interpreter, fixed script)
            [sys.executable, "-c", script],
            cwd=ROOT,
            env=base_env(DJANGO_SETTINGS_MODULE="portal.settings.test", **env),
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert result.returncode == 0, result.stderr[-3000:]
        return result.stdout.strip().splitlines()[-1]

    assert active() == "False"
    assert active(SENTRY_DSN="http://public@127.0.0.1:9/1") == "True"


class TestMetrics:
    @pytest.fixture(autouse=True)
    def _token(self, settings):
        settings.METRICS_TOKEN = secrets.token_urlsafe(20)

    def test_closed_to_anonymous_visitors_and_wrong_tokens(self, client, settings):
        assert client.get("/metrics").status_code == 401
        assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer nope").status_code == 401
        member = UserFactory()
        client.force_login(member)
        assert client.get("/metrics").status_code == 401

    def test_the_token_reads_request_and_queue_figures(self, client, settings):
        client.get("/healthz")
        import_string(REMINDERS).enqueue()

        response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {settings.METRICS_TOKEN}")

        assert response.status_code == 200
        body = response.content.decode()
        assert 'portal_http_requests_total{method="GET",status="2xx"}' in body
        assert "portal_http_request_duration_seconds_bucket" in body
        assert "portal_tasks_waiting 1.0" in body

    def test_staff_may_read_them_signed_in(self, client):
        client.force_login(UserFactory(is_staff=True))
        assert client.get("/metrics").status_code == 200


class TestHealth:
    def test_reports_every_dependency_the_queue_and_periodic_tasks(self, client):
        response = client.get("/healthz")

        assert response.status_code == 200
        body = json.loads(response.content)
        assert body["status"] == "ok"
        checks = body["checks"]
        assert checks["database"] == checks["cache"] == checks["storage"] == "ok"
        assert checks["task_queue"] == {
            "status": "ok",
            "waiting": 0,
            "oldest_waiting_seconds": None,
            "stranded": 0,
        }
        assert set(checks["periodic_tasks"]) == set(settings.PERIODIC_TASKS)
        assert checks["periodic_tasks"][REMINDERS]["last_run"] is None

    def test_shows_when_each_periodic_task_last_ran(self, client):
        with time_machine.travel(timezone.now() - timedelta(minutes=30), tick=False):
            import_string(REMINDERS).enqueue()
            # As db_worker runs it (the worker itself would close the test's connection).
            assert run_due(REMINDERS) == 1
            ran_at = timezone.now()

        report = json.loads(client.get("/healthz").content)["checks"]["periodic_tasks"]

        assert report[REMINDERS]["last_run"] == ran_at.isoformat()
        assert report[REMINDERS]["late"] is False

    def test_503_when_the_oldest_waiting_task_has_waited_too_long(self, client, settings):
        settings.HEALTH_QUEUE_STUCK_SECONDS = 600
        with time_machine.travel(timezone.now() - timedelta(minutes=11)):
            import_string(REMINDERS).enqueue()

        response = client.get("/healthz")

        assert response.status_code == 503
        queue = json.loads(response.content)["checks"]["task_queue"]
        assert queue["status"] == "stuck"
        assert queue["oldest_waiting_seconds"] >= 660

    def test_a_short_wait_is_healthy(self, client, settings):
        settings.HEALTH_QUEUE_STUCK_SECONDS = 600
        with time_machine.travel(timezone.now() - timedelta(minutes=2)):
            import_string(REMINDERS).enqueue()

        response = client.get("/healthz")

        assert response.status_code == 200
        assert json.loads(response.content)["checks"]["task_queue"]["waiting"] == 1
