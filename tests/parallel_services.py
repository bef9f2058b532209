"""Parallel test workers (pytest-xdist) each get a Redis database of their own.

Loaded with -p before pytest-django reads the settings: xdist names the worker in PYTEST_XDIST_WORKER
before the worker's configuration is prepared, and the settings read REDIS_URL once, at start-up. Each
worker's PostgreSQL database is already its own (test_<name>_gw0, _gw1, …); sharing one Redis database
would share throttle counters, cache clears and the Celery queue between workers that know nothing of
each other's data. Subprocesses a test starts (Celery workers) inherit the worker's REDIS_URL.
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit, urlunsplit

# Databases 5, 6 and 9 belong to the production check, the worker tests' broker and the benchmarks.
WORKER_REDIS_DATABASES = (0, 1, 2, 3, 4, 7, 8, 10, 11, 12, 13, 14, 15)


def _worker_redis_url(url: str, worker: str) -> str:
    index = int(worker.removeprefix("gw"))
    if index >= len(WORKER_REDIS_DATABASES):
        raise SystemExit(f"at most {len(WORKER_REDIS_DATABASES)} test workers: Redis has 16 databases")
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{WORKER_REDIS_DATABASES[index]}", "", ""))


_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if _worker.startswith("gw") and os.environ.get("REDIS_URL"):
    os.environ["REDIS_URL"] = _worker_redis_url(os.environ["REDIS_URL"], _worker)
