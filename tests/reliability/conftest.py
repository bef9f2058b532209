"""Shared pieces of the reliability tests: PostgreSQL-only marks, a thread race, the run's figures."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable
from typing import Any

import pytest
from django.db import connection

from tests.reliability import figures


def _on_postgresql() -> bool:
    url = os.environ.get("DATABASE_URL", "")
    return url.startswith(("postgres://", "postgresql://")) or os.environ.get("VINHDANH_SERVICE_TESTS") == "1"


postgresql = pytest.mark.skipif(not _on_postgresql(), reason="real row locks and backends need PostgreSQL")


def pytest_sessionfinish(session: Any, exitstatus: int) -> None:
    figures.write()


def race(target: Callable[[Any], Any], items: Iterable[Any]) -> list[Any]:
    """Run target(item) for every item in its own thread, all released at once; each outcome or exception."""
    items = list(items)
    barrier = threading.Barrier(len(items))
    outcomes: list[Any] = [None] * len(items)

    def run(index: int, item: Any) -> None:
        try:
            barrier.wait(timeout=30)
            outcomes[index] = target(item)
        except BaseException as exc:
            outcomes[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, item)) for i, item in enumerate(items)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    figures.count("races", 1)
    figures.count("racing_threads", len(items))
    return outcomes
