"""What goes on paper for council minutes, decisions, certificates and radio scripts.

The documents package decides how a page looks; this module decides what it says, from the records.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable
from typing import Any, BinaryIO

from django.conf import settings
from pypdf import PdfReader, PdfWriter

from awards.selectors import decision_nominees, prize_for
from core import clock
from documents.blank import FieldBox, layout_from, render_blank_pdf, render_calibration_pdf
from documents.broadcast import BroadcastDoc, render_broadcast_pdf, render_broadcast_text
from documents.certificate import CertificateDoc, render_certificate_pdf
from documents.dates import vn_day_month_year
from documents.decision import (
    DecisionDoc,
    DecisionNominee,
    RevocationText,
    render_decision_docx,
    render_decision_pdf,
)
from documents.names import printed_name
from nominations.letterhead import body_of, legal_bases_on, person_name, plan_reference, signer_block
from nominations.models import (
    BlankForm,
    Broadcast,
    Certificate,
    CertificateStatus,
    Decision,
    DecisionKind,
    DecisionStatus,
    Produces,
    RevocationGround,
    StoredDocument,
    StoredDocumentKind,
)
from nominations.records import document_store, stored_document
from nominations.templates import current_templates, version_label


def verify_url(code: str) -> str:
    """The public verification address printed as a QR code.

    Built from the configured public base URL only: a request's Host header is the client's to choose,
    and a forged one would print a lookalike site on a certificate that lasts for years.
    """
    base = settings.PUBLIC_BASE_URL or "http://localhost:8000"
    return f"{base.rstrip('/')}/verify/{code}/"


def _signer_name(decision: Decision) -> str:
    return person_name(decision.signed_by)


def _frozen_prizes(decision: Decision) -> dict[int, int]:
    """Prize money as issued: once certificates exist, their amounts are the record, not today's tables."""
    return dict(decision.certificates.values_list("nominee_id", "prize_amount"))


def _proposals(files: list[Any]) -> tuple[str, str]:
    """Whose proposal the decision answers, citing each unit's own tờ trình by number and date where entered."""
    units = list(dict.fromkeys(f.unit.name for f in files))
    cited = [
        f"Tờ trình số {f.proposal_number}" + (f" {vn_day_month_year(f.proposal_date)}" if f.proposal_date else "")
        for f in files
        if f.proposal_number
    ]
    proposer = _join_vi(units) if units else "Hội đồng Thi đua – Khen thưởng"
    if cited and len(cited) == len(files):
        return proposer, _join_vi(list(dict.fromkeys(cited)))
    # A unit that sent no numbered tờ trình: the council's appraisal is what the decision rests on.
    return "Hội đồng Thi đua – Khen thưởng", "biên bản họp xét khen thưởng của Hội đồng"


def _join_vi(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " và " + parts[-1]


def decision_doc(decision: Decision) -> DecisionDoc:
    day = decision.signed_on or clock.today()
    nominees = []
    revocation = None
    plan_ref = ""
    if decision.kind == DecisionKind.AWARD:
        frozen = _frozen_prizes(decision)
        prizes: dict[str, int] = {}
        for nominee in decision_nominees(decision):
            if nominee.pk in frozen:
                amount = frozen[nominee.pk]
            else:
                if nominee.kind not in prizes:
                    prizes[nominee.kind] = prize_for(
                        award_kind_id=decision.award_kind_id,  # type: ignore[arg-type]
                        nominee_kind=nominee.kind,
                        day=day,
                    )[2]
                amount = prizes[nominee.kind]
            nominees.append(
                DecisionNominee(
                    kind=nominee.kind,  # type: ignore[arg-type]
                    name=nominee.name,
                    honorific=nominee.honorific,
                    position=nominee.position,
                    unit_name=nominee.unit_name,
                    address=nominee.address,
                    achievements=nominee.achievements or nominee.nomination.summary,
                    prize_amount=amount,
                )
            )
        files = list(decision.nominations.select_related("unit", "round__campaign__organization").order_by("reference"))
        proposer, proposal_ref = _proposals(files)
        award_name = decision.award_kind.name if decision.award_kind else "Giấy khen"
        plan_ref = plan_reference(files[0].round.campaign if files else None)
    else:
        certificate = decision.revoked_certificate
        assert certificate is not None
        holder = certificate.nominee
        recipient = (
            f"{holder.honorific} {certificate.recipient}"
            if holder.kind == "individual" and holder.honorific
            else certificate.recipient
        )
        revoked_decision = certificate.decision
        assert revoked_decision.signed_on is not None
        revocation = RevocationText(
            revoked_number=revoked_decision.number_text,
            revoked_date=revoked_decision.signed_on,
            award_name=certificate.award_kind.name,
            recipient=recipient,
            register_number=certificate.register_number,
            ground=RevocationGround(decision.revocation_ground).label,
            reason=decision.revocation_reason,
            prize_to_recover=certificate.prize_amount if certificate.paid_on else 0,
        )
        proposal_ref = ""
        proposer = f"Thường trực Hội đồng Thi đua – Khen thưởng về việc hủy khen thưởng đối với {recipient}"
        award_name = certificate.award_kind.name
    authority, title = signer_block(decision.signed_by, decision.organization)
    return DecisionDoc(
        legal_bases=legal_bases_on(day, decision.organization),
        signer_authority=authority,
        signer_title=title,
        body=body_of(decision.organization, day),
        number=decision.number_text or None,
        signed_on=decision.signed_on,
        summary=decision.summary,
        award_name=award_name,
        produces=decision.award_kind.produces if decision.kind == DecisionKind.AWARD and decision.award_kind else "",
        proposal_ref=proposal_ref,
        proposer=proposer,
        plan_ref=plan_ref,
        signer_name=_signer_name(decision),
        nominees=nominees,
        revocation=revocation,
    )


def _decision_kind(decision: Decision) -> str:
    return StoredDocumentKind.REVOCATION if decision.kind == DecisionKind.REVOCATION else StoredDocumentKind.DECISION


def decision_record(decision: Decision) -> StoredDocument | None:
    """The signed decision as kept; None for a draft, which renders live. Signed before records were kept →
    kept now, once, from the amounts frozen on its certificates."""
    if decision.status == DecisionStatus.DRAFT:
        return None
    return stored_document(decision=decision) or decision_freeze(decision)


def decision_freeze(decision: Decision, sign: Callable[[bytes], bytes] | None = None) -> StoredDocument:
    """Keep the decision as signed; ``sign`` puts the digital signatures on the PDF before it is kept."""
    doc = decision_doc(decision)
    with current_templates() as in_use:
        pdf = render_decision_pdf(doc)
    if sign is not None:
        pdf = sign(pdf)
    return document_store(
        kind=_decision_kind(decision),
        pdf=pdf,
        docx=render_decision_docx(doc),
        shown=doc,
        template_version=version_label("documents/decision.html", in_use),
        decision=decision,
    )


def decision_pdf(decision: Decision) -> bytes:
    record = decision_record(decision)
    if record:
        return bytes(record.pdf)
    with current_templates():
        return render_decision_pdf(decision_doc(decision))


def decision_docx(decision: Decision) -> bytes:
    record = decision_record(decision)
    if record and record.docx:
        return bytes(record.docx)
    return render_decision_docx(decision_doc(decision))


def certificate_doc(certificate: Certificate) -> CertificateDoc:
    decision = certificate.decision
    nominee = certificate.nominee
    award = certificate.award_kind
    assert decision.signed_on is not None
    return CertificateDoc(
        body=body_of(certificate.organization, decision.signed_on),
        recipient_name=certificate.recipient,
        decision_number=decision.number_text,
        decision_date=decision.signed_on,
        register_number=certificate.register_number,
        signer_name=_signer_name(decision),
        signer_authority=signer_block(decision.signed_by, decision.organization)[0],
        signer_title=signer_block(decision.signed_by, decision.organization)[1],
        verify_url=verify_url(certificate.verification_code),
        award_name=award.name.upper() if award.produces == Produces.RECOGNITION else "GIẤY KHEN",
        recognition=award.produces == Produces.RECOGNITION,
        nominee_kind=nominee.kind,
        honorific=nominee.honorific if nominee.kind in ("individual", "household") else "",
        position=nominee.position,
        unit_name=nominee.unit_name,
        achievements=nominee.achievements or nominee.nomination.summary,
        revoked=certificate.status == CertificateStatus.REVOKED,
    )


def certificate_record(certificate: Certificate) -> StoredDocument:
    """The certificate as issued; one issued before records were kept is kept now, once."""
    return stored_document(certificate=certificate) or certificate_freeze(certificate)


def certificate_freeze(certificate: Certificate, sign: Callable[[bytes], bytes] | None = None) -> StoredDocument:
    """Keep the certificate as issued; ``sign`` puts the organisation's digital signature on it first."""
    # The QR code of a record must not depend on which host served the first download.
    doc = certificate_doc(certificate)
    with current_templates() as in_use:
        pdf = render_certificate_pdf(doc)
    if sign is not None:
        pdf = sign(pdf)
    return document_store(
        kind=StoredDocumentKind.CERTIFICATE,
        pdf=pdf,
        shown=doc,
        template_version=version_label("documents/certificate.html", in_use),
        certificate=certificate,
    )


def certificate_pdf(certificate: Certificate) -> bytes:
    return bytes(certificate_record(certificate).pdf)


def certificates_pdf(decision: Decision, out: BinaryIO) -> int:
    """Every certificate of a decision in one PDF, joined from the kept records; returns the page count."""
    writer = PdfWriter()
    for certificate in (
        decision.certificates.select_related("decision__signed_by", "nominee__nomination", "award_kind", "organization")
        .order_by("register_seq")
        .iterator(chunk_size=200)
    ):
        writer.append(PdfReader(io.BytesIO(bytes(certificate_record(certificate).pdf))))
    writer.write(out)
    return len(writer.pages)


def broadcast_doc(decision: Decision, *, air_on: datetime.date) -> BroadcastDoc:
    assert decision.signed_on is not None
    names: list[tuple[str, str]] = []
    for nominee in decision_nominees(decision):
        name = printed_name(nominee.kind, nominee.name, nominee.honorific)
        names.append((name, nominee.achievements))
    return BroadcastDoc(
        body=body_of(decision.organization, decision.signed_on),
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
    with current_templates():
        return render_broadcast_pdf(broadcast_doc(broadcast.decision, air_on=broadcast.air_on))


def blank_layout(organization_id: int, award_kind_id: int) -> tuple[dict[str, FieldBox], int, int]:
    form = BlankForm.objects.filter(organization_id=organization_id, award_kind_id=award_kind_id).first()
    if form is None:
        return layout_from(None), 297, 210
    return layout_from(form.fields), form.page_width_mm, form.page_height_mm


def certificates_blank_pdf(decision: Decision) -> bytes:
    """Every certificate of a decision in one PDF, only the fields, for the organisation's pre-printed blanks."""
    assert decision.award_kind_id is not None
    layout, width, height = blank_layout(decision.organization_id, decision.award_kind_id)
    certificates = decision.certificates.select_related(
        "decision__signed_by", "nominee__nomination", "award_kind", "organization"
    ).order_by("register_seq")
    return render_blank_pdf((certificate_doc(c) for c in certificates), layout, width=width, height=height)


def calibration_pdf(organization_id: int, award_kind_id: int) -> bytes:
    layout, width, height = blank_layout(organization_id, award_kind_id)
    return render_calibration_pdf(layout, width=width, height=height)
