"""Remote signing: the document's hash goes out to a service, the signature comes back and is embedded."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
from dataclasses import dataclass, field
from io import BytesIO

from asn1crypto import algos, cms, x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa, utils
from cryptography.x509 import load_der_x509_certificate
from pyhanko.sign.fields import SigFieldSpec
from pyhanko.sign.general import SigningError
from pyhanko.sign.signers.pdf_byterange import PreparedByteRangeDigest
from pyhanko.sign.signers.pdf_cms import ExternalSigner
from pyhanko.sign.signers.pdf_signer import PdfTBSDocument
from pyhanko.sign.timestamps import TimeStamper, TimestampRequestError
from pyhanko_certvalidator.registry import SimpleCertificateStore

from . import errors
from .appearance import _fit, _image_style
from .keys import subject_name
from .parts import (
    SIGNER_FIELD,
    SigningParty,
    Trust,
    _metadata,
    _timestamper,
    _VietnamTimePdfSigner,
    _writer,
    check_current,
)
from .placement import Placement
from .threads import off_the_event_loop


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


@off_the_event_loop
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
    check_current(cert)
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


@off_the_event_loop
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
