"""What local and remote signing share: trust, the signing party, the signature field and its metadata."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO
from pathlib import Path
from zoneinfo import ZoneInfo

from asn1crypto import crl as asn1_crl
from asn1crypto import x509
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.sign.fields import SigSeedSubFilter
from pyhanko.sign.signers import PdfSignatureMetadata, PdfSigner
from pyhanko.sign.signers.pdf_signer import DSSContentSettings, SigDSSPlacementPreference
from pyhanko.sign.timestamps import HTTPTimeStamper, TimeStamper
from pyhanko_certvalidator import ValidationContext
from pypdf import PdfReader

from . import errors
from .keys import KeyHolder, as_certificate, subject_name
from .placement import Box

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
# Vietnam keeps no daylight saving time, so the offset is fixed; 3.11's strftime has no "%:z".
ISO_8601_VIETNAM = "%Y-%m-%dT%H:%M:%S+07:00"
# the same Liberation Serif 2 as documents/pdf.py (Times New Roman metrics, full Vietnamese), found the same way
FONT_DIR = Path(os.environ.get("VINHDANH_FONT_DIR", "/usr/share/fonts/truetype/liberation2"))
FONT_FILE = FONT_DIR / "LiberationSerif-Regular.ttf"

SIGNER_FIELD = "ChuKyNguoiKy"
SEAL_FIELD = "ChuKyCoQuan"
ATTACHMENT_FIELD = "ChuKyCoQuanVanBanKemTheo{page}"


@dataclass(frozen=True)
class Trust:
    """What a signature is checked against: the office's trust roots, and revocation data.

    ``crls`` are DER certificate revocation lists known locally (an offline CA, the tests' CA);
    ``allow_fetching`` lets pyHanko fetch CRLs/OCSP named in the certificates (production with network).
    """

    roots: tuple[x509.Certificate, ...]
    intermediates: tuple[x509.Certificate, ...] = ()
    crls: tuple[bytes, ...] = ()
    allow_fetching: bool = False

    @classmethod
    def of(
        cls,
        roots: Sequence[x509.Certificate | bytes],
        intermediates: Sequence[x509.Certificate | bytes] = (),
        crls: Sequence[bytes] = (),
        allow_fetching: bool = False,
    ) -> Trust:
        return cls(
            roots=tuple(as_certificate(c) for c in roots),
            intermediates=tuple(as_certificate(c) for c in intermediates),
            crls=tuple(crls),
            allow_fetching=allow_fetching,
        )

    def validation_context(self, *, moment: datetime | None = None) -> ValidationContext:
        return ValidationContext(
            trust_roots=list(self.roots),
            other_certs=list(self.intermediates),
            crls=[asn1_crl.CertificateList.load(c) for c in self.crls],
            allow_fetching=self.allow_fetching,
            revocation_mode="soft-fail",
            moment=moment,
        )


@dataclass(frozen=True)
class SigningParty:
    """Who signs, with which key, and the image the decree shows for that signature.

    The signer's image is the handwritten signature (blue, transparent PNG); the seal's is the red seal
    at its real size (transparent PNG). Without an image the appearance is the name and signing time.
    """

    key: KeyHolder
    image_png: bytes | None = None
    reason: str | None = None
    location: str | None = None
    display_name: str | None = None


class _VietnamTimePdfSigner(PdfSigner):
    """Signing time in Vietnam's time zone, as the decree asks the appearance to show it."""

    def init_signing_session(self, pdf_out, existing_fields_only=False):
        session = super().init_signing_session(pdf_out, existing_fields_only=existing_fields_only)
        session.system_time = datetime.now(VIETNAM)
        return session


def _metadata(party: SigningParty, cert: x509.Certificate, field_name: str, *, trust: Trust | None):
    return PdfSignatureMetadata(
        field_name=field_name,
        md_algorithm="sha256",
        subfilter=SigSeedSubFilter.PADES,
        name=party.display_name or subject_name(cert),
        reason=party.reason,
        location=party.location,
        embed_validation_info=trust is not None,
        validation_context=trust.validation_context() if trust is not None else None,
        # the validation data goes into the signature's own revision, so the signature covers it and no
        # unsigned revision trails the file (a byte changed anywhere then fails verification)
        dss_settings=DSSContentSettings(placement=SigDSSPlacementPreference.TOGETHER_WITH_SIGNATURE, include_vri=False),
    )


def _writer(pdf_bytes: bytes) -> IncrementalPdfFileWriter:
    try:
        return IncrementalPdfFileWriter(BytesIO(pdf_bytes))
    except (PdfError, ValueError) as exc:
        raise errors.unreadable_pdf(str(exc)) from None


def _signer_rect(pdf_bytes: bytes, page: int) -> Box | None:
    for annot in PdfReader(BytesIO(pdf_bytes)).pages[page].get("/Annots") or ():
        annot = annot.get_object()
        if annot.get("/T") == SIGNER_FIELD:
            x1, y1, x2, y2 = (float(v) for v in annot["/Rect"])
            return Box(min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2))
    return None


def _page_size(pdf_bytes: bytes, page: int) -> tuple[float, float]:
    box = PdfReader(BytesIO(pdf_bytes)).pages[page].mediabox
    return float(box.width), float(box.height)


def check_current(cert: x509.Certificate, now: datetime | None = None) -> None:
    now = now or datetime.now(VIETNAM)
    validity = cert["tbs_certificate"]["validity"]
    not_before, not_after = validity["not_before"].native, validity["not_after"].native
    if not (not_before <= now <= not_after):
        raise errors.certificate_not_current(subject_name(cert), not_before, not_after, now)


def _timestamper(tsa_url: str | None) -> TimeStamper | None:
    return HTTPTimeStamper(tsa_url, timeout=15) if tsa_url else None


# --- remote signature values -------------------------------------------------------------------------


# --- appearances ---------------------------------------------------------------------------------------
