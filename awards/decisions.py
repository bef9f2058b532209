"""Decisions: drafting and signing (numbering, signatures; a revocation takes effect at signing).

Numbers are given only at signing (decisions) and at issuance (the award register), from a
per-(organisation, year) counter row locked inside the same transaction: a transaction that rolls
back gives its number back, so the sequences stay gapless and unique under concurrency.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import IO, Any

from django.db import IntegrityError, transaction

from awards.broadcasts import broadcast_schedule
from awards.digital_signature import digital_signing, keep_signed_scan, signature_required
from awards.documents import decision_freeze
from awards.revocations import revoke_for_decision
from awards.selectors import (
    decision_not_found,
    visible_decisions,
)
from awards.signing import number_taken, register_number, signing_person
from core.errors import Refusal, forbidden
from nominations import access as permissions
from nominations.access import acting_for, lock_visible, require_secretary
from nominations.models import (
    AwardKind,
    Decision,
    DecisionItem,
    DecisionKind,
    DecisionStatus,
    Nomination,
    Produces,
    RegisterKind,
    Role,
    SignatureKind,
)
from nominations.numbering import register_of
from nominations.states import Status
from workflows.audit import audit_record, decisions_chain, outbox_emit, record_act
from workflows.services import apply_transition, lock_nomination


def lock_nominations(ids: Sequence[Any]) -> list[Nomination]:
    # One order for every caller, so two transactions locking overlapping files cannot deadlock.
    return [lock_nomination(pk) for pk in sorted({str(pk) for pk in ids})]


def default_summary(award_kind: AwardKind) -> str:
    if award_kind.produces == Produces.BROADCAST:
        return f"Về việc {award_kind.name[:1].lower()}{award_kind.name[1:]}"
    verb = "công nhận danh hiệu" if award_kind.produces == Produces.RECOGNITION else "tặng"
    return f"Về việc {verb} {award_kind.name}"


def decision_create(
    *, actor: Any, nomination_ids: Sequence[Any], summary: str = "", client_ip: str | None = None
) -> Decision:
    """Draft a decision over the approved nominees of approved files of one award kind."""
    if not nomination_ids:
        raise Refusal("no_nominations", "Quyết định cần ít nhất một hồ sơ.", "A decision needs at least one file.")
    with transaction.atomic():
        nominations = lock_nominations(nomination_ids)
        for nomination in nominations:
            if not permissions.can_see(actor, nomination):
                raise Refusal("not_found", "Không tìm thấy hồ sơ.", "Not found.", status=404)
        organization_ids = {n.organization_id for n in nominations}
        organization_id = nominations[0].organization_id
        require_secretary(actor, organization_id)
        if len(organization_ids) > 1:
            raise Refusal(
                "mixed_organizations",
                "Các hồ sơ thuộc nhiều cơ quan khác nhau.",
                "The files belong to different organisations.",
            )
        award_kinds = {n.award_kind_id for n in nominations}
        if len(award_kinds) > 1:
            raise Refusal(
                "mixed_award_kinds",
                "Một quyết định chỉ gồm các hồ sơ cùng một hình thức khen thưởng.",
                "A decision covers files of a single award kind.",
            )
        not_ready = [n.reference for n in nominations if n.status != Status.APPROVED]
        if not_ready:
            raise Refusal(
                "not_approved",
                "Hồ sơ chưa được thông qua: " + ", ".join(not_ready) + ".",
                "Files not approved: " + ", ".join(not_ready) + ".",
                status=409,
            )
        taken = list(
            DecisionItem.objects.filter(nomination__in=nominations, decision__kind=DecisionKind.AWARD).values_list(
                "nomination__reference", flat=True
            )
        )
        if taken:
            raise Refusal(
                "already_in_decision",
                "Hồ sơ đã có trong một quyết định khác: " + ", ".join(taken) + ".",
                "Files already in another decision: " + ", ".join(taken) + ".",
                status=409,
            )
        award_kind = nominations[0].award_kind
        decision = Decision.objects.create(
            organization_id=organization_id,
            kind=DecisionKind.AWARD,
            award_kind=award_kind,
            summary=summary.strip() or default_summary(award_kind),
            drafted_by=actor,
        )
        DecisionItem.objects.bulk_create([DecisionItem(decision=decision, nomination=n) for n in nominations])
        for nomination in nominations:
            record_act(
                nomination=nomination,
                act="decision_draft",
                actor=actor,
                comment=f"Đưa vào dự thảo quyết định #{decision.pk}.",
                client_ip=client_ip,
            )
        audit_record(
            chain=decisions_chain(organization_id),
            event="decision.drafted",
            actor=actor,
            details={"decision": decision.pk, "nominations": [str(n.pk) for n in nominations]},
            client_ip=client_ip,
        )
        # The signer hears of a draft at once, so it does not sit unseen until someone asks.
        outbox_emit(
            event="decision.drafted",
            organization_id=organization_id,
            actor=actor,
            payload={"decision": decision.pk, "summary": decision.summary, "count": len(nominations)},
        )
    return decision


def lock_decision(decision_id: Any, actor: Any) -> Decision:
    return lock_visible(visible_decisions(actor), decision_id, missing=decision_not_found)


def decision_files(decision: Decision) -> list[Any]:
    if decision.kind == DecisionKind.REVOCATION:
        return [decision.revoked_certificate.nominee.nomination_id]  # type: ignore[union-attr]
    return list(decision.items.values_list("nomination_id", flat=True))


def decision_sign(
    *,
    decision_id: Any,
    actor: Any,
    number: str | None = None,
    signed_on: datetime.date | None = None,
    signer: Any = None,
    signed_scan: IO[bytes] | None = None,
    signed_scan_size: int = 0,
    client_ip: str | None = None,
) -> Decision:
    """Sign: the next number of the yearly register, or the number the văn thư gave it in the organisation's
    own register (with the signing date and who signed); award files → decided; a revocation takes effect.

    The decision is signed only with a signature: the signer's registered key (and the organisation's seal)
    on the stored PDF when the signer acts in person, or the scan of the paper original signed and stamped.
    """
    with transaction.atomic():
        decision = lock_decision(decision_id, actor)
        mode, symbol = register_of(decision.organization, RegisterKind.DECISION)
        actor_signs = actor
        actor = signing_person(decision, actor, signer, mode)
        if decision.status != DecisionStatus.DRAFT:
            raise Refusal(
                "already_signed", "Quyết định đã được ký.", "The decision has already been signed.", status=409
            )
        if decision.drafted_by_id == actor.pk:
            raise forbidden(
                "Người soạn thảo quyết định không được tự ký quyết định đó.",
                "Whoever drafted the decision may not sign it.",
                code="segregation_of_duties",
            )
        nominations = lock_nominations(decision_files(decision))
        if any(actor.pk in (n.created_by_id, n.submitted_by_id) for n in nominations):
            raise forbidden(
                "Người ký không được ký quyết định về hồ sơ do chính mình lập hoặc gửi.",
                "The signer may not sign a decision on a file he or she prepared or submitted.",
                code="segregation_of_duties",
            )
        if decision.kind == DecisionKind.AWARD:
            not_ready = [n.reference for n in nominations if n.status != Status.APPROVED]
            if not_ready:
                raise Refusal(
                    "not_approved",
                    "Hồ sơ không còn ở trạng thái được thông qua: " + ", ".join(not_ready) + ".",
                    "Files no longer approved: " + ", ".join(not_ready) + ".",
                    status=409,
                )
        sign_digitally = None if signed_scan is not None or actor_signs != actor else digital_signing(decision, actor)
        if sign_digitally is None and signed_scan is None:
            raise signature_required()
        today, sequence, number_text = register_number(
            decision, mode=mode, symbol=symbol, number=number, signed_on=signed_on
        )
        decision.year = today.year
        decision.number = sequence
        decision.number_text = number_text
        decision.signed_on = today
        decision.signed_by = actor
        decision.signed_for_id = acting_for(actor, Role.SIGNER, decision.organization_id)
        decision.status = DecisionStatus.SIGNED
        if signed_scan is not None:
            keep_signed_scan(decision, signed_scan, signed_scan_size)
        else:
            decision.signature_kind = SignatureKind.DIGITAL
        try:
            with transaction.atomic():
                decision.save(
                    update_fields=[
                        "year",
                        "number",
                        "number_text",
                        "signed_on",
                        "signed_by",
                        "signed_for",
                        "status",
                        "signature_kind",
                        "signed_scan",
                        "signed_scan_sha256",
                    ]
                )
        except IntegrityError as exc:
            # Two văn thư entering the same number at once: the database's constraint decides.
            raise number_taken(number_text, today.year) from exc
        if actor_signs != actor:
            outbox_emit(
                event="decision.number_recorded",
                organization_id=decision.organization_id,
                actor=actor_signs,
                payload={"decision": decision.pk, "number": number_text, "signed_by": actor.pk},
            )
        if decision.kind == DecisionKind.REVOCATION:
            revoke_for_decision(decision=decision, nomination=nominations[0], actor=actor, client_ip=client_ip)
        else:
            for nomination in nominations:
                apply_transition(
                    nomination=nomination,
                    name="decide",
                    actor=actor,
                    comment=f"Quyết định số {decision.number_text} ngày {today:%d/%m/%Y}.",
                    client_ip=client_ip,
                    payload={"decision": decision.pk, "number": decision.number_text},
                )
            if decision.award_kind and decision.award_kind.produces == Produces.BROADCAST:
                broadcast_schedule(decision)
        audit_record(
            chain=decisions_chain(decision.organization_id),
            event="decision.signed",
            actor=actor,
            target=decision.kind,
            details={
                "decision": decision.pk,
                "number": decision.number_text,
                "signed_on": today.isoformat(),
                "signature": decision.signature_kind,
                "scan_sha256": decision.signed_scan_sha256,
            },
            client_ip=client_ip,
        )
        # Kept in the signing transaction: what was signed is what every later download returns.
        decision_freeze(decision, sign=sign_digitally)
        outbox_emit(
            event="decision.signed",
            organization_id=decision.organization_id,
            actor=actor,
            payload={"decision": decision.pk, "number": decision.number_text, "kind": decision.kind},
        )
    return decision
