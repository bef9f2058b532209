"""Cases for modules that may not exist yet: each returns a Result, or why it was skipped."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from typing import Any


def _missing(module: str) -> str | None:
    try:
        found = importlib.util.find_spec(module)
    except ModuleNotFoundError:
        found = None
    return None if found is not None else f"{module} does not exist yet"


def round_report(ctx: Any, size: str) -> Any:
    return _missing("nominations.reports") or "the module exists; its benchmark case is not written yet"


def bulk_10k(ctx: Any, size: str) -> Any:
    return _missing("workflows.bulk") or "the module exists; its benchmark case is not written yet"


def import_10k(ctx: Any, size: str) -> Any:
    return _missing("nominations.imports") or "the module exists; its benchmark case is not written yet"


def notify_relay(ctx: Any, size: str) -> Any:
    return _missing("notifications.relay") or "the module exists; its benchmark case is not written yet"


OPTIONAL: dict[str, Callable[[Any, str], Any]] = {
    "round_report": round_report,
    "bulk_10k": bulk_10k,
    "import_10k": import_10k,
    "notify_relay": notify_relay,
}
