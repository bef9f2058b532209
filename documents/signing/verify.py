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
from cryptography.exceptions import InvalidSignature
from cryptography.x509 import load_der_x509_certificate
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.fields import enumerate_sig_fields
from pyhanko.sign.validation import validate_pdf_signature

from .keys import subject_name
from .parts import Trust
from .threads import off_the_event_loop

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


@off_the_event_loop
def verify_document(
    pdf_bytes: bytes, *, trust_roots: Sequence[x509.Certificate | bytes] | Trust, moment: datetime | None = None
) -> VerificationResult:
    """Check every signature of ``pdf_bytes``. Never raises for a bad file: it reports it."""
    trust = trust_roots if isinstance(trust_roots, Trust) else Trust.of(trust_roots)
    try:
        reader = PdfFileReader(BytesIO(pdf_bytes))
        embedded = list(reader.embedded_signatures)
        filled = [name for name, _value, _field in enumerate_sig_fields(reader, filled_status=True)]
    except Exception as exc:  # an untrusted file can break the parser anywhere; it is reported, not raised
        return VerificationResult(signatures=(), readable=False, problem=f"{type(exc).__name__}: {exc}")
    reports = [_report(sig, trust, moment) for sig in embedded]
    # pyHanko skips a filled signature field whose /SubFilter it does not know; such a field is a
    # signature that can no longer be checked, not one that is absent
    recognised = {sig.field_name for sig in embedded}
    reports += [
        _broken(_Unrecognised(name), "a signature whose kind is not recognised")
        for name in filled
        if name not in recognised
    ]
    return VerificationResult(signatures=tuple(reports))


@dataclass(frozen=True)
class _Unrecognised:
    field_name: str


def _report(sig, trust: Trust, moment: datetime | None) -> SignatureReport:
    try:
        cert = sig.signer_cert
        name = subject_name(cert)
        organisation = cert.subject.native.get("organization_name")
    except Exception as exc:  # a damaged signature dictionary or certificate: reported as broken
        return _broken(sig, f"{type(exc).__name__}: {exc}")
    problem = _container_problem(sig, trust)
    if problem:
        return _broken(sig, problem, name=name, organisation=organisation)
    try:
        status = validate_pdf_signature(sig, trust.validation_context(moment=moment))
        timestamp = status.timestamp_validity
        if not status.trusted and moment is None and timestamp is not None and timestamp.trusted:
            # the certificate may have expired since: judge the chain at the trusted time of signing
            status = validate_pdf_signature(sig, trust.validation_context(moment=timestamp.timestamp))
    except Exception as exc:  # pyHanko raises from many modules on a damaged file
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


def _container_problem(sig, trust: Trust) -> str | None:
    """What the signed digest cannot see in the container: padding, the content type, carried certificates.

    Each is outside the signature by design, but a file where any of them changed is not the file that
    was signed, so it must not verify.
    """
    try:
        if _data_after_container(sig.pkcs7_content):
            return "data after the signature container"
        if sig.signed_data["encap_content_info"]["content_type"].native != "data":
            return "the container's content type is not id-data"
        if not _carried_certificates_intact(sig, trust):
            return "a certificate carried in the signature was altered"
    except Exception as exc:  # a container damaged enough to break the parsers
        return f"damaged signature container ({type(exc).__name__})"
    return None


def _carried_certificates_intact(sig, trust: Trust) -> bool:
    """Every certificate carried in the container parses and checks against an issuer the file or the office
    knows: the signer's chain must reach a configured root anyway, so a carried certificate without a known
    issuer is one whose issuer name was altered."""
    try:
        carried = [load_der_x509_certificate(c.chosen.dump()) for c in sig.signed_data["certificates"]]
    except Exception:  # a certificate that no longer parses
        return False
    known = carried + [load_der_x509_certificate(c.dump()) for c in (*trust.roots, *trust.intermediates)]
    for cert in carried:
        issuers = [c for c in known if c.subject == cert.issuer]
        if not any(_issued_by(cert, issuer) for issuer in issuers):
            return False
    return True


def _issued_by(cert, issuer) -> bool:
    try:
        cert.verify_directly_issued_by(issuer)
    except (ValueError, TypeError, InvalidSignature):
        return False
    return True


def _data_after_container(contents: bytes) -> bool:
    """Whether anything but zero padding follows the DER signature container in /Contents."""
    if len(contents) < 2:
        return True
    first = contents[1]
    if first < 0x80:
        header, length = 2, first
    else:
        count = first & 0x7F
        header, length = 2 + count, int.from_bytes(contents[2 : 2 + count], "big")
    return any(contents[header + length :])


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
