"""Review in steps (SPEC.md §1–§3): inside `under_review` the head (or the intake clerk) assigns a case
officer, the officer appraises and proposes, and the head accepts the proposal or sends it back.

The file's status stays the one status; these steps write who does what (ReviewAssignment), the audit
entry and the notice, and hand the next human task out through the flow (flow_advance).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from core.errors import Refusal, forbidden, not_found, stale_version
from nominations import access as permissions
from nominations.models import Membership, Nomination, Proposal, ReviewAssignment, Role, User
from workflows.audit import record_act
from workflows.flows import review_stage
from workflows.services import (
    OPEN_TASK_STATUSES,
    apply_transition,
    check_requested_transition,
    flow_advance,
    lock_nomination,
    version_bump,
)

PROPOSALS_BY_TRACK = {
    "commendation": {Proposal.RECOMMEND, Proposal.RETURN, Proposal.REJECT},
    "title": {Proposal.RECOGNIZE, Proposal.RETURN, Proposal.REJECT},
}


def _lock_at(*, nomination_id: Any, actor: Any, stage: str | tuple[str, ...], version: int | None) -> Nomination:
    nomination = lock_nomination(nomination_id)
    if not permissions.can_see(actor, nomination):
        raise not_found()
    current = review_stage(nomination)
    stages = (stage,) if isinstance(stage, str) else stage
    if current not in stages:
        raise Refusal(
            "wrong_review_step",
            "Hồ sơ không ở bước thẩm định này.",
            "The file is not at this step of review.",
            status=409,
            extra={"step": current},
        )
    if version is not None and version != nomination.version:
        raise stale_version(nomination.version)
    return nomination


def _hand_to(nomination: Nomination, user: Any) -> None:
    """The officer's appraisal task waits for that officer by name, not for every reviewer."""
    Task.objects.filter(
        process__nominationprocess__nomination_id=nomination.pk,
        flow_task_type="HUMAN",
        status__in=OPEN_TASK_STATUSES,
    ).update(owner=user, status=STATUS.ASSIGNED, assigned=timezone.now())


def _step(
    nomination: Nomination, *, actor: Any, name: str, comment: str, recipients: list[int], client_ip: Any
) -> None:
    version_bump(nomination)
    record_act(
        nomination=nomination,
        act=name,
        actor=actor,
        comment=comment,
        client_ip=client_ip,
        payload={"recipient_ids": recipients, "comment": comment},
    )
    flow_advance(nomination=nomination, actor=actor)


def review_assign(
    *, nomination_id: Any, actor: Any, officer: str, version: int | None = None, client_ip: str | None = None
) -> ReviewAssignment:
    """The head or the intake clerk names the case officer of a file under review."""
    with transaction.atomic():
        nomination = _lock_at(nomination_id=nomination_id, actor=actor, stage=("assign", "appraise"), version=version)
        org = nomination.organization_id
        if not any(permissions.has_role(actor, r, organization_id=org) for r in (Role.REVIEW_HEAD, Role.REVIEW_CLERK)):
            raise forbidden(
                "Chỉ lãnh đạo hoặc bộ phận tiếp nhận mới phân công cán bộ thẩm định.",
                "Only the head or the intake clerk assigns the case officer.",
                code="assigner_only",
            )
        person = User.objects.filter(username=officer, is_active=True).first()
        if (
            person is None
            or not Membership.objects.filter(user_id=person.pk, organization_id=org, role=Role.REVIEWER).exists()
        ):
            raise Refusal(
                "not_an_officer",
                "Người được phân công phải là cán bộ thẩm định của cơ quan.",
                "The case officer must be one of the body's reviewers.",
            )
        if person.pk in (nomination.created_by_id, nomination.submitted_by_id):
            raise forbidden(
                "Không phân công người đã lập hoặc gửi hồ sơ thẩm định chính hồ sơ đó.",
                "Whoever prepared or submitted the file may not appraise it.",
                code="segregation_of_duties",
            )
        assignment = getattr(nomination, "review_assignment", None) or ReviewAssignment(nomination=nomination)
        first = assignment.pk is None
        assignment.officer = person
        assignment.assigned_by = actor
        assignment.assigned_at = timezone.now()
        assignment.save()
        nomination.review_assignment = assignment
        comment = f"Phân công {person} thẩm định hồ sơ."
        if first:
            _step(nomination, actor=actor, name="assign", comment=comment, recipients=[person.pk], client_ip=client_ip)
        else:
            version_bump(nomination)
            record_act(nomination=nomination, act="assign", actor=actor, comment=comment, client_ip=client_ip)
        _hand_to(nomination, person)
    return assignment


def review_propose(
    *,
    nomination_id: Any,
    actor: Any,
    proposal: str,
    opinion: str,
    version: int | None = None,
    client_ip: str | None = None,
) -> ReviewAssignment:
    """The case officer's appraisal: an opinion and what to do with the file, for the head to decide."""
    opinion = (opinion or "").strip()
    with transaction.atomic():
        nomination = _lock_at(nomination_id=nomination_id, actor=actor, stage="appraise", version=version)
        assignment = nomination.review_assignment
        if assignment.officer_id != actor.pk:
            raise forbidden(
                f"Hồ sơ được phân công cho {assignment.officer}, không phải bạn.",
                f"The file is assigned to {assignment.officer.username}, not to you.",
                code="not_the_officer",
            )
        if proposal not in PROPOSALS_BY_TRACK[nomination.award_kind.track]:
            raise Refusal(
                "invalid_proposal",
                "Đề xuất không hợp lệ cho hình thức này.",
                "This proposal does not apply to this award.",
                extra={"allowed": sorted(PROPOSALS_BY_TRACK[nomination.award_kind.track])},
            )
        if not opinion:
            raise Refusal("opinion_required", "Cần ghi ý kiến thẩm định.", "Write the appraisal opinion.")
        assignment.proposal = proposal
        assignment.opinion = opinion
        assignment.proposed_at = timezone.now()
        assignment.sent_back_note = ""
        assignment.save(update_fields=["proposal", "opinion", "proposed_at", "sent_back_note"])
        heads = list(
            Membership.objects.filter(organization_id=nomination.organization_id, role=Role.REVIEW_HEAD).values_list(
                "user_id", flat=True
            )
        )
        label = Proposal(proposal).label
        _step(
            nomination,
            actor=actor,
            name="propose",
            comment=f"Đề xuất: {label}. {opinion}",
            recipients=heads,
            client_ip=client_ip,
        )
    return assignment


def review_decide(
    *,
    nomination_id: Any,
    actor: Any,
    accept: bool,
    note: str = "",
    version: int | None = None,
    client_ip: str | None = None,
) -> Nomination:
    """The head accepts the officer's proposal (the file moves as proposed) or sends it back with a note."""
    note = (note or "").strip()
    with transaction.atomic():
        nomination = _lock_at(nomination_id=nomination_id, actor=actor, stage="decision", version=version)
        assignment = nomination.review_assignment
        if not permissions.has_role(actor, Role.REVIEW_HEAD, organization_id=nomination.organization_id):
            raise forbidden(
                "Chỉ lãnh đạo cơ quan thẩm định mới duyệt đề xuất.",
                "Only the reviewing body's head decides on the proposal.",
                code="head_only",
            )
        if accept:
            proposal, opinion = assignment.proposal, assignment.opinion
            comment = f"{opinion}" + (f" — {note}" if note else "")
            check_requested_transition(nomination=nomination, name=proposal, actor=actor, version=None, comment=comment)
            # The proposal is spent: a file that comes back later is appraised again.
            assignment.proposal = ""
            assignment.save(update_fields=["proposal"])
            return apply_transition(
                nomination=nomination, name=proposal, actor=actor, comment=comment, client_ip=client_ip
            )
        if not note:
            raise Refusal(
                "note_required",
                "Cần ghi ý kiến khi trả đề xuất cho cán bộ thẩm định.",
                "Write a note when sending the proposal back to the officer.",
            )
        assignment.proposal = ""
        assignment.sent_back_note = note
        assignment.save(update_fields=["proposal", "sent_back_note"])
        _step(
            nomination,
            actor=actor,
            name="send_back",
            comment=note,
            recipients=[assignment.officer_id],
            client_ip=client_ip,
        )
        _hand_to(nomination, assignment.officer)
    return nomination
