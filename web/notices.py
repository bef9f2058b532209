"""The notification centre: the person's own notices, newest first, read one by one or all at once.

The notifications app is optional for these pages: without it they answer 404 and the menu hides them.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import optional


def _notifications() -> tuple[Any, Any]:
    models = optional.module("notifications.models")
    services = optional.module("notifications.services")
    if models is None or services is None or not hasattr(services, "notification_mark_read"):
        raise Http404
    return models.Notification, services


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    notification, _services = _notifications()
    only_unread = request.GET.get("unread") == "1"
    notices = notification.objects.filter(recipient_id=request.user.pk).select_related("nomination")
    if only_unread:
        notices = notices.filter(read_at__isnull=True)
    page = Paginator(notices.order_by("-created_at", "-id"), 30).get_page(request.GET.get("page"))
    return render(request, "web/notifications.html", {"page": page, "only_unread": only_unread})


@login_required
@require_POST
def notification_read(request: HttpRequest, notification_id: int) -> HttpResponse:
    notification, services = _notifications()
    try:
        notice = services.notification_mark_read(notification_id=notification_id, user=request.user)
    except notification.DoesNotExist as exc:
        raise Http404 from exc
    target = request.POST.get("next", "")
    if notice.nomination_id and request.POST.get("open") == "1":
        return redirect("web:nomination-detail", pk=notice.nomination_id)
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("web:notifications")


@login_required
@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    notification, services = _notifications()
    unread = notification.objects.filter(recipient_id=request.user.pk, read_at__isnull=True).values_list(
        "pk", flat=True
    )
    count = 0
    for pk in list(unread[:500]):
        services.notification_mark_read(notification_id=pk, user=request.user)
        count += 1
    messages.success(request, _("%(n)s notices marked as read.") % {"n": count})
    return redirect("web:notifications")
