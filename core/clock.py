"""Today's date for the lifecycle's rules, with a way to replay history at an earlier date.

Replaying is for loading past rounds (demo data, migration from paper registers): files
are filed and decided on the dates they really were.
"""

from __future__ import annotations

import contextlib
import datetime
import threading
from collections.abc import Iterator

from django.utils import timezone

_replay = threading.local()


def today() -> datetime.date:
    day = getattr(_replay, "day", None)
    return day if day is not None else timezone.localdate()


@contextlib.contextmanager
def replay_on(day: datetime.date) -> Iterator[None]:
    previous = getattr(_replay, "day", None)
    _replay.day = day
    try:
        yield
    finally:
        _replay.day = previous
