"""Pages that read modules which may be absent from a deployment (notifications, council, awards).

Each probe imports lazily and answers "nothing" when the module is not installed, so the
lifecycle pages work on their own.
"""

from __future__ import annotations

import importlib
from typing import Any

from django.http import HttpRequest

from workflows import permissions


def module(name: str) -> Any | None:
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


def unread_count(user: Any) -> int | None:
    """Unread in-app notices, or None when the notification centre is not installed."""
    models = module("notifications.models")
    notification = getattr(models, "Notification", None) if models else None
    if notification is None or not user.is_authenticated:
        return None
    return int(notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).count())


def nomination_extras(request: HttpRequest, nomination: Any) -> dict[str, Any]:
    return {}


def nav_links(request: HttpRequest) -> list[dict[str, Any]]:
    """Menu entries for the optional pages this deployment has."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    links: list[dict[str, Any]] = []
    user = request.user
    # Council, decisions and radio belong to the organisation's bodies; units do not see them.
    body = user.is_superuser or bool(permissions.body_organization_ids(user))
    if body and council_available():
        links.append({"name": "council-list", "url": reverse("web:council-list"), "label": _("Council")})
    if body and awards_available():
        links.append({"name": "decisions", "url": reverse("web:decisions"), "label": _("Decisions")})
        if any(g.role == "broadcaster" for g in permissions.grants_of(user)):
            links.append({"name": "broadcasts", "url": reverse("web:broadcasts"), "label": _("Radio")})
    unread = unread_count(user)
    if unread is not None:
        links.append(
            {"name": "notifications", "url": reverse("web:notifications"), "label": _("Notifications"), "badge": unread}
        )
    return links


def awards_available() -> bool:
    awards = module("nominations.awards")
    return awards is not None and hasattr(awards, "decision_create")


def council_available() -> bool:
    council = module("nominations.council")
    return council is not None and hasattr(council, "council_session_create")
