"""Revoking a certificate: the secretary drafts it, the signer's decision withdraws the award."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from awards.selectors import certificate_not_found, visible_certificates
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
from workflows.audit import audit_append, outbox_emit
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
        audit_append(
            nomination=nomination,
            transition="revocation_draft",
            source=nomination.status,
            target=nomination.status,
            actor=actor,
            comment=f"Dự thảo hủy giấy khen số {certificate.register_number}: {reason.strip()}",
            client_ip=client_ip,
        )
    return decision


def revoke_for_decision(*, decision: Decision, nomination: Nomination, actor: Any, client_ip: str | None) -> None:
    certificate = Certificate.objects.select_for_update().get(pk=decision.revoked_certificate_id)
    if certificate.status == CertificateStatus.REVOKED:
        raise Refusal("already_revoked", "Giấy khen đã bị hủy.", "The certificate is already revoked.", status=409)
    certificate.status = CertificateStatus.REVOKED
    certificate.revoked_on = decision.signed_on
    certificate.save(update_fields=["status", "revoked_on"])
    ground = RevocationGround(decision.revocation_ground).label
    Nominee.objects.filter(pk=certificate.nominee_id).update(
        result=NomineeResult.REVOKED, result_reason=f"{ground}: {decision.revocation_reason}"
    )
    audit_append(
        nomination=nomination,
        transition="revoke",
        source=nomination.status,
        target=nomination.status,
        actor=actor,
        comment=(
            f"Hủy giấy khen số {certificate.register_number} ({certificate.recipient}) theo Quyết định số "
            f"{decision.number_text}: {ground}."
        ),
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
