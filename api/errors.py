"""Every API error is {"detail", "code"} in the request's language (API.md)."""

from typing import Any

from django.conf import settings
from django.db import OperationalError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views import defaults
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.errors import Refusal


def _first_message(detail: Any) -> str:
    if isinstance(detail, dict):
        for key, value in detail.items():
            message = _first_message(value)
            return message if key in ("non_field_errors", "detail") else f"{key}: {message}"
    if isinstance(detail, list) and detail:
        return _first_message(detail[0])
    return str(detail)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, Refusal):
        body: dict[str, Any] = {"detail": exc.message, "code": exc.code}
        body.update({k: v for k, v in exc.extra.items() if k not in body})
        return Response(body, status=exc.status)
    if _gave_up_waiting(exc):
        return Response(
            {"detail": _busy().message, "code": "busy"}, status=status.HTTP_409_CONFLICT, headers={"Retry-After": "1"}
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = {
            "detail": _first_message(exc.detail),
            "code": "validation_error",
            "errors": exc.detail,
        }
        response.status_code = status.HTTP_400_BAD_REQUEST
    elif isinstance(exc, exceptions.APIException):
        codes = exc.get_codes()
        code = codes if isinstance(codes, str) else exc.default_code
        response.data = {"detail": _first_message(exc.detail), "code": code}
    return response


# PostgreSQL's lock_not_available (lock_timeout ran out), deadlock_detected and serialization_failure.
_LOST_A_RACE_SQLSTATES = {"55P03", "40P01", "40001"}


def _gave_up_waiting(exc: Exception) -> bool:
    """The database gave up waiting for another writer: the loser of a race, who may simply try again."""
    if not isinstance(exc, OperationalError):
        return False
    if getattr(exc.__cause__, "sqlstate", None) in _LOST_A_RACE_SQLSTATES:
        return True
    return "database is locked" in str(exc)  # SQLite, the demo's database


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler404: a path the API's URL patterns do not match still answers in the API's error format."""
    if _is_api(request):
        refusal = Refusal("not_found", "Không tìm thấy.", "Not found.", status=404)
        return JsonResponse({"detail": refusal.message, "code": refusal.code}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: even an unforeseen fault answers API clients in the error format, with nothing internal."""
    if _is_api(request):
        refusal = Refusal("server_error", "Lỗi hệ thống, vui lòng thử lại sau.", "Server error; try again later.")
        return JsonResponse({"detail": refusal.message, "code": refusal.code}, status=500)
    return defaults.server_error(request)


def lockout_response(request: HttpRequest, original_response: Any = None, credentials: Any = None) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: too many failed sign-ins for this username, from any address (429 until cool-off)."""
    refusal = Refusal(
        "account_locked",
        "Đăng nhập sai quá nhiều lần: tài khoản tạm khóa, vui lòng thử lại sau 15 phút.",
        "Too many failed sign-ins: the account is locked for 15 minutes.",
        status=429,
    )
    if _is_api(request):
        response: HttpResponse = JsonResponse({"detail": refusal.message, "code": refusal.code}, status=429)
    else:
        response = HttpResponse(refusal.message, status=429, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    return response


def _busy() -> Refusal:
    return Refusal(
        "busy",
        "Hồ sơ đang được người khác cập nhật, vui lòng thử lại.",
        "The file is being changed by someone else; try again.",
        status=409,
    )
