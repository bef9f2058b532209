"""Council sessions: convening, voting (in person or in writing), recusal, quorum, threshold, closing.

The rules are data on the organisation and the award kind (SPEC.md §3): quorum as a fraction of all
members, approval threshold as a percentage of all members, whether
reaching the threshold exactly passes, and whether the chair breaks a tie at the threshold.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from core import clock
from core.errors import Refusal, forbidden
from council.documents import minutes_freeze
from council.tally import recusal_reason, session_tally
from council.votes import (
    council_vote_cast,
    council_vote_dispute,
    council_written_vote_record,
    council_written_vote_withdraw,
    lock_session,
    open_disputes,
    session_closed,
    session_not_found,
    visible_sessions,
)
from documents.minutes import MinutesDoc
from nominations import access as permissions
from nominations.access import require_secretary
from nominations.models import (
    CouncilAgendaItem,
    CouncilSession,
    Membership,
    Nominee,
    NomineeResult,
    Role,
    SessionStatus,
    User,
)
from nominations.signing_keys import personal_signing
from nominations.states import Status
from workflows.audit import outbox_emit, session_audit_append
from workflows.quotas import awards_within_quota
from workflows.services import apply_transition, lock_nomination

# The voting services live in council.votes; callers reach them here as the council's one front door.
__all__ = [
    "council_members",
    "council_session_close",
    "council_session_create",
    "council_vote_cast",
    "council_vote_dispute",
    "council_written_vote_record",
    "council_written_vote_withdraw",
    "recusal_reason",
    "session_closed",
    "session_not_found",
    "session_tally",
    "visible_sessions",
]

# --- Selectors -------------------------------------------------------------------------------


def council_members(organization_id: int) -> list[User]:
    return list(
        User.objects.filter(
            memberships__organization_id=organization_id, memberships__role=Role.COUNCIL_MEMBER, is_active=True
        )
        .distinct()
        .order_by("id")
    )


# --- Services --------------------------------------------------------------------------------


def _secretary_organization(actor: Any) -> int:
    grants = [g for g in permissions.grants_of(actor) if g.role == Role.SECRETARY]
    if not grants:
        require_secretary(actor, -1)
    return grants[0].organization_id


def council_session_create(
    *, actor: Any, title: str, held_on: Any, nomination_ids: Sequence[Any], client_ip: str | None = None
) -> CouncilSession:
    """Convene a session over recommended files; they move to in_council."""
    organization_id = _secretary_organization(actor)
    if not nomination_ids:
        raise Refusal("no_nominations", "Phiên họp cần ít nhất một hồ sơ.", "A session needs at least one file.")
    with transaction.atomic():
        members = council_members(organization_id)
        if not members:
            raise Refusal(
                "no_council",
                "Cơ quan chưa có thành viên Hội đồng TĐKT.",
                "The organisation has no council members.",
            )
        chair = next(
            (
                m
                for m in members
                if Membership.objects.filter(user=m, organization_id=organization_id, role=Role.COUNCIL_CHAIR).exists()
            ),
            None,
        )
        session = CouncilSession.objects.create(
            organization_id=organization_id, title=title, held_on=held_on, chair=chair, created_by=actor
        )
        session.members.set(members)
        agenda: list[dict[str, str]] = []
        session_audit_append(
            session=session,
            action="session_convened",
            actor=actor,
            payload={"members": [m.username for m in members], "chair": chair.username if chair else None},
        )
        for order, nomination_id in enumerate(sorted({str(n) for n in nomination_ids})):
            nomination = lock_nomination(nomination_id)
            if not permissions.can_see(actor, nomination) or nomination.organization_id != organization_id:
                raise Refusal("not_found", "Không tìm thấy hồ sơ.", "Not found.", status=404)
            if nomination.status != Status.RECOMMENDED:
                raise Refusal(
                    "not_recommended",
                    f"Hồ sơ {nomination.reference} chưa được trình Hội đồng (trạng thái: {nomination.status}).",
                    f"The file {nomination.reference} has not been recommended (state: {nomination.status}).",
                    status=409,
                )
            CouncilAgendaItem.objects.create(session=session, nomination=nomination, order=order)
            agenda.append({"id": str(nomination.pk), "reference": nomination.reference, "title": nomination.title})
            apply_transition(
                nomination=nomination,
                name="place_in_council",
                actor=actor,
                comment=f"Đưa vào phiên họp «{title}» ngày {held_on:%d/%m/%Y}.",
                client_ip=client_ip,
                payload={"session": session.pk},
            )
        outbox_emit(
            event="council.agenda",
            organization_id=organization_id,
            actor=actor,
            # Members read what they vote on from the notice itself: each file on the agenda, linked.
            payload={"session": session.pk, "title": title, "held_on": held_on.isoformat(), "files": agenda},
        )
    return session


def council_session_close(*, session_id: Any, actor: Any, client_ip: str | None = None) -> CouncilSession:
    """Tally, set each nominee's result, and move each file to approved or not_approved."""
    with transaction.atomic():
        session = lock_session(session_id, actor)
        organization_id = session.organization_id
        if not (
            permissions.has_role(actor, Role.COUNCIL_CHAIR, organization_id=organization_id)
            or permissions.has_role(actor, Role.SECRETARY, organization_id=organization_id)
        ):
            raise forbidden(
                "Chỉ Chủ tịch Hội đồng hoặc Thường trực Hội đồng mới được kết thúc phiên họp.",
                "Only the council's chair or secretary may close the session.",
                code="chair_or_secretary_only",
            )
        if session.status != SessionStatus.OPEN:
            raise session_closed()
        disputed = open_disputes(session)
        if disputed:
            raise Refusal(
                "vote_disputed",
                f"Còn {disputed} khiếu nại về phiếu biểu quyết bằng văn bản chưa được giải quyết.",
                f"{disputed} dispute(s) over written votes are still open.",
                status=409,
                extra={"open_disputes": disputed},
            )
        nomination_ids = sorted(str(pk) for pk in session.agenda.values_list("nomination_id", flat=True))
        nominations = [lock_nomination(pk) for pk in nomination_ids]
        tally = session_tally(session)
        if not tally.quorum_met:
            raise Refusal(
                "no_quorum",
                f"Phiên họp chưa đủ tỷ lệ thành viên tham gia biểu quyết: {len(tally.present)}/"
                f"{len(tally.members)}, cần ít nhất {tally.quorum}.",
                f"No quorum: {len(tally.present)} of {len(tally.members)} members voted, {tally.quorum} needed.",
                extra={"present": len(tally.present), "quorum": tally.quorum},
            )
        outcomes: dict[str, list[int]] = defaultdict(list)
        by_nomination: dict[Any, list[str]] = defaultdict(list)
        for item in tally.items:
            if item.nominee.result == NomineeResult.PENDING:
                outcomes[item.outcome].append(item.nominee.pk)
            by_nomination[item.nominee.nomination_id].append(item.outcome)
        approving = {
            nomination_id: outcomes_of.count(NomineeResult.APPROVED)
            for nomination_id, outcomes_of in by_nomination.items()
        }
        refusal = awards_within_quota(approving, {n.pk: n for n in nominations})
        if refusal is not None:
            raise refusal
        for outcome, ids in outcomes.items():
            Nominee.objects.filter(pk__in=ids).update(result=outcome)
        for nomination in nominations:
            if nomination.status != Status.IN_COUNCIL:
                continue
            approved = by_nomination.get(nomination.pk, []).count(NomineeResult.APPROVED)
            apply_transition(
                nomination=nomination,
                name="council_approve" if approved else "council_reject",
                actor=actor,
                comment=f"Phiên họp «{session.title}»: {approved} trường hợp được thông qua.",
                client_ip=client_ip,
                payload={"session": session.pk, "approved": approved},
            )
        for item in tally.items:
            for member in item.recused:
                session_audit_append(
                    session=session,
                    action="recused",
                    actor=actor,
                    payload={"nominee": item.nominee.pk, "member": member.username},
                )
        session_audit_append(
            session=session,
            action="session_closed",
            actor=actor,
            payload={
                "results": {str(item.nominee.pk): item.outcome for item in tally.items},
                "present": sorted(m.username for m in tally.members if m.pk in tally.present),
            },
        )
        session.status = SessionStatus.CLOSED
        session.quorum_met = True
        session.closed_by = actor
        session.closed_at = timezone.now()
        session.save(update_fields=["status", "quorum_met", "closed_by", "closed_at"])
        # The minutes as closed are the record; later changes to people or the council never reach them.
        # Signed by the chair who closes them, when he or she holds a key here (the admin registers it).
        chair_signing = (
            personal_signing(
                session.organization,
                actor,
                title=MinutesDoc.chair_title,
                reason=f"Chủ trì phiên họp: {session.title}",
            )
            if actor.pk == session.chair_id
            else None
        )
        minutes_freeze(session, sign=chair_signing)
        outbox_emit(
            event="council.closed",
            organization_id=organization_id,
            actor=actor,
            payload={"session": session.pk, "on": clock.today().isoformat()},
        )
    return session
