"""Parallel test workers (pytest-xdist) each get Redis databases and a port of their own.

Loaded with -p before pytest-django reads the settings: xdist names the worker in PYTEST_XDIST_WORKER
before the worker's configuration is prepared, and the settings read REDIS_URL once, at start-up. Each
worker's PostgreSQL database is already its own (test_<name>_gw0, _gw1, …); sharing one Redis database
would share throttle counters, cache clears and the Celery queue between workers that know nothing of
each other's data. Subprocesses a test starts (Celery workers) inherit the worker's environment.
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit, urlunsplit

# Per worker: the suite's Redis database, the real Celery workers' broker database and the port of the
# Redis server a test restarts. Databases 5 and 9 belong to the production check and the benchmarks.
SUITE_DATABASES = (0, 1, 2, 3)
BROKER_DATABASES = (6, 7, 8, 10)
RESTARTED_BROKER_PORTS = (6390, 6391, 6392, 6393)


def _with_database(url: str, database: int) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{database}", "", ""))


_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if _worker.startswith("gw"):
    index = int(_worker.removeprefix("gw"))
    if index >= len(SUITE_DATABASES):
        raise SystemExit(f"at most {len(SUITE_DATABASES)} test workers (TEST_WORKERS)")
    if os.environ.get("REDIS_URL"):
        os.environ["REDIS_URL"] = _with_database(os.environ["REDIS_URL"], SUITE_DATABASES[index])
    os.environ["VINHDANH_TEST_BROKER_DB"] = str(BROKER_DATABASES[index])
    os.environ["VINHDANH_TEST_RESTARTED_BROKER_PORT"] = str(RESTARTED_BROKER_PORTS[index])
