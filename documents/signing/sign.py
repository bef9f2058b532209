"""PAdES signatures on a stored PDF: the signer's, then the organisation's seal, with their images.

The order follows the decree's practice: the person with authority signs first; the văn thư then
numbers the document and applies the organisation's signature (the seal), and finally the organisation's
signature on each attached list. Every signature is an incremental update, so each earlier one still
validates; each one embeds its chain and the revocation data the trust settings could find (DSS).
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import cache
from io import BytesIO
from pathlib import Path
from zoneinfo import ZoneInfo

from asn1crypto import algos, cms, x509
from asn1crypto import crl as asn1_crl
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa, utils
from cryptography.x509 import load_der_x509_certificate
from fontTools import subset
from fontTools.ttLib import TTFont
from fontTools.ttLib.scaleUpem import scale_upem
from PIL import Image
from pyhanko.pdf_utils import layout
from pyhanko.pdf_utils.font.opentype import GlyphAccumulator, GlyphAccumulatorFactory
from pyhanko.pdf_utils.images import PdfImage
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.sign.fields import SigFieldSpec, SigSeedSubFilter
from pyhanko.sign.general import SigningError
from pyhanko.sign.signers import PdfSignatureMetadata, PdfSigner
from pyhanko.sign.signers.pdf_byterange import PreparedByteRangeDigest
from pyhanko.sign.signers.pdf_cms import ExternalSigner
from pyhanko.sign.signers.pdf_signer import DSSContentSettings, PdfTBSDocument, SigDSSPlacementPreference
from pyhanko.sign.timestamps import HTTPTimeStamper, TimeStamper, TimestampRequestError
from pyhanko.stamp import StaticStampStyle, TextStampStyle
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore
from pypdf import PdfReader

from . import errors
from .keys import KeyHolder, LocalKeyHolder, RemoteKeyHolder, as_certificate, subject_name
from .placement import Box, Placement

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


def sign_document(
    pdf_bytes: bytes,
    *,
    signer: SigningParty,
    seal: SigningParty | None = None,
    placement: Placement,
    trust: Trust,
    tsa_url: str | None = None,
    document_number: str | None = None,
    timestamper: TimeStamper | None = None,
) -> bytes:
    """Sign a stored PDF's bytes: the signer's signature, then the seal, then the attached lists' marks.

    ``document_number`` ("07/QĐ-UBND") is shown at the top right of each attached page; it is required when
    the placement names attached pages. ``timestamper`` overrides ``tsa_url`` for callers that already
    hold a pyHanko time stamper. Returns the signed PDF; refuses with ``SigningRefusal``.
    """
    stamper = timestamper or _timestamper(tsa_url)
    placement = _fit(placement, signer.image_png)
    if isinstance(signer.key, RemoteKeyHolder):
        pending = begin_remote_signature(
            pdf_bytes, signer=signer, placement=placement, trust=trust, timestamper=stamper
        )
        key = signer.key
        request_id = key.service.submit(
            digest=pending.digest, digest_algorithm=pending.digest_algorithm, description=pending.description
        )
        signature = key.wait_for_signature(request_id)
        signed = finish_remote_signature(
            pending, signature=signature, service_name=key.service.name, timestamper=stamper
        )
    else:
        signed = _sign_local(
            pdf_bytes,
            party=signer,
            field_name=SIGNER_FIELD,
            page=placement.page,
            box=placement.signature_box,
            style=_image_style(signer.image_png, fallback_text="%(signer)s\n%(ts)s"),
            trust=trust,
            timestamper=stamper,
        )
    if seal is None:
        return signed
    return seal_document(
        signed,
        seal=seal,
        placement=placement,
        trust=trust,
        document_number=document_number,
        timestamper=stamper,
    )


def seal_document(
    pdf_bytes: bytes,
    *,
    seal: SigningParty,
    placement: Placement,
    trust: Trust,
    document_number: str | None = None,
    tsa_url: str | None = None,
    timestamper: TimeStamper | None = None,
) -> bytes:
    """The organisation's signature over the signer's (seal overlapping its left third), then the marks."""
    if not isinstance(seal.key, LocalKeyHolder):
        raise TypeError("the organisation's seal is held by the office: a PKCS#12 file or a PKCS#11 token")
    if placement.attachment_pages and not document_number:
        raise ValueError("attached pages carry the document's number: pass document_number")
    stamper = timestamper or _timestamper(tsa_url)
    # the seal goes over the signature as it was actually placed (a remote signature finished in another
    # request was fitted to its image there)
    placement = replace(placement, signature_box=_signer_rect(pdf_bytes, placement.page) or placement.signature_box)
    signed = _sign_local(
        pdf_bytes,
        party=seal,
        field_name=SEAL_FIELD,
        page=placement.page,
        box=placement.seal_box(),
        style=_image_style(seal.image_png, fallback_text="%(signer)s\n%(ts)s"),
        trust=trust,
        timestamper=stamper,
    )
    for page in placement.attachment_pages:
        width, height = _page_size(signed, page)
        signed = _sign_local(
            signed,
            party=seal,
            field_name=ATTACHMENT_FIELD.format(page=page + 1),
            page=page,
            box=placement.attachment_box(width, height),
            style=_attachment_style(document_number or ""),
            trust=trust,
            timestamper=stamper,
        )
    return signed


@dataclass(frozen=True)
class PendingRemoteSignature:
    """A document waiting for a remote signature: everything needed to finish it later, as plain data.

    ``digest`` is what goes out to the service (SHA-256 of the CMS signed attributes). ``to_json`` /
    ``from_json`` let a callback arrive in another process, minutes later.
    """

    digest: bytes
    digest_algorithm: str
    description: str
    prepared_pdf: bytes
    document_digest: bytes
    reserved_region_start: int
    reserved_region_end: int
    signed_attributes: bytes
    certificate: bytes
    chain: tuple[bytes, ...] = field(default=())
    field_name: str = SIGNER_FIELD

    def to_json(self) -> str:
        data = {
            "digest": self.digest.hex(),
            "digest_algorithm": self.digest_algorithm,
            "description": self.description,
            "prepared_pdf": base64.b64encode(self.prepared_pdf).decode(),
            "document_digest": self.document_digest.hex(),
            "reserved_region_start": self.reserved_region_start,
            "reserved_region_end": self.reserved_region_end,
            "signed_attributes": base64.b64encode(self.signed_attributes).decode(),
            "certificate": base64.b64encode(self.certificate).decode(),
            "chain": [base64.b64encode(c).decode() for c in self.chain],
            "field_name": self.field_name,
        }
        return json.dumps(data)

    @classmethod
    def from_json(cls, text: str) -> PendingRemoteSignature:
        data = json.loads(text)
        return cls(
            digest=bytes.fromhex(data["digest"]),
            digest_algorithm=data["digest_algorithm"],
            description=data["description"],
            prepared_pdf=base64.b64decode(data["prepared_pdf"]),
            document_digest=bytes.fromhex(data["document_digest"]),
            reserved_region_start=int(data["reserved_region_start"]),
            reserved_region_end=int(data["reserved_region_end"]),
            signed_attributes=base64.b64decode(data["signed_attributes"]),
            certificate=base64.b64decode(data["certificate"]),
            chain=tuple(base64.b64decode(c) for c in data["chain"]),
            field_name=data["field_name"],
        )


def begin_remote_signature(
    pdf_bytes: bytes,
    *,
    signer: SigningParty,
    placement: Placement,
    trust: Trust,
    tsa_url: str | None = None,
    timestamper: TimeStamper | None = None,
    description: str | None = None,
) -> PendingRemoteSignature:
    """Prepare the signer's signature field and appearance, and compute the hash the service must sign."""
    cert = signer.key.certificate()
    _check_current(cert)
    chain = signer.key.chain
    stamper = timestamper or _timestamper(tsa_url)
    placement = _fit(placement, signer.image_png)
    mechanism = _mechanism_for(cert)
    placeholder = ExternalSigner(
        signing_cert=cert,
        cert_registry=SimpleCertificateStore.from_certs([cert, *chain]),
        signature_value=_signature_size(cert),
        signature_mechanism=mechanism,
    )
    pdf_signer = _VietnamTimePdfSigner(
        _metadata(signer, cert, SIGNER_FIELD, trust=trust),
        signer=placeholder,
        timestamper=stamper,
        stamp_style=_image_style(signer.image_png, fallback_text="%(signer)s\n%(ts)s"),
        new_field_spec=SigFieldSpec(SIGNER_FIELD, on_page=placement.page, box=placement.signature_box.as_ints()),
    )

    async def prepare():
        writer = _writer(pdf_bytes)
        prepared, _tbs, output = await pdf_signer.async_digest_doc_for_signing(writer)
        attributes = await placeholder.signed_attrs(prepared.document_digest, "sha256", use_pades=True)
        return prepared, output, attributes

    try:
        prepared, output, attributes = asyncio.run(prepare())
    except TimestampRequestError as exc:
        raise errors.timestamp_failed(str(getattr(stamper, "url", "")), str(exc)) from None
    except SigningError as exc:
        raise errors.chain_untrusted(subject_name(cert), str(exc)) from None
    signed_attributes = attributes.dump()
    return PendingRemoteSignature(
        digest=hashlib.sha256(signed_attributes).digest(),
        digest_algorithm="sha256",
        description=description or f"Ký văn bản: {signer.reason or 'văn bản'}",
        prepared_pdf=output.getvalue(),
        document_digest=prepared.document_digest,
        reserved_region_start=prepared.reserved_region_start,
        reserved_region_end=prepared.reserved_region_end,
        signed_attributes=signed_attributes,
        certificate=cert.dump(),
        chain=tuple(c.dump() for c in chain),
    )


def finish_remote_signature(
    pending: PendingRemoteSignature,
    *,
    signature: bytes,
    service_name: str,
    tsa_url: str | None = None,
    timestamper: TimeStamper | None = None,
) -> bytes:
    """Embed the signature value the service returned, after checking it against the certificate."""
    cert = x509.Certificate.load(pending.certificate)
    if not _signature_matches(cert, pending.digest, signature):
        raise errors.remote_bad_signature(service_name)
    chain = [x509.Certificate.load(c) for c in pending.chain]
    stamper = timestamper or _timestamper(tsa_url)
    external = ExternalSigner(
        signing_cert=cert,
        cert_registry=SimpleCertificateStore.from_certs([cert, *chain]),
        signature_value=signature,
        signature_mechanism=_mechanism_for(cert),
    )

    async def finish() -> BytesIO:
        container = await external.async_sign_prescribed_attributes(
            pending.digest_algorithm,
            signed_attrs=cms.CMSAttributes.load(pending.signed_attributes),
            timestamper=stamper,
        )
        output = BytesIO(pending.prepared_pdf)
        prepared = PreparedByteRangeDigest(
            document_digest=pending.document_digest,
            reserved_region_start=pending.reserved_region_start,
            reserved_region_end=pending.reserved_region_end,
        )
        await PdfTBSDocument.async_finish_signing(output, prepared, container)
        return output

    try:
        output = asyncio.run(finish())
    except TimestampRequestError as exc:
        raise errors.timestamp_failed(str(getattr(stamper, "url", "")), str(exc)) from None
    return output.getvalue()


# --- one local signature ---------------------------------------------------------------------------


class _VietnamTimePdfSigner(PdfSigner):
    """Signing time in Vietnam's time zone, as the decree asks the appearance to show it."""

    def init_signing_session(self, pdf_out, existing_fields_only=False):
        session = super().init_signing_session(pdf_out, existing_fields_only=existing_fields_only)
        session.system_time = datetime.now(VIETNAM)
        return session


def _sign_local(
    pdf_bytes: bytes,
    *,
    party: SigningParty,
    field_name: str,
    page: int,
    box: Box,
    style,
    trust: Trust,
    timestamper: TimeStamper | None,
) -> bytes:
    key = party.key
    assert isinstance(key, LocalKeyHolder)
    with key.signer() as signer:
        cert = signer.signing_cert
        assert cert is not None
        _check_current(cert)
        pdf_signer = _VietnamTimePdfSigner(
            _metadata(party, cert, field_name, trust=trust),
            signer=signer,
            timestamper=timestamper,
            stamp_style=style,
            new_field_spec=SigFieldSpec(field_name, on_page=page, box=box.as_ints()),
        )
        try:
            return pdf_signer.sign_pdf(_writer(pdf_bytes)).getvalue()
        except TimestampRequestError as exc:
            raise errors.timestamp_failed(str(getattr(timestamper, "url", "")), str(exc)) from None
        except SigningError as exc:
            if "validat" in str(exc).lower() or "path" in str(exc).lower():
                raise errors.chain_untrusted(subject_name(cert), str(exc)) from None
            raise


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


def _check_current(cert: x509.Certificate, now: datetime | None = None) -> None:
    now = now or datetime.now(VIETNAM)
    validity = cert["tbs_certificate"]["validity"]
    not_before, not_after = validity["not_before"].native, validity["not_after"].native
    if not (not_before <= now <= not_after):
        raise errors.certificate_not_current(subject_name(cert), not_before, not_after, now)


def _timestamper(tsa_url: str | None) -> TimeStamper | None:
    return HTTPTimeStamper(tsa_url, timeout=15) if tsa_url else None


# --- remote signature values -------------------------------------------------------------------------


def _mechanism_for(cert: x509.Certificate) -> algos.SignedDigestAlgorithm:
    algorithm = cert.public_key.algorithm
    name = {"rsa": "sha256_rsa", "ec": "sha256_ecdsa"}.get(algorithm)
    if name is None:
        raise ValueError(f"unsupported key algorithm {algorithm}")
    return algos.SignedDigestAlgorithm({"algorithm": name})


def _signature_size(cert: x509.Certificate) -> int:
    if cert.public_key.algorithm == "rsa":
        return cert.public_key.bit_size // 8
    # DER ECDSA signatures vary in length; reserve the largest
    return 2 * ((cert.public_key.bit_size + 7) // 8) + 9


def _signature_matches(cert: x509.Certificate, digest: bytes, signature: bytes) -> bool:
    public_key = load_der_x509_certificate(cert.dump()).public_key()
    try:
        if isinstance(public_key, rsa.RSAPublicKey):
            public_key.verify(signature, digest, padding.PKCS1v15(), utils.Prehashed(hashes.SHA256()))
        elif isinstance(public_key, ec.EllipticCurvePublicKey):
            public_key.verify(signature, digest, ec.ECDSA(utils.Prehashed(hashes.SHA256())))
        else:
            return False
    except InvalidSignature:
        return False
    return True


# --- appearances ---------------------------------------------------------------------------------------


@cache
def _font_bytes() -> bytes:
    """Liberation Serif cut down to Vietnamese and rescaled to 1000 units per em.

    pyHanko writes the CID font's /W widths in the font's own units, but PDF reads them per 1000: with
    Liberation's 2048 units every letter would advance twice its width. A 1000-unit copy makes the two agree.
    """
    font = TTFont(str(FONT_FILE))
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=_VIETNAMESE)
    subsetter.subset(font)
    scale_upem(font, 1000)
    out = BytesIO()
    font.save(out)
    return out.getvalue()


_VIETNAMESE = [
    *range(0x20, 0x7F),
    *range(0xC0, 0x1B1),
    *range(0x300, 0x324),
    *range(0x1EA0, 0x1EFA),
    0x2013,
    0x2014,
]


class _VietnameseFont(GlyphAccumulatorFactory):
    def create_font_engine(self, writer, obj_stream=None) -> GlyphAccumulator:
        if obj_stream is None and writer.stream_xrefs and self.create_objstream_if_needed:
            obj_stream = writer.prepare_object_stream()
        return GlyphAccumulator(
            writer=writer, font_handle=BytesIO(_font_bytes()), font_size=self.font_size, obj_stream=obj_stream
        )


def _font() -> GlyphAccumulatorFactory | None:
    return _VietnameseFont(str(FONT_FILE), font_size=10) if FONT_FILE.is_file() else None


def _text_box_style(size: int = 10) -> TextBoxStyle:
    font = _font()
    return TextBoxStyle(font=font, font_size=size) if font else TextBoxStyle(font_size=size)


def _fit(placement: Placement, image_png: bytes | None) -> Placement:
    if image_png is None:
        return placement
    with Image.open(BytesIO(image_png)) as image:
        return placement.fitted(image.width / image.height)


def _image_style(image_png: bytes | None, *, fallback_text: str):
    if image_png is None:
        return TextStampStyle(
            stamp_text=fallback_text,
            timestamp_format=ISO_8601_VIETNAM,
            text_box_style=_text_box_style(),
            border_width=0,
        )
    image = Image.open(BytesIO(image_png))
    image.load()
    return StaticStampStyle(
        background=PdfImage(image),
        background_opacity=1.0,
        border_width=0,
        background_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MID,
            y_align=layout.AxisAlignment.ALIGN_MID,
            margins=layout.Margins.uniform(0),
        ),
    )


def _attachment_style(document_number: str) -> TextStampStyle:
    # Phụ lục I: the number and the signing time, Times New Roman 10, upright, black, no image
    escaped = document_number.replace("%", "%%")
    return TextStampStyle(
        stamp_text=f"{escaped}\n%(ts)s",
        timestamp_format=ISO_8601_VIETNAM,
        text_box_style=_text_box_style(10),
        border_width=0,
        inner_content_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MAX,
            y_align=layout.AxisAlignment.ALIGN_MAX,
            margins=layout.Margins.uniform(0),
            inner_content_scaling=layout.InnerScaling.SHRINK_TO_FIT,
        ),
    )
