"""Verification of a stored PDF's signatures against the office's trust roots.

The answer is plain data for the verification page and the API: whether every signature is intact,
who signed and when, whether each chain ends in a configured root, and whether the file was changed
after a signature in a way the signature does not allow (anything beyond later signatures and
validation data).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO

from asn1crypto import x509
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.errors import SignatureValidationError

from .keys import subject_name
from .sign import Trust

_ALLOWED_AFTER_SIGNING = {ModificationLevel.NONE, ModificationLevel.LTA_UPDATES, ModificationLevel.FORM_FILLING}


@dataclass(frozen=True)
class SignatureReport:
    field_name: str
    signer_name: str
    organisation: str | None
    signing_time: datetime | None
    timestamped: bool
    intact: bool
    trusted: bool
    modified_after_signing: bool
    covers_whole_file: bool
    problem: str | None = None

    @property
    def valid(self) -> bool:
        return self.intact and self.trusted and not self.modified_after_signing


@dataclass(frozen=True)
class VerificationResult:
    signatures: tuple[SignatureReport, ...]
    readable: bool = True
    problem: str | None = None

    @property
    def signed(self) -> bool:
        return bool(self.signatures)

    @property
    def intact(self) -> bool:
        return self.readable and self.signed and all(s.intact and not s.modified_after_signing for s in self.signatures)

    @property
    def valid(self) -> bool:
        return self.readable and self.signed and all(s.valid for s in self.signatures)


def verify_document(
    pdf_bytes: bytes, *, trust_roots: Sequence[x509.Certificate | bytes] | Trust, moment: datetime | None = None
) -> VerificationResult:
    """Check every signature of ``pdf_bytes``. Never raises for a bad file: it reports it."""
    trust = trust_roots if isinstance(trust_roots, Trust) else Trust.of(trust_roots)
    try:
        reader = PdfFileReader(BytesIO(pdf_bytes))
        embedded = list(reader.embedded_signatures)
    except (PdfError, ValueError, KeyError, IndexError) as exc:
        return VerificationResult(signatures=(), readable=False, problem=f"{type(exc).__name__}: {exc}")
    reports = []
    for sig in embedded:
        reports.append(_report(sig, trust, moment))
    return VerificationResult(signatures=tuple(reports))


def _report(sig, trust: Trust, moment: datetime | None) -> SignatureReport:
    try:
        cert = sig.signer_cert
        name = subject_name(cert)
        organisation = cert.subject.native.get("organization_name")
    except (ValueError, KeyError, SignatureValidationError) as exc:
        return _broken(sig, f"{type(exc).__name__}: {exc}")
    try:
        status = validate_pdf_signature(sig, trust.validation_context(moment=moment))
        timestamp = status.timestamp_validity
        if not status.trusted and moment is None and timestamp is not None and timestamp.trusted:
            # the certificate may have expired since: judge the chain at the trusted time of signing
            status = validate_pdf_signature(sig, trust.validation_context(moment=timestamp.timestamp))
    except (SignatureValidationError, PdfError, ValueError) as exc:
        return _broken(sig, f"{type(exc).__name__}: {exc}", name=name, organisation=organisation)
    level = status.modification_level
    modified = (status.docmdp_ok is False) or (level is not None and level not in _ALLOWED_AFTER_SIGNING)
    timestamp = status.timestamp_validity
    problem = None
    if not status.trusted:
        problem = str(status.trust_problem_indic or "untrusted")
    return SignatureReport(
        field_name=sig.field_name,
        signer_name=name,
        organisation=organisation,
        signing_time=timestamp.timestamp if timestamp is not None else status.signer_reported_dt,
        timestamped=timestamp is not None and timestamp.intact and timestamp.valid,
        intact=bool(status.intact and status.valid),
        trusted=bool(status.trusted),
        modified_after_signing=modified,
        covers_whole_file=status.coverage is not None and status.coverage.name == "ENTIRE_FILE",
        problem=problem,
    )


def _broken(sig, problem: str, *, name: str = "", organisation: str | None = None) -> SignatureReport:
    return SignatureReport(
        field_name=str(getattr(sig, "field_name", "")),
        signer_name=name,
        organisation=organisation,
        signing_time=None,
        timestamped=False,
        intact=False,
        trusted=False,
        modified_after_signing=True,
        covers_whole_file=False,
        problem=problem,
    )
