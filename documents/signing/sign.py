"""PAdES signatures on a stored PDF: the signer's, then the organisation's seal, with their images.

The order follows the decree's practice: the person with authority signs first; the văn thư then
numbers the document and applies the organisation's signature (the seal), and finally the organisation's
signature on each attached list. Every signature is an incremental update, so each earlier one still
validates; each one embeds its chain and the revocation data the trust settings could find (DSS).
"""

from __future__ import annotations

from dataclasses import replace

from pyhanko.sign.fields import SigFieldSpec
from pyhanko.sign.general import SigningError
from pyhanko.sign.timestamps import TimeStamper, TimestampRequestError

from . import errors
from .appearance import _attachment_style, _fit, _image_style
from .keys import LocalKeyHolder, RemoteKeyHolder, subject_name
from .parts import (
    ATTACHMENT_FIELD,
    SEAL_FIELD,
    SIGNER_FIELD,
    SigningParty,
    Trust,
    _metadata,
    _page_size,
    _signer_rect,
    _timestamper,
    _VietnamTimePdfSigner,
    _writer,
    check_current,
)
from .placement import Box, Placement
from .remote import begin_remote_signature, finish_remote_signature
from .threads import off_the_event_loop


@off_the_event_loop
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


@off_the_event_loop
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
        check_current(cert)
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
