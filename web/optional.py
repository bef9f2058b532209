"""What the shared layout and the file page add around the lifecycle: the menu entries a person's
roles open, the unread badge, and the title track's score-sheet card on a file.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from nominations.models import Role, Track
from notifications.models import Notification
from workflows import permissions


def unread_count(user: Any) -> int | None:
    """Unread in-app notices of a signed-in person."""
    if not user.is_authenticated:
        return None
    return int(Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).count())


def nomination_extras(request: HttpRequest, nomination: Any) -> dict[str, Any]:
    """Cards the file page shows below its documents."""
    if nomination.award_kind.track != Track.TITLE:
        return {}
    from .scoring_pages import scoring_mode

    return {
        "sections": [
            {
                "template": "web/_scoring_card.html",
                "data": {"mode": scoring_mode(request.user, nomination)},
            }
        ]
    }


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
    unread = unread_count(user)
    if unread is not None:
        links.append(
            {"name": "notifications", "url": reverse("web:notifications"), "label": _("Notifications"), "badge": unread}
        )
    return links
