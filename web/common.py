"""What the shared layout and the file page add around the lifecycle: the menu entries a person's
roles open, the unread badge, and the title track's score-sheet card on a file; and the answer to a
form that asks a service to act.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from core.errors import Refusal
from nominations import access as permissions
from nominations.models import Nomination, Role, Round, Unit
from nominations.states import EDITABLE
from notifications.models import Notification
from workflows.models import AuditEntry


def unread_count(user: Any) -> int | None:
    """Unread in-app notices of a signed-in person."""
    if not user.is_authenticated:
        return None
    return int(Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).count())


def nav_links(request: HttpRequest) -> list[dict[str, Any]]:
    """Menu entries beyond the lifecycle's own, by the person's roles."""
    links: list[dict[str, Any]] = []
    user = request.user
    grants = permissions.grants_of(user)
    # Council, decisions and radio belong to the organisation's bodies; units do not see them.
    body = user.is_superuser or bool(permissions.body_organization_ids(user))
    if body:
        links.append({"name": "council-list", "url": reverse("web:council-list"), "label": _("Council")})
        links.append({"name": "decisions", "url": reverse("web:decisions"), "label": _("Decisions")})
        if any(g.role == Role.BROADCASTER for g in grants):
            links.append({"name": "broadcasts", "url": reverse("web:broadcasts"), "label": _("Radio")})
        links.append({"name": "reports", "url": reverse("web:reports"), "label": _("Reports")})
    if any(g.role == Role.SUBMITTER for g in grants):
        links.append({"name": "honour-consents", "url": reverse("web:honour-consents"), "label": _("Honour board")})
    if user.is_authenticated:
        links.append({"name": "absences", "url": reverse("web:absences"), "label": _("Absence")})
    unread = unread_count(user)
    if unread is not None:
        links.append(
            {"name": "notifications", "url": reverse("web:notifications"), "label": _("Notifications"), "badge": unread}
        )
    return links


def organization_ids(user: Any) -> set[int]:
    return {g.organization_id for g in permissions.grants_of(user)}


def rounds_for(user: Any) -> QuerySet[Round]:
    qs = Round.objects.select_related("campaign").order_by("-year", "-opens_on")
    return qs if user.is_superuser else qs.filter(campaign__organization_id__in=organization_ids(user))


def units_for(user: Any) -> QuerySet[Unit]:
    qs = Unit.objects.order_by("name")
    return qs if user.is_superuser else qs.filter(organization_id__in=organization_ids(user))


def is_submitter(user: Any) -> bool:
    return bool(permissions.unit_ids_of(user, frozenset({Role.SUBMITTER})))


def can_edit(user: Any, nomination: Nomination) -> bool:
    return nomination.status in EDITABLE and permissions.has_role(user, Role.SUBMITTER, unit_id=nomination.unit_id)


def visible_nomination(user: Any, pk: Any) -> Nomination:
    """The file, if this user may see it; another unit's file is simply not found."""
    try:
        return (
            permissions.visible_nominations(user)
            .select_related(
                "round",
                "award_kind",
                "unit",
                "organization",
                "created_by",
                "submitted_by",
                "review_assignment__officer",
            )
            .prefetch_related(
                "nominees",
                "attachments",
                Prefetch("audit_entries", queryset=AuditEntry.objects.select_related("actor").order_by("seq")),
            )
            .get(pk=pk)
        )
    except (Nomination.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def due_flags(items: list[Any], today: datetime.date) -> list[Any]:
    for item in items:
        deadline = getattr(item, "deadline", None) or item.due_on
        item.deadline_on = deadline
        item.is_overdue = bool(deadline and deadline < today)
        item.is_due_soon = bool(deadline and not item.is_overdue and deadline <= today + datetime.timedelta(days=3))
    return items


def acted(
    request: HttpRequest,
    call: Callable[[], Any],
    success: str | Callable[[Any], str],
    to: str,
    *,
    refused: Callable[[Refusal], HttpResponse] | None = None,
) -> HttpResponse:
    """The answer to a form that asks a service to act: done, the success message (a text, or one made
    from what the service returned) and on to the URL ``to``.

    Refused, ``refused`` renders the form's page again with the reason; without it the reason is the
    message over ``to``, except that what is not found (or not visible) is the 404 page, as when opened.
    """
    try:
        result = call()
    except Refusal as exc:
        if refused is not None:
            return refused(exc)
        if exc.status == 404 and exc.code == "not_found":
            raise Http404 from exc
        messages.error(request, exc.message)
    else:
        messages.success(request, success(result) if callable(success) else success)
    return redirect(to)
