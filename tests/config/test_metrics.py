"""GET /metrics: refused without the operator's token; with it, the series an operator's monitoring reads."""

from __future__ import annotations

import datetime
import os

import pytest
import redis
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from workflows.models import OutboxEvent

TOKEN = "metrics-token-for-the-tests-0123456789"


@pytest.fixture
def token(monkeypatch):
    monkeypatch.setenv("VINHDANH_METRICS_TOKEN", TOKEN)
    monkeypatch.delenv("PROMETHEUS_MULTIPROC_DIR", raising=False)
    return TOKEN


def _series(response):
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.content.decode())
        for sample in family.samples
    }


def test_without_a_configured_token_the_endpoint_does_not_exist(db, monkeypatch):
    monkeypatch.delenv("VINHDANH_METRICS_TOKEN", raising=False)

    response = Client().get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")

    assert response.status_code == 404
    assert b"vinhdanh_" not in response.content


@pytest.mark.parametrize("authorization", [None, "Bearer wrong", TOKEN[:-1], f"Token {TOKEN}"])
def test_a_request_without_the_token_is_refused(db, token, authorization):
    headers = {"HTTP_AUTHORIZATION": authorization} if authorization else {}

    response = Client().get("/metrics", **headers)

    assert response.status_code == 401
    assert b"vinhdanh_" not in response.content


def test_with_the_token_it_shows_latency_transitions_outbox_lag_and_queue_depth(
    ward, make_nomination, api, token, settings
):
    settings.REDIS_URL = ""  # tasks run in-process: nothing can wait in a queue
    cache.clear()
    make_nomination(steps=(("unit1", "submit", ""), ("reviewer", "accept", "")))
    OutboxEvent.objects.update(processed_at=timezone.now())
    stale = OutboxEvent.objects.create(event="test.stale", organization=ward.organization)
    OutboxEvent.objects.filter(pk=stale.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=5))
    assert api("reviewer").get("/api/v1/nominations/").status_code == 200

    response = Client().get("/metrics", HTTP_AUTHORIZATION=f"Bearer {token}")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    series = _series(response)
    assert series[("vinhdanh_transitions_total", (("state", "submitted"),))] == 1
    assert series[("vinhdanh_transitions_total", (("state", "under_review"),))] == 1
    assert series[("vinhdanh_nominations", (("state", "under_review"),))] == 1
    assert series[("vinhdanh_outbox_pending", ())] == 1
    assert 299 <= series[("vinhdanh_outbox_lag_seconds", ())] < 400
    assert series[("vinhdanh_celery_queue_length", (("queue", "default"),))] == 0
    latency = {k: v for k, v in series.items() if k[0] == "vinhdanh_http_request_duration_seconds_count"}
    assert any(("route", "api/v1/nominations/") in labels and v >= 1 for (_, labels), v in latency.items())


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="counts the lists in a real Redis")
def test_queue_depth_counts_the_tasks_waiting_in_redis(db, token, settings):
    url = os.environ["REDIS_URL"]
    settings.REDIS_URL = url
    client = redis.Redis.from_url(url)
    client.delete("notifications", "notifications\x06\x163")
    client.rpush("notifications", "a", "b")
    client.rpush("notifications\x06\x163", "c")
    try:
        response = Client().get("/metrics", HTTP_AUTHORIZATION=f"Bearer {token}")
    finally:
        client.delete("notifications", "notifications\x06\x163")

    assert _series(response)[("vinhdanh_celery_queue_length", (("queue", "notifications"),))] == 3
