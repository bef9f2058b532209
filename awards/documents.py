"""What goes on paper for council minutes, decisions, certificates and radio scripts.

The documents package decides how a page looks; this module decides what it says, from the records.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import BinaryIO

from django.conf import settings

from awards.selectors import decision_nominees, prize_for
from core import clock
from documents.broadcast import BroadcastDoc, render_broadcast_pdf, render_broadcast_text
from documents.certificate import CertificateDoc, render_certificate_pdf, render_certificates_pdf
from documents.decision import DecisionDoc, DecisionNominee, render_decision_docx, render_decision_pdf
from nominations.letterhead import body_of, person_name
from nominations.models import (
    Broadcast,
    Certificate,
    CertificateStatus,
    Decision,
    DecisionKind,
    RevocationGround,
)


def verify_url(code: str) -> str:
    """The public verification address printed as a QR code.

    Built from the configured public base URL only: a request's Host header is the client's to choose,
    and a forged one would print a lookalike site on a certificate that lasts for years.
    """
    base = settings.PUBLIC_BASE_URL or "http://localhost:8000"
    return f"{base.rstrip('/')}/verify/{code}/"


def _signer_name(decision: Decision) -> str:
    return person_name(decision.signed_by)


def decision_doc(decision: Decision) -> DecisionDoc:
    day = decision.signed_on or clock.today()
    nominees = []
    if decision.kind == DecisionKind.AWARD:
        prizes: dict[str, int] = {}
        for nominee in decision_nominees(decision):
            if nominee.kind not in prizes:
                prizes[nominee.kind] = prize_for(
                    award_kind_id=decision.award_kind_id,  # type: ignore[arg-type]
                    nominee_kind=nominee.kind,
                    day=day,
                )[2]
            nominees.append(
                DecisionNominee(
                    kind=nominee.kind,  # type: ignore[arg-type]
                    name=nominee.name,
                    honorific=nominee.honorific,
                    position=nominee.position,
                    unit_name=nominee.unit_name,
                    address=nominee.address,
                    achievements=nominee.achievements or nominee.nomination.summary,
                    prize_amount=prizes[nominee.kind],
                )
            )
        references = ", ".join(
            decision.items.order_by("nomination__reference").values_list("nomination__reference", flat=True)
        )
        proposal_ref = f"Tờ trình đề nghị khen thưởng kèm hồ sơ số {references}"
        proposer = "Hội đồng Thi đua – Khen thưởng"
        award_name = decision.award_kind.name if decision.award_kind else "Giấy khen"
    else:
        certificate = decision.revoked_certificate
        assert certificate is not None
        ground = RevocationGround(decision.revocation_ground).label
        proposal_ref = (
            f"đề nghị hủy khen thưởng đối với {certificate.recipient} (số vào sổ {certificate.register_number}, "
            f"Quyết định số {certificate.decision.number_text}); căn cứ hủy: {ground}; lý do: "
            f"{decision.revocation_reason}"
        )
        proposer = "Thường trực Hội đồng Thi đua – Khen thưởng"
        award_name = f"Hủy {certificate.award_kind.name}"
    return DecisionDoc(
        body=body_of(decision.organization),
        number=decision.number_text or None,
        signed_on=decision.signed_on,
        summary=decision.summary,
        award_name=award_name,
        proposal_ref=proposal_ref,
        proposer=proposer,
        signer_name=_signer_name(decision),
        nominees=nominees,
    )


def decision_pdf(decision: Decision) -> bytes:
    return render_decision_pdf(decision_doc(decision))


def decision_docx(decision: Decision) -> bytes:
    return render_decision_docx(decision_doc(decision))


def certificate_doc(certificate: Certificate) -> CertificateDoc:
    decision = certificate.decision
    nominee = certificate.nominee
    award = certificate.award_kind
    assert decision.signed_on is not None
    return CertificateDoc(
        body=body_of(certificate.organization),
        recipient_name=certificate.recipient,
        decision_number=decision.number_text,
        decision_date=decision.signed_on,
        register_number=certificate.register_number,
        signer_name=_signer_name(decision),
        verify_url=verify_url(certificate.verification_code),
        award_name=award.name.upper() if award.track == "title" else "GIẤY KHEN",
        honorific=nominee.honorific if nominee.kind == "individual" else "",
        position=nominee.position,
        unit_name=nominee.unit_name,
        achievements=nominee.achievements or nominee.nomination.summary,
        revoked=certificate.status == CertificateStatus.REVOKED,
    )


def certificate_pdf(certificate: Certificate) -> bytes:
    return render_certificate_pdf(certificate_doc(certificate))


def certificates_pdf(decision: Decision, out: BinaryIO) -> int:
    """Every certificate of a decision in one PDF, rendered in chunks so memory stays flat."""

    def docs() -> Iterator[CertificateDoc]:
        qs = (
            decision.certificates.select_related(
                "decision__signed_by", "nominee__nomination", "award_kind", "organization"
            )
            .order_by("register_seq")
            .iterator(chunk_size=200)
        )
        for certificate in qs:
            yield certificate_doc(certificate)

    return render_certificates_pdf(docs(), out)


def broadcast_doc(decision: Decision, *, air_on: datetime.date) -> BroadcastDoc:
    assert decision.signed_on is not None
    names: list[tuple[str, str]] = []
    for nominee in decision_nominees(decision):
        name = (
            f"{nominee.honorific} {nominee.name}"
            if nominee.kind == "individual" and nominee.honorific
            else nominee.name
        )
        names.append((name, nominee.achievements))
    return BroadcastDoc(
        body=body_of(decision.organization),
        decision_number=decision.number_text,
        decision_date=decision.signed_on,
        air_on=air_on,
        names_with_achievements=names,
        award_name=decision.award_kind.name if decision.award_kind else "Giấy khen",
    )


def broadcast_script(decision: Decision, *, air_on: datetime.date) -> str:
    return render_broadcast_text(broadcast_doc(decision, air_on=air_on))


def broadcast_pdf(broadcast: Broadcast) -> bytes:
    """The script as a printable page for the announcer, from the stored decision and air date."""
    return render_broadcast_pdf(broadcast_doc(broadcast.decision, air_on=broadcast.air_on))
