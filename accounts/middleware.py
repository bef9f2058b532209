"""Signed-in sessions end after a quiet spell (sliding) and after an absolute lifetime."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import SESSION_KEY, logout
from django.http import HttpRequest, HttpResponse

STARTED = "vinhdanh_signed_in_at"
LAST_SEEN = "vinhdanh_last_seen_at"
# The last-seen mark is rewritten at most this often: a session write per request would cost every page.
TOUCH_SECONDS = 60


class SessionLifetimeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session: Any = request.session
        if SESSION_KEY in session:
            now = int(time.time())
            started = session.get(STARTED) or now
            last_seen = session.get(LAST_SEEN) or now
            idle = settings.VINHDANH_SESSION_IDLE_MINUTES * 60
            if now - last_seen > idle or now - started > settings.SESSION_COOKIE_AGE:
                logout(request)
            else:
                if STARTED not in session:
                    session[STARTED] = started
                if LAST_SEEN not in session or now - last_seen >= TOUCH_SECONDS:
                    session[LAST_SEEN] = now
                    # The cookie's own expiry slides with the activity, capped by the absolute lifetime.
                    session.set_expiry(max(1, min(idle, settings.SESSION_COOKIE_AGE - (now - started))))
        return self.get_response(request)
