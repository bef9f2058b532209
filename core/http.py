"""HTTP helpers both faces share: who is calling (client address) and counting hits against a rate limit."""

from __future__ import annotations

from django.core.cache import cache

from core.client_address import client_ip

__all__ = ["client_ip", "count_hit"]


def count_hit(key: str, period: int) -> int:
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr: this attempt opens a new period
        cache.add(key, 1, timeout=period)
        return 1
