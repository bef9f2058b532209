"""HTTP helpers both faces share: who is calling (client address) and counting hits against a rate limit."""

from __future__ import annotations

from django.core.cache import cache
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def count_hit(key: str, period: int) -> int:
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr: this attempt opens a new period
        cache.add(key, 1, timeout=period)
        return 1
