"""The signatures on a decision: the signer's key and the organisation's seal applied at signing, or the
scanned paper original recorded instead; and what the verification page and the API report of them.

Keys live in ``nominations.signing_keys``; a server-held personal key is used only when its owner signs in
person (with a second factor, see ``accounts``), never when the văn thư records a number for a decision
signed elsewhere: that decision is recorded with its signed scan.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import IO, Any

from django.core.files import File

from awards.documents import certificate_record, decision_record
from core import uploads
from core.errors import Refusal
from documents.signing import Trust, VerificationResult, verify_document
from documents.signing.parts import ATTACHMENT_FIELD, SEAL_FIELD, SIGNER_FIELD, VIETNAM
from nominations.letterhead import signer_block
from nominations.models import Certificate, Decision, SignatureKind, StoredDocument
from nominations.signing_keys import active_key, organisation_sealing, personal_signing, trust

MAX_SCAN_BYTES = 20 * 1024 * 1024
SCAN_TYPES = {"pdf", "jpg", "png"}


def signature_required() -> Refusal:
    return Refusal(
        "signature_required",
        "Quyết định chưa có chữ ký: người ký chưa đăng ký khóa ký số với cơ quan, và chưa tải lên bản giấy đã ký, "
        "đóng dấu (bản quét PDF hoặc ảnh).",
        "The decision carries no signature: the signer has no registered signing key here, and no scan of the "
        "signed and stamped paper original was uploaded.",
        status=409,
    )


def digital_signing(decision: Decision, signer: Any) -> Callable[[bytes], bytes] | None:
    """How the stored PDF gets signed by ``signer`` (and sealed when the organisation has its key), or None
    when the signer holds no key here. Known before the number is taken; applied after, to the numbered PDF."""
    if active_key(decision.organization_id, signer) is None:
        return None

    def apply(pdf: bytes) -> bytes:
        signing = personal_signing(
            decision.organization,
            signer,
            title=signer_block(signer, decision.organization)[1],
            reason=f"Ký Quyết định số {decision.number_text}",
            seal_reason=f"Ban hành Quyết định số {decision.number_text}",
            document_number=decision.number_text,
        )
        assert signing is not None
        return signing(pdf)

    return apply


def certificate_sealing(decision: Decision) -> Callable[[bytes], bytes] | None:
    """The organisation's digital signature on each certificate it issues (the văn thư's act, as the seal on
    paper), over the signer's printed name; None when the organisation has no key of its own registered."""
    return organisation_sealing(
        decision.organization,
        signer=decision.signed_by,
        title=signer_block(decision.signed_by, decision.organization)[1],
        reason=f"Cấp theo Quyết định số {decision.number_text}",
    )


def keep_signed_scan(decision: Decision, scan: IO[bytes], size: int) -> None:
    """Record the scanned paper original as what carries the signature (sniffed by content, size-limited)."""
    if size > MAX_SCAN_BYTES:
        raise uploads.too_large(MAX_SCAN_BYTES)
    sniffed = uploads.sniff(scan)
    if sniffed.extension not in SCAN_TYPES:
        raise Refusal(
            "unsupported_file_type",
            "Bản quét quyết định đã ký phải là tệp PDF, JPEG hoặc PNG (kiểm tra theo nội dung tệp).",
            "The scan of the signed decision must be a PDF, JPEG or PNG file (checked by content).",
        )
    scan.seek(0)
    decision.signed_scan_sha256 = uploads.sha256_of(scan)
    scan.seek(0)
    decision.signed_scan.save(f"scan.{sniffed.extension}", File(scan), save=False)
    decision.signature_kind = SignatureKind.PAPER


def _summary(result: VerificationResult) -> dict[str, Any]:
    """What the page and the API say of one stored PDF's signatures."""
    return {
        "signed": result.signed,
        "intact": result.intact,
        "valid": result.valid,
        "signatures": [
            {
                "signer": s.signer_name,
                "role": _role(s.field_name),
                "organization": s.organisation,
                "signed_at": s.signing_time.isoformat() if s.signing_time else None,
                "signed_at_text": _vietnam_time(s.signing_time),
                "intact": s.intact and not s.modified_after_signing,
                "trusted": s.trusted,
                "valid": s.valid,
                "timestamped": s.timestamped,
                "problem": s.problem,
            }
            for s in result.signatures
        ],
    }


def _role(field_name: str) -> str:
    """What a signature stands for on the page, from the field the signing library names it by."""
    if field_name == SIGNER_FIELD:
        return "Chữ ký của người ký"
    if field_name == SEAL_FIELD:
        return "Chữ ký số của cơ quan (con dấu)"
    if field_name.startswith(ATTACHMENT_FIELD.split("{")[0]):
        return "Chữ ký số của cơ quan trên văn bản kèm theo"
    return "Chữ ký số"


def _vietnam_time(moment: datetime.datetime | None) -> str:
    return f"{moment.astimezone(VIETNAM):%H:%M ngày %d/%m/%Y}" if moment else ""


def signatures_of(pdf: bytes, office_trust: Trust | None = None) -> dict[str, Any]:
    return _summary(verify_document(pdf, trust_roots=office_trust or trust()))


def decision_signature(decision: Decision, pdf: bytes | None, office_trust: Trust | None = None) -> dict[str, Any]:
    """How a signed decision was signed, and for a digital signature whether it still holds."""
    report: dict[str, Any] = {"kind": decision.signature_kind or None}
    if decision.signature_kind == SignatureKind.DIGITAL and pdf is not None:
        report.update(signatures_of(pdf, office_trust))
    elif decision.signature_kind == SignatureKind.PAPER:
        report["scan_sha256"] = decision.signed_scan_sha256
    return report


def decision_signature_report(decision: Decision) -> dict[str, Any]:
    record = decision_record(decision)
    return decision_signature(decision, bytes(record.pdf) if record else None)


def certificate_signature_report(
    certificate: Certificate,
    certificate_kept: StoredDocument | None = None,
    decision_kept: StoredDocument | None = None,
) -> dict[str, Any]:
    """The certificate's own signatures (if it carries any) and how its decision was signed; callers that
    already hold the kept documents pass them, so each is read once and the roots are looked up once."""
    certificate_kept = certificate_kept or certificate_record(certificate)
    decision_kept = decision_kept or decision_record(certificate.decision)
    office_trust = trust()
    return {
        "certificate": signatures_of(bytes(certificate_kept.pdf), office_trust),
        "decision": decision_signature(
            certificate.decision, bytes(decision_kept.pdf) if decision_kept else None, office_trust
        ),
    }
