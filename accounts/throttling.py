"""Per-address rate limits keyed on the real client address (core.http.client_ip), never on a header
a client can write: changing X-Forwarded-For between attempts starts no new budget."""

from __future__ import annotations

from typing import Any

from rest_framework.throttling import ScopedRateThrottle, SimpleRateThrottle

from core.http import client_ip


class AddressScopedRateThrottle(ScopedRateThrottle):
    """DRF's scoped throttle (view.throttle_scope), with DRF's X-Forwarded-For reading replaced."""

    def get_ident(self, request: Any) -> str:
        return client_ip(request) or "unknown"

    def get_cache_key(self, request: Any, view: Any) -> str:
        # Sign-in endpoints count per address whoever is signed in.
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class DailySignInThrottle(SimpleRateThrottle):
    """A day's budget of sign-in attempts per address, so a slow spray under the per-minute rate still stops."""

    scope = "auth_daily"

    def get_cache_key(self, request: Any, view: Any) -> str:
        return self.cache_format % {"scope": self.scope, "ident": client_ip(request) or "unknown"}


class _AddressThrottle(SimpleRateThrottle):
    def __init__(self, scope: str) -> None:
        self.scope = scope
        super().__init__()

    def get_cache_key(self, request: Any, view: Any) -> str:
        return self.cache_format % {"scope": self.scope, "ident": client_ip(request) or "unknown"}


def address_wait(request: Any, *scopes: str) -> int | None:
    """For pages outside DRF: None when every scope allows this request (and counts it), else seconds to wait."""
    for scope in scopes:
        throttle = _AddressThrottle(scope)
        if not throttle.allow_request(request, None):
            return int(throttle.wait() or 1)
    return None
