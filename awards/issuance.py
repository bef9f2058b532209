"""Issuing what a signed decision awards: one certificate per approved nominee, numbered in the award
register and kept as issued, or, for radio praise, the award history alone; the files → issued."""

from __future__ import annotations

import secrets
from decimal import Decimal
from typing import Any

from django.db import transaction

from awards.decisions import decision_files, lock_decision, lock_nominations
from awards.digital_signature import certificate_sealing
from awards.documents import certificate_freeze
from awards.selectors import decision_nominees, prize_for
from core import clock
from core.errors import Refusal
from nominations.access import require_secretary
from nominations.models import (
    AwardHistory,
    Certificate,
    CounterKind,
    Decision,
    DecisionKind,
    DecisionStatus,
    NomineeResult,
    Produces,
    identity_key,
)
from nominations.numbering import take_numbers
from workflows.audit import audit_record, decisions_chain, outbox_emit
from workflows.services import apply_transition


def decision_issue(*, decision_id: Any, actor: Any, client_ip: str | None = None) -> Decision:
    """One certificate per approved nominee, numbered in the award register; files → issued."""
    with transaction.atomic():
        decision = lock_decision(decision_id, actor)
        require_secretary(actor, decision.organization_id)
        if decision.kind != DecisionKind.AWARD:
            raise Refusal(
                "not_an_award",
                "Quyết định hủy khen thưởng không cấp giấy khen.",
                "A revocation decision issues nothing.",
            )
        if decision.status != DecisionStatus.SIGNED:
            raise Refusal(
                "not_signed" if decision.status == DecisionStatus.DRAFT else "already_issued",
                "Chỉ trao giấy khen theo quyết định đã ký và chưa trao.",
                "Only a signed decision not yet issued can be issued.",
                status=409,
            )
        nominations = lock_nominations(decision_files(decision))
        assert decision.signed_on is not None
        assert decision.award_kind is not None
        nominees = list(decision_nominees(decision).filter(result=NomineeResult.APPROVED))
        today = clock.today()
        # Radio praise is aired, not handed over: it enters the award history (one achievement, one form)
        # but takes no register number and prints no certificate.
        broadcast_only = decision.award_kind.produces == Produces.BROADCAST
        first = (
            0
            if broadcast_only
            else take_numbers(
                organization_id=decision.organization_id,
                year=today.year,
                kind=CounterKind.REGISTER,
                count=len(nominees),
            )
        )
        prizes: dict[str, tuple[Decimal | None, int | None, int]] = {}
        certificates = []
        history = []
        for offset, nominee in enumerate(nominees):
            if not broadcast_only:
                if nominee.kind not in prizes:
                    prizes[nominee.kind] = prize_for(
                        award_kind_id=decision.award_kind_id, nominee_kind=nominee.kind, day=decision.signed_on
                    )
                coefficient, base, amount = prizes[nominee.kind]
                certificates.append(
                    Certificate(
                        organization_id=decision.organization_id,
                        decision=decision,
                        nominee=nominee,
                        award_kind_id=decision.award_kind_id,
                        recipient=nominee.name,
                        register_year=today.year,
                        register_seq=first + offset,
                        coefficient=coefficient,
                        base_salary=base,
                        prize_amount=amount,
                        verification_code=secrets.token_urlsafe(16),
                        issued_on=today,
                    )
                )
            history.append(
                AwardHistory(
                    organization_id=decision.organization_id,
                    kind=nominee.kind,
                    name=nominee.name,
                    birth_year=nominee.birth_year,
                    address=nominee.address,
                    citizen_id=nominee.citizen_id,
                    unit_name=nominee.unit_name,
                    award_kind_id=decision.award_kind_id,
                    award_name=decision.award_kind.name,
                    year=nominee.nomination.round.year,
                    decision_number=decision.number_text,
                    decision_date=decision.signed_on,
                    level=decision.organization.name,
                    signer=str(decision.signed_by or ""),
                    nominee=nominee,
                    achievement=nominee.nomination.achievement_key,
                    identity_key=identity_key(
                        kind=nominee.kind,
                        name=nominee.name,
                        citizen_id=nominee.citizen_id,
                        birth_year=nominee.birth_year,
                        address=nominee.address,
                    ),
                )
            )
        Certificate.objects.bulk_create(certificates, batch_size=1000)
        AwardHistory.objects.bulk_create(history, batch_size=1000)
        sealing = certificate_sealing(decision) if certificates else None
        for certificate in certificates:
            certificate_freeze(certificate, sign=sealing)
        for nomination in nominations:
            apply_transition(
                nomination=nomination,
                name="issue",
                actor=actor,
                comment=(
                    f"Đã tuyên dương theo Quyết định số {decision.number_text}."
                    if broadcast_only
                    else f"Trao giấy khen theo Quyết định số {decision.number_text}."
                ),
                client_ip=client_ip,
                payload={"decision": decision.pk},
            )
        decision.status = DecisionStatus.ISSUED
        decision.issued_on = today
        decision.save(update_fields=["status", "issued_on"])
        audit_record(
            chain=decisions_chain(decision.organization_id),
            event="certificate.issued",
            actor=actor,
            details={"decision": decision.pk, "certificates": [c.register_number for c in certificates]},
            client_ip=client_ip,
        )
        outbox_emit(
            event="decision.issued" if broadcast_only else "certificate.issued",
            organization_id=decision.organization_id,
            actor=actor,
            payload={"decision": decision.pk, "count": len(certificates), "recorded": len(history)},
        )
    return decision
