"""What waits for a person beyond the files in the queue, and where each waiting file's work is done.

The queue lists files by state; a file waiting for the council or a decision is worked on the
session's or the decision's page, so the home page points there instead of at the file.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from awards import selectors as award_selectors
from council import services as council
from nominations import access as permissions
from nominations.models import CouncilAgendaItem, DecisionItem, DecisionKind, DecisionStatus, Role, SessionStatus
from nominations.states import Status


def decisions_to_sign(user: Any) -> list[Any]:
    """Draft decisions of the organisations where this person signs."""
    orgs = {g.organization_id for g in permissions.grants_of(user) if g.role == Role.SIGNER}
    if not orgs:
        return []
    return list(
        award_selectors.visible_decisions(user)
        .filter(status=DecisionStatus.DRAFT, organization_id__in=orgs)
        .order_by("created_at", "id")
    )


def sessions_to_vote(user: Any) -> list[Any]:
    """Open sessions this person sits on and has not yet voted on every nominee of."""
    sessions = list(
        council.visible_sessions(user)
        .filter(status=SessionStatus.OPEN, members=user)
        .order_by("held_on", "id")
        .distinct()
    )
    waiting = []
    for session in sessions:
        nominees = session.nominations.values_list("nominees", flat=True)
        voted = session.votes.filter(member_id=user.pk).count()
        if voted < len([n for n in nominees if n is not None]):
            waiting.append(session)
    return waiting


def decisions_to_issue(user: Any) -> list[Any]:
    """Signed decisions whose certificates the secretary has still to issue."""
    if not permissions.has_role(user, Role.SECRETARY):
        return []
    return list(
        award_selectors.visible_decisions(user).filter(status=DecisionStatus.SIGNED).order_by("signed_on", "id")
    )


def attach_work_links(rows: list[Any]) -> list[Any]:
    """Give each waiting file the page where its next step is done, and that step's name."""
    ids = [n.pk for n in rows]
    sessions = dict(
        CouncilAgendaItem.objects.filter(nomination_id__in=ids, session__status=SessionStatus.OPEN).values_list(
            "nomination_id", "session_id"
        )
    )
    decided = dict(
        DecisionItem.objects.filter(nomination_id__in=ids, decision__kind=DecisionKind.AWARD).values_list(
            "nomination_id", "decision_id"
        )
    )
    for n in rows:
        n.work_url, n.work_label = reverse("web:nomination-detail", args=[n.pk]), _("Open the file")
        if n.status == Status.RECOMMENDED:
            n.work_url, n.work_label = reverse("web:council-list") + "#convene-title", _("Convene a council session")
        elif n.status == Status.IN_COUNCIL and n.pk in sessions:
            n.work_url = reverse("web:council-detail", args=[sessions[n.pk]])
            n.work_label = _("Open the council session")
        elif n.status == Status.APPROVED and n.pk in decided:
            n.work_url = reverse("web:decision-detail", args=[decided[n.pk]])
            n.work_label = _("Open the draft decision")
        elif n.status == Status.APPROVED:
            n.work_url, n.work_label = reverse("web:decisions") + "#draft-title", _("Draft the decision")
        elif n.status == Status.DECIDED and n.pk in decided:
            n.work_url = reverse("web:decision-detail", args=[decided[n.pk]])
            n.work_label = _("Issue the certificates")
    return rows
