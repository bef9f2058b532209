"""The page a form lands on when it was sent from a page that had gone stale (CSRF_FAILURE_VIEW).

The usual cause is an expired session: the idle timeout signs a person out while a long form is open, and the
browser still holds the old page. Django's stock answer is a bare 403 and the typed text is gone; this page
shows back what was typed, so it can be copied into the form after signing in again.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

# Never shown back: the token itself, secrets, and the bookkeeping fields a person did not type.
NOT_SHOWN = frozenset({"csrfmiddlewaretoken", "version", "next", "items", "open"})
SECRET_PARTS = ("password", "otp", "token", "secret", "code")


def _typed(request: HttpRequest) -> list[tuple[str, str]]:
    kept = []
    for name, values in request.POST.lists():
        if name in NOT_SHOWN or any(part in name.lower() for part in SECRET_PARTS):
            continue
        kept.extend((name, value) for value in values if value.strip())
    return kept


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    if request.path.startswith("/api/"):
        message = _("The form has expired; reload the page and send it again.")
        return JsonResponse({"detail": message, "code": "csrf_failed"}, status=403)
    referer = request.META.get("HTTP_REFERER", "")
    back = referer if url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()}) else ""
    context = {
        "typed": _typed(request),
        "had_files": bool(request.FILES),
        "back": back or request.path,
        "signed_in": request.user.is_authenticated,
        "login_url": settings.LOGIN_URL,
    }
    return render(request, "web/csrf_failure.html", context, status=403)
