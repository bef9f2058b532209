"""How long delivery waits, retries and backs off, each tunable in settings."""

from __future__ import annotations

import datetime

from django.conf import settings


def setting_or(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def coalesce_window() -> datetime.timedelta:
    return datetime.timedelta(seconds=setting_or("NOTIFICATIONS_COALESCE_SECONDS", 60))


def sending_lease() -> datetime.timedelta:
    # Longer than a task may run (its hard time limit), so a live sender never loses its rows.
    return datetime.timedelta(seconds=setting_or("NOTIFICATIONS_SENDING_LEASE_SECONDS", 150))


def max_attempts() -> int:
    return setting_or("NOTIFICATIONS_MAX_ATTEMPTS", 10)


def backoff_seconds(attempts: int) -> int:
    """Wait before attempt `attempts` + 1: 2, 4, 8, … seconds, capped below the broker's visibility timeout."""
    return int(min(2**attempts, setting_or("NOTIFICATIONS_BACKOFF_CAP_SECONDS", 600)))
