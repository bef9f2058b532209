"""The signatures on a decision: the signer's key and the organisation's seal applied at signing, or the
scanned paper original recorded instead; and what the verification page and the API report of them.

Keys are registered per signer and organisation (``SigningKey``); a server-held personal key is used only
when its owner signs in person (with a second factor, see ``accounts``), never when the văn thư records a
number for a decision signed elsewhere: that decision is recorded with its signed scan.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, Any

from asn1crypto import pem
from django.core.files import File

from awards.documents import certificate_record, decision_record
from core import uploads
from core.errors import Refusal
from core.sealed import seal, unseal
from documents.signing import (
    KeyHolder,
    Pkcs11KeyHolder,
    Pkcs12KeyHolder,
    SigningConfig,
    SigningParty,
    SigningRefusal,
    Trust,
    VerificationResult,
    locate_signature_block,
    seal_document,
    sign_document,
    verify_document,
)
from documents.signing.keys import subject_name
from documents.signing.parts import VIETNAM
from nominations.letterhead import person_name, signer_block
from nominations.models import Certificate, Decision, KeyStore, SignatureKind, SigningKey, TrustRoot

MAX_SCAN_BYTES = 20 * 1024 * 1024
SCAN_TYPES = {"pdf", "jpg", "png"}


def as_refusal(exc: SigningRefusal) -> Refusal:
    return Refusal(exc.code, exc.vi, exc.en, status=exc.status, extra=dict(exc.extra))


def _config() -> SigningConfig:
    return SigningConfig.from_environ(os.environ)


def trust() -> Trust:
    """The roots named in the environment and those an administrator registered."""
    environ = os.environ
    config = _config()
    roots: list[bytes] = list(TrustRoot.objects.values_list("certificate", flat=True))
    roots = [bytes(r) for r in roots]
    if environ.get("VINHDANH_SIGNING_TRUST_ROOTS"):
        try:
            env_trust = config.trust()
        except SigningRefusal as exc:
            raise as_refusal(exc) from None
        return Trust.of([*env_trust.roots, *roots], env_trust.intermediates, env_trust.crls, env_trust.allow_fetching)
    return Trust.of(roots)


def key_holder(key: SigningKey) -> KeyHolder:
    secret = unseal(key.secret_sealed) or None
    if key.store == KeyStore.PKCS12:
        return Pkcs12KeyHolder(pkcs12_data=base64.b64decode(unseal(key.pkcs12_sealed)), password=secret, label=str(key))
    module = _config().pkcs11_module
    if not module:
        raise Refusal(
            "signing_key_missing",
            "Chưa cấu hình thư viện PKCS#11 của thiết bị ký số (VINHDANH_PKCS11_MODULE).",
            "The PKCS#11 module of the signing tokens is not configured (VINHDANH_PKCS11_MODULE).",
            status=409,
        )
    return Pkcs11KeyHolder(module_path=module, token_label=key.token_label, key_label=key.key_label, pin=secret)


def active_key(organization_id: int, user: Any | None) -> SigningKey | None:
    keys = SigningKey.objects.filter(organization_id=organization_id, active=True)
    return keys.filter(user=user).first() if user is not None else keys.filter(user__isnull=True).first()


def register_key(
    *,
    organization: Any,
    user: Any | None,
    store: str,
    pkcs12: bytes | None = None,
    secret: str = "",
    token_label: str = "",
    key_label: str = "",
    image_png: bytes | None = None,
) -> SigningKey:
    """Check that the key opens and its certificate is current, then keep it (sealed) as the one in use."""
    key = SigningKey(
        organization=organization,
        user=user,
        store=store,
        pkcs12_sealed=seal(base64.b64encode(pkcs12).decode()) if pkcs12 else "",
        secret_sealed=seal(secret),
        token_label=token_label,
        key_label=key_label,
        image=image_png,
    )
    try:
        certificate = key_holder(key).certificate()
    except SigningRefusal as exc:
        raise as_refusal(exc) from None
    not_after = certificate["tbs_certificate"]["validity"]["not_after"].native
    if not_after <= datetime.datetime.now(datetime.UTC):
        raise Refusal(
            "signing_certificate_expired",
            f"Chứng thư số của «{subject_name(certificate)}» đã hết hạn ngày {not_after:%d/%m/%Y}.",
            f"The certificate of '{subject_name(certificate)}' expired on {not_after:%d/%m/%Y}.",
            status=409,
        )
    key.certificate_subject = subject_name(certificate)
    key.certificate_sha256 = hashlib.sha256(certificate.dump()).hexdigest()
    key.valid_until = not_after
    SigningKey.objects.filter(organization=organization, user=user, active=True).update(active=False)
    key.save()
    return key


def register_trust_root(*, name: str, certificate: bytes, note: str = "") -> TrustRoot:
    if pem.detect(certificate):
        _, _, certificate = pem.unarmor(certificate)
    digest = hashlib.sha256(certificate).hexdigest()
    root, _ = TrustRoot.objects.get_or_create(
        certificate_sha256=digest, defaults={"name": name, "certificate": certificate, "note": note}
    )
    return root


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
    when the signer holds no key here."""
    personal = active_key(decision.organization_id, signer)
    if personal is None:
        return None
    organisation_seal = active_key(decision.organization_id, None)
    config = _config()

    def apply(pdf: bytes) -> bytes:
        try:
            return sign_document(
                pdf,
                signer=SigningParty(
                    key=key_holder(personal),
                    image_png=bytes(personal.image) if personal.image else None,
                    reason=f"Ký Quyết định số {decision.number_text}",
                    location=decision.organization.place_name or None,
                    display_name=person_name(signer),
                ),
                seal=_seal_party(organisation_seal, f"Ban hành Quyết định số {decision.number_text}"),
                placement=_placement(pdf, decision, signer),
                trust=_trust_to_embed(),  # type: ignore[arg-type]
                tsa_url=config.tsa_url,
                document_number=decision.number_text,
            )
        except SigningRefusal as exc:
            raise as_refusal(exc) from None

    return apply


def certificate_sealing(decision: Decision) -> Callable[[bytes], bytes] | None:
    """The organisation's digital signature on each certificate it issues (the văn thư's act, as the seal on
    paper), over the signer's printed name; None when the organisation has no key of its own registered."""
    organisation_seal = active_key(decision.organization_id, None)
    if organisation_seal is None:
        return None
    config = _config()
    party = _seal_party(organisation_seal, f"Cấp theo Quyết định số {decision.number_text}")

    def apply(pdf: bytes) -> bytes:
        try:
            return seal_document(
                pdf,
                seal=party,  # type: ignore[arg-type]
                placement=_placement(pdf, decision, decision.signed_by, attachment_heading=None),
                trust=_trust_to_embed(),  # type: ignore[arg-type]
                tsa_url=config.tsa_url,
            )
        except SigningRefusal as exc:
            raise as_refusal(exc) from None

    return apply


def _seal_party(key: SigningKey | None, reason: str) -> SigningParty | None:
    if key is None:
        return None
    return SigningParty(
        key=key_holder(key),
        image_png=bytes(key.image) if key.image else None,
        reason=reason,
        display_name=key.organization.issuing_body or key.organization.name,
    )


def _placement(pdf: bytes, decision: Decision, signer: Any, **options: Any) -> Any:
    _, title = signer_block(signer, decision.organization)
    return locate_signature_block(pdf, signer_name=person_name(signer), title_lines=(title,), **options)


def _trust_to_embed() -> Trust | None:
    # without any root the chain cannot be validated for embedding; the signature still verifies later
    office_trust = trust()
    return office_trust if office_trust.roots else None


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


@dataclass(frozen=True)
class SignatureSummary:
    """What the page and the API say of one stored PDF's signatures."""

    result: VerificationResult

    def as_dict(self) -> dict[str, Any]:
        return {
            "signed": self.result.signed,
            "intact": self.result.intact,
            "valid": self.result.valid,
            "signatures": [
                {
                    "signer": s.signer_name,
                    "organization": s.organisation,
                    "signed_at": s.signing_time.isoformat() if s.signing_time else None,
                    "signed_at_text": _vietnam_time(s.signing_time),
                    "intact": s.intact and not s.modified_after_signing,
                    "trusted": s.trusted,
                    "valid": s.valid,
                    "timestamped": s.timestamped,
                    "problem": s.problem,
                }
                for s in self.result.signatures
            ],
        }


def _vietnam_time(moment: datetime.datetime | None) -> str:
    return f"{moment.astimezone(VIETNAM):%H:%M ngày %d/%m/%Y}" if moment else ""


def signatures_of(pdf: bytes) -> dict[str, Any]:
    return SignatureSummary(verify_document(pdf, trust_roots=trust())).as_dict()


def decision_signature(decision: Decision, pdf: bytes | None) -> dict[str, Any]:
    """How a signed decision was signed, and for a digital signature whether it still holds."""
    report: dict[str, Any] = {"kind": decision.signature_kind or None}
    if decision.signature_kind == SignatureKind.DIGITAL and pdf is not None:
        report.update(signatures_of(pdf))
    elif decision.signature_kind == SignatureKind.PAPER:
        report["scan_sha256"] = decision.signed_scan_sha256
    return report


def decision_signature_report(decision: Decision) -> dict[str, Any]:
    record = decision_record(decision)
    return decision_signature(decision, bytes(record.pdf) if record else None)


def certificate_signature_report(certificate: Certificate) -> dict[str, Any]:
    """The certificate's own signatures (if it carries any) and how its decision was signed."""
    return {
        "certificate": signatures_of(bytes(certificate_record(certificate).pdf)),
        "decision": decision_signature_report(certificate.decision),
    }
