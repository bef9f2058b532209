"""pyHanko signs and validates through ``asyncio.run``, which refuses to start inside a running event loop (an
ASGI server's request thread, a browser driver's loop); such callers get the work done on a worker thread."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")


def outside_event_loop(work: Callable[[], T]) -> T:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return work()
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="vinhdanh-signing") as pool:
        return pool.submit(work).result()


def off_the_event_loop(function: Callable[..., T]) -> Callable[..., T]:
    @functools.wraps(function)
    def wrapper(*args: object, **kwargs: object) -> T:
        return outside_event_loop(lambda: function(*args, **kwargs))

    return wrapper
