"""The notification centre: the person's own notices, newest first, read one by one or all at once.

The person also chooses the channels beyond the in-app notices: e-mail (at once or as a daily
digest) and SMS / Zalo.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from notifications import inbox
from notifications.models import Delivery, Notification, NotificationPreference

# A notice about no single file opens the session or decision its event names, else the list where that work is
# done: kind of event → (payload key, detail page, its argument, list page).
PLACES = {
    "council": ("session", "web:council-detail", "session_id", "web:council-list"),
    "decision": ("decision", "web:decision-detail", "decision_id", "web:decisions"),
    "certificate": ("decision", "web:decision-detail", "decision_id", "web:decisions"),
    "broadcast": ("decision", "web:decision-detail", "decision_id", None),
}


def _place_of(notice: Notification) -> tuple[str, str]:
    """(address, label) of the page a notice opens; its first event's payload names the session or decision."""
    kind = notice.event.partition(".")[0]
    if kind not in PLACES:
        return "", ""
    key, detail, argument, listing = PLACES[kind]
    payload = next((delivery.event.payload for delivery in notice.deliveries.all()), {}) or {}
    if isinstance(payload.get(key), int):
        label = _("Open the session") if key == "session" else _("Open the decision")
        return reverse(detail, kwargs={argument: payload[key]}), label
    if listing is None:
        return "", ""
    label = _("Open the council sessions") if kind == "council" else _("Open the decisions")
    return reverse(listing), label


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    only_unread = request.GET.get("unread") == "1"
    notices = (
        Notification.objects.filter(recipient_id=request.user.pk)
        .select_related("nomination")
        .prefetch_related(Prefetch("deliveries", queryset=Delivery.objects.select_related("event").order_by("pk")))
    )
    if only_unread:
        notices = notices.filter(read_at__isnull=True)
    page = Paginator(notices.order_by("-created_at", "-id"), 30).get_page(request.GET.get("page"))
    for notice in page.object_list:
        notice.link, notice.link_label = _place_of(notice)
    return render(request, "web/notifications.html", {"page": page, "only_unread": only_unread})


@login_required
@require_POST
def notification_read(request: HttpRequest, notification_id: int) -> HttpResponse:
    try:
        notice = inbox.notification_mark_read(notification_id=notification_id, user=request.user)
    except Notification.DoesNotExist as exc:
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
    unread = Notification.objects.filter(recipient_id=request.user.pk, read_at__isnull=True).values_list(
        "pk", flat=True
    )
    count = 0
    for pk in list(unread[:500]):
        inbox.notification_mark_read(notification_id=pk, user=request.user)
        count += 1
    messages.success(request, _("%(n)s notices marked as read.") % {"n": count})
    return redirect("web:notifications")


@login_required
def notification_preferences(request: HttpRequest) -> HttpResponse:
    preference = NotificationPreference.objects.filter(user_id=request.user.pk).first() or NotificationPreference()
    if request.method == "POST":
        inbox.preference_set(
            user=request.user,
            email=request.POST.get("email") == "on",
            daily_digest=request.POST.get("daily_digest") == "on",
            webhook=request.POST.get("webhook") == "on",
        )
        messages.success(request, _("Your notification settings were saved."))
        return redirect("web:notification-preferences")
    return render(
        request,
        "web/notification_preferences.html",
        {"preference": preference, "has_email": bool(getattr(request.user, "email", ""))},
    )
