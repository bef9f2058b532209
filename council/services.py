"""Council sessions: convening, voting (in person or in writing), recusal, quorum, threshold, closing.

The rules are data on the organisation and the award kind (SPEC.md §3): quorum as a fraction of all
members, approval threshold as a percentage of all members, whether
reaching the threshold exactly passes, and whether the chair breaks a tie at the threshold.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import IO, Any

from django.db import transaction
from django.utils import timezone

from core import clock
from core import uploads as files
from core.errors import Refusal, forbidden
from council.documents import minutes_freeze
from council.tally import recusal_reason, session_tally, unit_ids_by_member
from nominations import access as permissions
from nominations.access import lock_visible, require_secretary
from nominations.models import (
    CouncilAgendaItem,
    CouncilSession,
    CouncilVote,
    Membership,
    Nominee,
    NomineeResult,
    Role,
    SessionStatus,
    User,
    VoteChoice,
)
from nominations.states import Status
from workflows.audit import audit_record, outbox_emit, session_chain
from workflows.quotas import awards_within_quota
from workflows.services import apply_transition, lock_nomination

MAX_BALLOT_BYTES = 10 * 1024 * 1024


def session_not_found() -> Refusal:
    return Refusal("not_found", "Không tìm thấy phiên họp.", "Council session not found.", status=404)


def session_closed() -> Refusal:
    return Refusal(
        "session_closed",
        "Phiên họp đã kết thúc, không thể thay đổi.",
        "The session is closed and can no longer change.",
        status=409,
    )


# --- Selectors -------------------------------------------------------------------------------


def council_members(organization_id: int) -> list[User]:
    return list(
        User.objects.filter(
            memberships__organization_id=organization_id, memberships__role=Role.COUNCIL_MEMBER, is_active=True
        )
        .distinct()
        .order_by("id")
    )


def visible_sessions(user: Any) -> Any:
    qs = CouncilSession.objects.all()
    if user.is_superuser:
        return qs
    return qs.filter(organization_id__in=permissions.body_organization_ids(user))


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
        audit_record(
            chain=session_chain(session.pk),
            event="council.opened",
            actor=actor,
            details={
                "title": title,
                "nominations": sorted(str(n) for n in nomination_ids),
                "members": sorted(m.username for m in members),
            },
            client_ip=client_ip,
        )
        outbox_emit(
            event="council.agenda",
            organization_id=organization_id,
            actor=actor,
            # Members read what they vote on from the notice itself: each file on the agenda, linked.
            payload={"session": session.pk, "title": title, "held_on": held_on.isoformat(), "files": agenda},
        )
    return session


def _lock_open_session(session_id: Any, actor: Any) -> CouncilSession:
    session = lock_visible(visible_sessions(actor), session_id, missing=session_not_found, related=("organization",))
    return session


def council_vote_cast(
    *,
    session_id: Any,
    actor: Any,
    nominee_id: Any,
    choice: str,
    member: User | None = None,
    ballot: IO[bytes] | None = None,
    ballot_size: int = 0,
) -> CouncilVote:
    """A member's vote on a nominee, changeable until the session closes.

    With ``member`` set, the secretary records the written vote of a member absent from the meeting,
    optionally with the scanned ballot.
    """
    if choice not in VoteChoice.values:
        raise Refusal("invalid_choice", "Lựa chọn biểu quyết không hợp lệ.", "Invalid vote choice.")
    with transaction.atomic():
        session = _lock_open_session(session_id, actor)
        in_writing = member is not None and member.pk != actor.pk
        voter = member if in_writing else actor
        assert voter is not None
        if in_writing:
            require_secretary(actor, session.organization_id)
        if session.status != SessionStatus.OPEN:
            raise session_closed()
        if not session.members.filter(pk=voter.pk).exists():
            raise forbidden(
                "Chỉ thành viên Hội đồng của phiên họp mới được biểu quyết.",
                "Only members of this session's council may vote.",
                code="not_a_member",
            )
        try:
            nominee = Nominee.objects.select_related("nomination").get(
                pk=nominee_id, nomination__agenda_items__session=session
            )
        except (Nominee.DoesNotExist, ValueError, TypeError) as exc:
            raise Refusal(
                "nominee_not_on_agenda",
                "Người được đề nghị này không có trong phiên họp.",
                "This nominee is not on the session's agenda.",
            ) from exc
        if nominee.result != NomineeResult.PENDING:
            raise Refusal(
                "nominee_not_pending",
                "Người / tập thể này đã bị loại hoặc đã có kết quả, không biểu quyết.",
                "This nominee was excluded or already has a result.",
            )
        reason = recusal_reason(member=voter, nominee=nominee, member_unit_ids=unit_ids_by_member([voter])[voter.pk])
        if reason == "unit":
            raise forbidden(
                "Thành viên thuộc đơn vị đề nghị nên không biểu quyết đối với trường hợp này.",
                "The member belongs to the nominating unit and is recused from this item.",
                code="recused",
            )
        if reason == "nominee":
            raise forbidden(
                "Thành viên là người được đề nghị nên không biểu quyết đối với trường hợp này.",
                "The member is the nominee and is recused from this item.",
                code="recused",
            )
        has_own_votes = session.votes.filter(member=voter, in_writing=False).exclude(nominee=nominee).exists()
        if in_writing and has_own_votes:
            raise Refusal(
                "member_present",
                "Thành viên này có mặt và đã tự biểu quyết tại phiên họp.",
                "This member is present and votes in person.",
            )
        vote = CouncilVote.objects.filter(session=session, nominee=nominee, member=voter).first() or CouncilVote(
            session=session, nominee=nominee, member=voter
        )
        vote.choice = choice
        vote.in_writing = in_writing
        vote.recorded_by = actor
        vote.cast_at = timezone.now()
        if ballot is not None:
            if ballot_size > MAX_BALLOT_BYTES:
                raise files.too_large(MAX_BALLOT_BYTES)
            sniffed = files.sniff(ballot)
            vote.ballot_extension = sniffed.extension
            vote.ballot.save(f"ballot.{sniffed.extension}", _django_file(ballot), save=False)
        vote.save()
        audit_record(
            chain=session_chain(session.pk),
            event="council.vote",
            actor=actor,
            target=choice,
            details={
                "nominee": nominee.pk,
                "member": voter.username,
                "in_writing": in_writing,
                "ballot": vote.ballot.name or "",
            },
        )
    return vote


def _django_file(stream: IO[bytes]) -> Any:
    from django.core.files import File

    stream.seek(0)
    return File(stream)


def council_session_close(*, session_id: Any, actor: Any, client_ip: str | None = None) -> CouncilSession:
    """Tally, set each nominee's result, and move each file to approved or not_approved."""
    with transaction.atomic():
        session = _lock_open_session(session_id, actor)
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
        session.status = SessionStatus.CLOSED
        session.quorum_met = True
        session.closed_by = actor
        session.closed_at = timezone.now()
        session.save(update_fields=["status", "quorum_met", "closed_by", "closed_at"])
        audit_record(
            chain=session_chain(session.pk),
            event="council.closed",
            actor=actor,
            details={
                "results": {str(item.nominee.pk): item.outcome for item in tally.items},
                "present": sorted(tally.present),
            },
            client_ip=client_ip,
        )
        # The minutes as closed are the record; later changes to people or the council never reach them.
        minutes_freeze(session)
        outbox_emit(
            event="council.closed",
            organization_id=organization_id,
            actor=actor,
            payload={"session": session.pk, "on": clock.today().isoformat()},
        )
    return session
