"""Celery tasks of the notifications queue: each takes ids, fetches, calls a service, and may run twice."""

from __future__ import annotations

from typing import Any

from celery import shared_task
from django.conf import settings

from notifications import deadlines, services

TASK_OPTIONS: dict[str, Any] = {
    "acks_late": True,
    "reject_on_worker_lost": True,
    "ignore_result": True,
    "time_limit": 120,
    "soft_time_limit": 100,
}


@shared_task(name="notifications.deliver_event", bind=True, **TASK_OPTIONS)
def deliver_event(self: Any, event_id: int) -> int:
    leads = services.event_deliver(event_id=event_id)
    for delivery_id in leads:
        send_delivery.delay(delivery_id)
    return len(leads)


@shared_task(name="notifications.send_delivery", bind=True, **TASK_OPTIONS)
def send_delivery(self: Any, delivery_id: int) -> int:
    outcome = services.delivery_send(delivery_id=delivery_id)
    if outcome.retry_in is not None and not self.request.is_eager:
        # Attempts are counted on the rows, so the Celery retry count is not the limit here.
        raise self.retry(countdown=outcome.retry_in, max_retries=None)
    return outcome.sent


@shared_task(name="notifications.sweep_outbox", **TASK_OPTIONS)
def sweep_outbox() -> int:
    age = int(getattr(settings, "NOTIFICATIONS_SWEEP_AGE_SECONDS", 60))
    result = services.outbox_sweep(older_than_seconds=age)
    for event_id in result.events:
        deliver_event.delay(event_id)
    for delivery_id in result.deliveries:
        send_delivery.delay(delivery_id)
    return len(result.events) + len(result.deliveries)


@shared_task(name="notifications.send_digests", **TASK_OPTIONS)
def send_digests() -> int:
    return services.digests_send()


@shared_task(name="notifications.deadline_reminders", **{**TASK_OPTIONS, "time_limit": 900, "soft_time_limit": 840})
def deadline_reminders() -> int:
    return deadlines.deadline_reminders_run() + deadlines.step_reminders_run() + deadlines.annual_report_reminders_run()
