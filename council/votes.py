"""Votes as evidence: each member casts his or her own; a written vote needs the ballot and can be disputed.

Nobody decides alone. The secretary records a written vote (phiếu bằng văn bản) only for a member who
is absent, only with the scanned ballot, and never over a vote the member cast in person; the member
hears of it and may dispute it until the session closes, and a session with an open dispute cannot close.
Every act lands in the session's audit chain.
"""

from __future__ import annotations

from typing import IO, Any

from django.core.files import File
from django.db import transaction
from django.utils import timezone

from core import uploads as files
from core.errors import Refusal, forbidden
from council.tally import recusal_reason, unit_ids_by_member
from nominations import access as permissions
from nominations.models import (
    CouncilSession,
    CouncilVote,
    CouncilVoteDispute,
    DisputeStatus,
    Nominee,
    NomineeResult,
    SessionStatus,
    User,
    VoteChoice,
)
from workflows.audit import outbox_emit, session_audit_append

MAX_BALLOT_BYTES = 10 * 1024 * 1024
BALLOT_TYPES = frozenset({"pdf", "png", "jpg"})


def session_not_found() -> Refusal:
    return Refusal("not_found", "Không tìm thấy phiên họp.", "Council session not found.", status=404)


def session_closed() -> Refusal:
    return Refusal(
        "session_closed",
        "Phiên họp đã kết thúc, không thể thay đổi.",
        "The session is closed and can no longer change.",
        status=409,
    )


def not_a_member() -> Refusal:
    # One answer for "no such user" and "not on this council": the endpoint must not reveal usernames.
    return forbidden(
        "Chỉ thành viên Hội đồng của phiên họp mới được biểu quyết.",
        "Only members of this session's council may vote.",
        code="not_a_member",
    )


def visible_sessions(user: Any) -> Any:
    qs = CouncilSession.objects.all()
    if user.is_superuser:
        return qs
    return qs.filter(organization_id__in=permissions.body_organization_ids(user))


def lock_session(session_id: Any, actor: Any) -> CouncilSession:
    """The session, row-locked, if the actor belongs to one of the organisation's bodies; else 404."""
    return permissions.lock_visible(
        visible_sessions(actor), session_id, missing=session_not_found, related=("organization",)
    )


def _open_session(session_id: Any, actor: Any) -> CouncilSession:
    session = lock_session(session_id, actor)
    if session.status != SessionStatus.OPEN:
        raise session_closed()
    return session


def _agenda_nominee(session: CouncilSession, nominee_id: Any) -> Nominee:
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
    return nominee


def _require_eligible(session: CouncilSession, voter: User, nominee: Nominee) -> None:
    if not session.members.filter(pk=voter.pk).exists():
        raise not_a_member()
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


def _check_choice(choice: str) -> None:
    if choice not in VoteChoice.values:
        raise Refusal("invalid_choice", "Lựa chọn biểu quyết không hợp lệ.", "Invalid vote choice.")


def _resolve_disputes(session: CouncilSession, nominee: Nominee, member: User, status: str) -> int:
    return CouncilVoteDispute.objects.filter(
        session=session, nominee=nominee, member=member, status=DisputeStatus.OPEN
    ).update(status=status, resolved_at=timezone.now())


def council_vote_cast(*, session_id: Any, actor: Any, nominee_id: Any, choice: str) -> CouncilVote:
    """The actor's own vote on a nominee, changeable until the session closes.

    Casting in person replaces a written vote recorded for the member and settles any dispute over it.
    """
    _check_choice(choice)
    with transaction.atomic():
        session = _open_session(session_id, actor)
        nominee = _agenda_nominee(session, nominee_id)
        _require_eligible(session, actor, nominee)
        vote = CouncilVote.objects.select_for_update().filter(session=session, nominee=nominee, member=actor).first()
        previous = None if vote is None else {"choice": vote.choice, "in_writing": vote.in_writing}
        if vote is None:
            vote = CouncilVote(session=session, nominee=nominee, member=actor)
        vote.choice = choice
        vote.in_writing = False
        vote.recorded_by = actor
        vote.cast_at = timezone.now()
        vote.save()
        settled = _resolve_disputes(session, nominee, actor, DisputeStatus.RECAST)
        action = "vote_cast" if previous is None else "vote_changed"
        session_audit_append(
            session=session,
            action=action,
            actor=actor,
            payload={
                "nominee": nominee.pk,
                "member": actor.username,
                "choice": choice,
                "previous": previous,
                "disputes_settled": settled,
            },
        )
    return vote


def council_written_vote_record(
    *,
    session_id: Any,
    actor: Any,
    member_username: str,
    nominee_id: Any,
    choice: str,
    ballot: IO[bytes] | None,
    ballot_size: int,
) -> CouncilVote:
    """The secretary records the written vote of a member absent from the meeting, with the scanned ballot."""
    _check_choice(choice)
    with transaction.atomic():
        session = _open_session(session_id, actor)
        permissions.require_secretary(actor, session.organization_id)
        member = session.members.filter(username=member_username).first()
        if member is None or member.pk == actor.pk:
            raise not_a_member()
        nominee = _agenda_nominee(session, nominee_id)
        _require_eligible(session, member, nominee)
        if ballot is None:
            raise Refusal(
                "ballot_required",
                "Phiếu biểu quyết bằng văn bản phải kèm bản quét của phiếu (PDF hoặc ảnh).",
                "A written vote needs the scanned ballot (PDF or image).",
            )
        if session.votes.filter(member=member, in_writing=False).exists():
            raise Refusal(
                "voted_in_person",
                "Thành viên này có mặt và đã tự biểu quyết tại phiên họp; không ghi phiếu thay.",
                "This member voted in person; a written vote cannot be recorded for him or her.",
                status=409,
            )
        if ballot_size > MAX_BALLOT_BYTES:
            raise files.too_large(MAX_BALLOT_BYTES)
        sniffed = files.sniff(ballot)
        if sniffed.extension not in BALLOT_TYPES:
            raise files.unsupported_type()
        vote = CouncilVote.objects.select_for_update().filter(session=session, nominee=nominee, member=member).first()
        previous = None if vote is None else {"choice": vote.choice}
        vote = vote or CouncilVote(session=session, nominee=nominee, member=member)
        vote.choice = choice
        vote.in_writing = True
        vote.recorded_by = actor
        vote.cast_at = timezone.now()
        vote.ballot_extension = sniffed.extension
        ballot.seek(0)
        digest = files.sha256_of(ballot)
        ballot.seek(0)
        vote.ballot.save(f"ballot.{sniffed.extension}", File(ballot), save=False)
        vote.save()
        session_audit_append(
            session=session,
            action="written_vote_recorded",
            actor=actor,
            payload={
                "nominee": nominee.pk,
                "member": member.username,
                "choice": choice,
                "previous": previous,
                "ballot": vote.ballot.name,
                "ballot_sha256": digest,
            },
        )
        outbox_emit(
            event="council.written_vote",
            organization_id=session.organization_id,
            actor=actor,
            payload={
                "session": session.pk,
                "title": session.title,
                "nominee_name": nominee.name,
                "choice": VoteChoice(choice).label,
                "recipient_ids": [member.pk],
            },
        )
    return vote


def council_vote_dispute(*, session_id: Any, actor: Any, nominee_id: Any, reason: str) -> CouncilVoteDispute:
    """The member objects to a written vote recorded in his or her name; the session cannot close meanwhile."""
    reason = (reason or "").strip()
    with transaction.atomic():
        session = _open_session(session_id, actor)
        vote = session.votes.filter(member=actor, nominee_id=nominee_id, in_writing=True).first()
        if vote is None:
            raise Refusal(
                "no_written_vote",
                "Không có phiếu bằng văn bản nào được ghi nhận thay đồng chí cho trường hợp này.",
                "No written vote was recorded in your name for this nominee.",
                status=404,
            )
        if not reason:
            raise Refusal("reason_required", "Cần nêu lý do khiếu nại.", "Give the reason for the dispute.")
        if CouncilVoteDispute.objects.filter(
            session=session, nominee_id=vote.nominee_id, member=actor, status=DisputeStatus.OPEN
        ).exists():
            raise Refusal(
                "dispute_open",
                "Khiếu nại về phiếu này đang chờ giải quyết.",
                "A dispute over this vote is already open.",
                status=409,
            )
        dispute = CouncilVoteDispute.objects.create(
            session=session, nominee_id=vote.nominee_id, member=actor, reason=reason, opened_at=timezone.now()
        )
        session_audit_append(
            session=session,
            action="written_vote_disputed",
            actor=actor,
            payload={"nominee": vote.nominee_id, "member": actor.username, "reason": reason},
        )
        outbox_emit(
            event="council.vote_disputed",
            organization_id=session.organization_id,
            actor=actor,
            payload={"session": session.pk, "title": session.title, "member": actor.full_name or actor.username},
        )
    return dispute


def council_written_vote_withdraw(*, session_id: Any, actor: Any, member_username: str, nominee_id: Any) -> None:
    """The secretary takes back a written vote (e.g. the disputed one); any dispute over it is settled."""
    with transaction.atomic():
        session = _open_session(session_id, actor)
        permissions.require_secretary(actor, session.organization_id)
        vote = (
            session.votes.select_for_update()
            .filter(member__username=member_username, nominee_id=nominee_id, in_writing=True)
            .select_related("member")
            .first()
        )
        if vote is None:
            raise Refusal(
                "no_written_vote",
                "Không có phiếu bằng văn bản nào như vậy.",
                "There is no such written vote.",
                status=404,
            )
        member, nominee = vote.member, vote.nominee
        vote.delete()  # the scan stays in storage; the chain keeps its name and hash
        settled = _resolve_disputes(session, nominee, member, DisputeStatus.WITHDRAWN)
        session_audit_append(
            session=session,
            action="written_vote_withdrawn",
            actor=actor,
            payload={"nominee": nominee.pk, "member": member.username, "disputes_settled": settled},
        )


def open_disputes(session: CouncilSession) -> int:
    return session.disputes.filter(status=DisputeStatus.OPEN).count()
