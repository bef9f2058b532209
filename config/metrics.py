"""GET /metrics for Prometheus: request latency, transitions per state, outbox lag, Celery queue depth.

Request latency is measured in each web process. Under gunicorn, set PROMETHEUS_MULTIPROC_DIR to an empty
folder writable by the workers, so one scrape reports all of them. The other series are read from the
database and the broker at scrape time, so they count the work of every process, the workers' included.

The endpoint answers only a request bearing VINHDANH_METRICS_TOKEN (Authorization: Bearer ...); without a
configured token it does not exist (404).
"""

from __future__ import annotations

import hmac
import os
import time
from collections.abc import Callable, Iterator
from typing import Any

from django.conf import settings
from django.db.models import Count, Min
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

REQUEST_LATENCY = Histogram(
    "vinhdanh_http_request_duration_seconds",
    "Time to answer an HTTP request, by method, URL pattern and status class.",
    ["method", "route", "status"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)

# Celery's queues (settings.CELERY_TASK_ROUTES); the Redis transport keeps each priority in its own list.
CELERY_QUEUES = ("default", "notifications")
_REDIS_PRIORITY_SEPARATOR = "\x06\x16"


class RequestLatencyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        # The URL pattern, not the path: one series per route, whatever ids the paths carry.
        route = (match.route or match.view_name or "") if match else "unmatched"
        REQUEST_LATENCY.labels(request.method, route, f"{response.status_code // 100}xx").observe(
            time.perf_counter() - started
        )
        return response


class StateCollector(Collector):
    """Series read from the database and the broker when Prometheus scrapes."""

    def collect(self) -> Iterator[Any]:
        from nominations.models import Nomination
        from workflows.models import AuditEntry, OutboxEvent

        transitions = CounterMetricFamily(
            "vinhdanh_transitions", "Transitions made since the start, by the state they led to.", labels=["state"]
        )
        for row in AuditEntry.objects.values("target").annotate(n=Count("id")).order_by("target"):
            transitions.add_metric([row["target"] or "none"], row["n"])
        yield transitions

        files = GaugeMetricFamily("vinhdanh_nominations", "Nomination files by current state.", labels=["state"])
        for row in Nomination.objects.values("status").annotate(n=Count("pk")).order_by("status"):
            files.add_metric([row["status"]], row["n"])
        yield files

        unprocessed = OutboxEvent.objects.filter(processed_at__isnull=True)
        pending = unprocessed.aggregate(n=Count("id"), oldest=Min("created_at"))
        lag = (timezone.now() - pending["oldest"]).total_seconds() if pending["oldest"] else 0.0
        yield GaugeMetricFamily("vinhdanh_outbox_pending", "Outbox events not yet processed.", value=pending["n"])
        yield GaugeMetricFamily(
            "vinhdanh_outbox_lag_seconds", "Age of the oldest outbox event not yet processed (0 if none).", value=lag
        )

        depth = GaugeMetricFamily(
            "vinhdanh_celery_queue_length",
            "Tasks waiting in each Celery queue (-1: broker unreachable).",
            labels=["queue"],
        )
        for queue, length in queue_lengths().items():
            depth.add_metric([queue], length)
        yield depth


def queue_lengths() -> dict[str, int]:
    if not settings.REDIS_URL:
        return dict.fromkeys(CELERY_QUEUES, 0)  # no broker: tasks run in-process, nothing waits
    import redis

    try:
        client = redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2, socket_connect_timeout=2)
        lengths = {}
        for queue in CELERY_QUEUES:
            keys = [queue, *client.scan_iter(match=f"{queue}{_REDIS_PRIORITY_SEPARATOR}*", count=100)]
            lengths[queue] = sum(client.llen(key) for key in keys)
        return lengths
    except redis.RedisError:
        return dict.fromkeys(CELERY_QUEUES, -1)


def _authorized(request: HttpRequest) -> bool | None:
    token = os.environ.get("VINHDANH_METRICS_TOKEN", "")
    if not token:
        return None
    offered = request.headers.get("Authorization", "").removeprefix("Bearer ")
    return hmac.compare_digest(offered.encode(), token.encode())


@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    allowed = _authorized(request)
    if allowed is None:
        return HttpResponse("Not found", status=404, content_type="text/plain")
    if not allowed:
        response = HttpResponse("Unauthorized", status=401, content_type="text/plain")
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        processes = CollectorRegistry()
        MultiProcessCollector(processes)
    else:
        processes = REGISTRY
    state = CollectorRegistry(auto_describe=False)
    state.register(StateCollector())
    return HttpResponse(generate_latest(processes) + generate_latest(state), content_type=CONTENT_TYPE_LATEST)
