"""A Celery task that does nothing but say it ran: the floor of the notification relay.

The worker of the `notify_relay` case imports this module (`--include benchmarks.noop`). Each run
counts in one Redis key, so the benchmark knows when every task it published has been taken.
"""

from __future__ import annotations

from celery import shared_task

COUNTER_PREFIX = "vinhdanh:bench:noop:"


def _redis() -> object:
    import redis
    from django.conf import settings

    return redis.Redis.from_url(settings.REDIS_URL)


@shared_task(name="benchmarks.noop", ignore_result=True, acks_late=True)
def noop(run: str) -> None:
    _redis().incr(COUNTER_PREFIX + run)  # type: ignore[attr-defined]
