"""Operating the portal: a request id on every request and log line, JSON logs, optional Sentry,
and Prometheus metrics behind a bearer token (METRICS_TOKEN) or a staff sign-in."""

import contextvars
import hmac
import logging
import re
import time
import uuid

from django.conf import settings
from django.core.signals import request_finished
from django.dispatch import receiver
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

request_id_var = contextvars.ContextVar("request_id", default="-")
# Ids from the proxy are echoed back, so only accept the shape of a plain token.
_SAFE_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
REQUEST_ID_HEADER = "X-Request-ID"


class RequestIdFilter(logging.Filter):
    """Puts the current request's id on every log record (`-` outside a request)."""

    def filter(self, record):
        record.request_id = request_id_var.get()
        return True


def _metrics():
    """Prometheus instruments, created once per process (gunicorn workers each have theirs;
    with PROMETHEUS_MULTIPROC_DIR set they are added up at scrape time)."""
    global _instruments
    if _instruments is None:
        from prometheus_client import Counter, Histogram

        _instruments = {
            "requests": Counter(
                "portal_http_requests_total",
                "HTTP requests answered, by method and status class.",
                ["method", "status"],
            ),
            "latency": Histogram(
                "portal_http_request_duration_seconds",
                "Time to answer an HTTP request.",
                ["method"],
                buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
            ),
        }
    return _instruments


_instruments = None


class RequestIdMiddleware:
    """Takes the request id from the proxy (X-Request-ID) or makes one, keeps it for the logs,
    returns it in the response, and counts the request for the metrics."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get(REQUEST_ID_HEADER, "")
        request_id = given if _SAFE_ID.match(given) else uuid.uuid4().hex
        request.request_id = request_id
        # Kept until the request has finished (see below): Django logs 4xx/5xx responses after
        # the middleware has returned.
        request_id_var.set(request_id)
        started = time.perf_counter()
        response = self.get_response(request)
        response[REQUEST_ID_HEADER] = request_id
        metrics = _metrics()
        metrics["requests"].labels(request.method, f"{response.status_code // 100}xx").inc()
        metrics["latency"].labels(request.method).observe(time.perf_counter() - started)
        return response


@receiver(request_finished)
def _forget_request_id(**kwargs):
    request_id_var.set("-")


def init_sentry(dsn, environment, release, traces_sample_rate):
    """Send errors to Sentry when SENTRY_DSN is set; nothing otherwise."""
    if not dsn:
        return False
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release or None,
        integrations=[DjangoIntegration()],
        traces_sample_rate=traces_sample_rate,
        send_default_pii=False,
    )
    return True


def _may_read_metrics(request):
    token = settings.METRICS_TOKEN
    given = request.headers.get("Authorization", "")
    if token and given.startswith("Bearer "):
        return hmac.compare_digest(given.removeprefix("Bearer ").strip(), token)
    from .rules import can_read_metrics  # imported late: this module loads before the apps

    return can_read_metrics(request.user)


def _queue_gauges(registry):
    """Task-queue figures read from the database at scrape time."""
    from prometheus_client.core import GaugeMetricFamily

    from .health import oldest_waiting_task_age, waiting_task_count
    from .stranded_tasks import stranded_task_count

    class QueueCollector:
        def collect(self):
            waiting = GaugeMetricFamily(
                "portal_tasks_waiting", "Tasks ready to run and not yet picked up."
            )
            waiting.add_metric([], waiting_task_count())
            yield waiting
            age = GaugeMetricFamily(
                "portal_tasks_oldest_waiting_seconds", "How long the oldest ready task has waited."
            )
            age.add_metric([], oldest_waiting_task_age() or 0)
            yield age
            stranded = GaugeMetricFamily(
                "portal_tasks_stranded",
                "Tasks still marked running long after their worker should have finished them.",
            )
            stranded.add_metric([], stranded_task_count())
            yield stranded

    registry.register(QueueCollector())


@never_cache
@require_GET
def metrics(request):
    from prometheus_client import (
        CONTENT_TYPE_LATEST,
        REGISTRY,
        CollectorRegistry,
        generate_latest,
        multiprocess,
    )

    if not _may_read_metrics(request):
        response = HttpResponse("Metrics need a bearer token or a staff sign-in.\n", status=401)
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    _metrics()
    if settings.PROMETHEUS_MULTIPROC_DIR:
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = REGISTRY
    queue = CollectorRegistry()
    _queue_gauges(queue)
    body = generate_latest(registry) + generate_latest(queue)
    return HttpResponse(body, content_type=CONTENT_TYPE_LATEST)
