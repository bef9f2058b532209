"""HTTP helpers both faces share: who is calling (client address) and counting hits against a rate limit."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse

from core.client_address import client_ip

__all__ = ["client_ip", "count_hit"]


def count_hit(key: str, period: int) -> int:
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr: this attempt opens a new period
        cache.add(key, 1, timeout=period)
        return 1


class UploadSizeLimitMiddleware:
    """Refuse a multipart body larger than VINHDANH_UPLOAD_MAX_REQUEST_BYTES from its Content-Length.

    Django caps form fields in memory (DATA_UPLOAD_MAX_MEMORY_SIZE) but streams files to disk without
    a limit, and it reads the body before any view checks who is calling. This answers first, before
    sessions, authentication or parsing, so an anonymous client cannot fill the disk.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        content_type = request.META.get("CONTENT_TYPE", "")
        if request.method in ("POST", "PUT", "PATCH") and content_type.startswith("multipart/"):
            limit = settings.VINHDANH_UPLOAD_MAX_REQUEST_BYTES
            length = request.META.get("CONTENT_LENGTH") or ""
            if not length.isdigit():
                return _refused(
                    request, 411, "length_required", "Cần gửi Content-Length.", "Content-Length is required."
                )
            if int(length) > limit:
                mb = limit // (1024 * 1024)
                return _refused(
                    request,
                    413,
                    "request_too_large",
                    f"Dữ liệu gửi lên vượt quá {mb} MB.",
                    f"The upload exceeds {mb} MB.",
                )
        return self.get_response(request)


def _refused(request: HttpRequest, status: int, code: str, vi: str, en: str) -> HttpResponse:
    # The locale middleware has not run yet: read the client's first language choice directly.
    english = request.META.get("HTTP_ACCEPT_LANGUAGE", "").strip().lower().startswith("en")
    return JsonResponse({"detail": en if english else vi, "code": code}, status=status)
