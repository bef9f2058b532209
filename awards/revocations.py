"""Revoking a certificate: the secretary drafts it, the signer's decision withdraws the award."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction

from awards.selectors import certificate_not_found, visible_certificates
from core import clock
from core.errors import Refusal
from nominations.access import lock_visible, require_secretary
from nominations.models import (
    Certificate,
    CertificateStatus,
    Decision,
    DecisionKind,
    DecisionStatus,
    Nomination,
    Nominee,
    NomineeResult,
    RevocationGround,
)
from workflows.audit import audit_record, decisions_chain, outbox_emit, record_act
from workflows.services import lock_nomination


def lock_certificate_for_secretary(*, actor: Any, certificate_id: Any) -> Certificate:
    """Lock a certificate the actor can see, or refuse: 404 when hidden, 403 when not the secretary."""
    certificate = lock_visible(
        visible_certificates(actor), certificate_id, missing=certificate_not_found, related=("nominee",)
    )
    require_secretary(actor, certificate.organization_id)
    return certificate


def certificate_revoke(
    *, certificate_id: Any, actor: Any, ground: str, reason: str, client_ip: str | None = None
) -> Decision:
    """Draft the revocation decision for a certificate; it takes effect when signed."""
    if ground not in RevocationGround.values:
        raise Refusal(
            "invalid_ground",
            "Căn cứ hủy khen thưởng không hợp lệ.",
            "Invalid legal ground: " + ", ".join(RevocationGround.values) + ".",
        )
    if not reason.strip():
        raise Refusal("comment_required", "Cần ghi rõ lý do hủy khen thưởng.", "Give the reason for the revocation.")
    with transaction.atomic():
        certificate = lock_certificate_for_secretary(actor=actor, certificate_id=certificate_id)
        if certificate.status == CertificateStatus.REVOKED:
            raise Refusal("already_revoked", "Giấy khen đã bị hủy.", "The certificate is already revoked.", status=409)
        if certificate.revocation_decisions.filter(status=DecisionStatus.DRAFT).exists():
            raise Refusal(
                "revocation_pending",
                "Đã có dự thảo quyết định hủy đối với giấy khen này.",
                "A revocation decision for this certificate is already drafted.",
                status=409,
            )
        nomination = lock_nomination(certificate.nominee.nomination_id)
        decision = Decision.objects.create(
            organization_id=certificate.organization_id,
            kind=DecisionKind.REVOCATION,
            award_kind_id=certificate.award_kind_id,
            summary=f"Về việc hủy quyết định tặng {certificate.award_kind.name} đối với {certificate.recipient}",
            drafted_by=actor,
            revoked_certificate=certificate,
            revocation_ground=ground,
            revocation_reason=reason.strip(),
        )
        record_act(
            nomination=nomination,
            act="revocation_draft",
            actor=actor,
            comment=f"Dự thảo hủy giấy khen số {certificate.register_number}: {reason.strip()}",
            client_ip=client_ip,
        )
        audit_record(
            chain=decisions_chain(decision.organization_id),
            event="revocation.drafted",
            actor=actor,
            details={"decision": decision.pk, "certificate": certificate.register_number, "ground": ground},
            client_ip=client_ip,
        )
    return decision


def revoke_for_decision(*, decision: Decision, nomination: Nomination, actor: Any, client_ip: str | None) -> None:
    certificate = Certificate.objects.select_for_update().get(pk=decision.revoked_certificate_id)
    if certificate.status == CertificateStatus.REVOKED:
        raise Refusal("already_revoked", "Giấy khen đã bị hủy.", "The certificate is already revoked.", status=409)
    certificate.status = CertificateStatus.REVOKED
    certificate.revoked_on = decision.signed_on
    # Only money actually paid out can be recovered.
    certificate.recovery_amount = certificate.prize_amount if certificate.paid_on else 0
    certificate.save(update_fields=["status", "revoked_on", "recovery_amount"])
    ground = RevocationGround(decision.revocation_ground).label
    Nominee.objects.filter(pk=certificate.nominee_id).update(
        result=NomineeResult.REVOKED, result_reason=f"{ground}: {decision.revocation_reason}"
    )
    record_act(
        nomination=nomination,
        act="revoke",
        actor=actor,
        comment=(
            f"Hủy giấy khen số {certificate.register_number} ({certificate.recipient}) theo Quyết định số "
            f"{decision.number_text}: {ground}."
        ),
        client_ip=client_ip,
    )
    audit_record(
        chain=decisions_chain(decision.organization_id),
        event="certificate.revoked",
        actor=actor,
        details={"decision": decision.pk, "certificate": certificate.register_number, "number": decision.number_text},
        client_ip=client_ip,
    )
    outbox_emit(
        event="certificate.revoked",
        nomination=nomination,
        organization_id=decision.organization_id,
        unit_id=nomination.unit_id,
        actor=actor,
        payload={"certificate": certificate.pk, "decision": decision.pk, "ground": decision.revocation_ground},
    )


def certificate_recovery_record(
    *,
    certificate_id: Any,
    actor: Any,
    certificate_on: datetime.date | None = None,
    money_on: datetime.date | None = None,
    client_ip: str | None = None,
) -> Certificate:
    """Record when a revoked certificate, and the prize money it carried, came back."""
    if certificate_on is None and money_on is None:
        raise Refusal(
            "nothing_recovered",
            "Cần nhập ngày thu hồi giấy khen hoặc ngày thu hồi tiền thưởng.",
            "Give the day the certificate or the money was recovered.",
        )
    with transaction.atomic():
        certificate = lock_certificate_for_secretary(actor=actor, certificate_id=certificate_id)
        if certificate.status != CertificateStatus.REVOKED:
            raise Refusal(
                "not_revoked",
                "Chỉ thu hồi giấy khen đã bị hủy bằng quyết định.",
                "Only a certificate revoked by a decision is recovered.",
                status=409,
            )
        assert certificate.revoked_on is not None
        for day in (certificate_on, money_on):
            if day is not None and not certificate.revoked_on <= day <= clock.today():
                raise Refusal(
                    "invalid_recovered_on",
                    "Ngày thu hồi phải từ ngày quyết định hủy đến hôm nay.",
                    "The recovery date must fall between the revocation and today.",
                )
        if money_on is not None and not certificate.recovery_amount:
            raise Refusal(
                "no_money_to_recover",
                "Giấy khen này không có tiền thưởng đã chi cần thu hồi.",
                "No prize money was paid on this certificate.",
            )
        already = [
            label
            for label, day, kept in (
                ("giấy khen", certificate_on, certificate.certificate_recovered_on),
                ("tiền thưởng", money_on, certificate.money_recovered_on),
            )
            if day is not None and kept is not None
        ]
        if already:
            raise Refusal(
                "already_recovered",
                "Đã ghi nhận thu hồi " + ", ".join(already) + ".",
                "Already recorded as recovered.",
                status=409,
            )
        nomination = lock_nomination(certificate.nominee.nomination_id)
        if certificate_on is not None:
            certificate.certificate_recovered_on = certificate_on
        if money_on is not None:
            certificate.money_recovered_on = money_on
        certificate.recovery_recorded_by = actor
        certificate.save(update_fields=["certificate_recovered_on", "money_recovered_on", "recovery_recorded_by"])
        parts = []
        if certificate_on is not None:
            parts.append(f"giấy khen ngày {certificate_on:%d/%m/%Y}")
        if money_on is not None:
            parts.append(f"{certificate.recovery_amount:,} đồng tiền thưởng ngày {money_on:%d/%m/%Y}".replace(",", "."))
        record_act(
            nomination=nomination,
            act="recovered",
            actor=actor,
            comment=f"Đã thu hồi {' và '.join(parts)} (số vào sổ {certificate.register_number}).",
            client_ip=client_ip,
        )
        outbox_emit(
            event="certificate.recovered",
            nomination=nomination,
            organization_id=certificate.organization_id,
            actor=actor,
            payload={
                "certificate": certificate.pk,
                "certificate_on": certificate_on.isoformat() if certificate_on else None,
                "money_on": money_on.isoformat() if money_on else None,
            },
        )
    return certificate
