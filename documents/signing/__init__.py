"""Digital signatures on stored PDFs (PAdES, pyHanko): bytes in, bytes out, no models.

Entry points for the awards room: ``sign_document`` (a decision's or certificate's frozen PDF, with the
signer and the organisation's seal), ``begin_remote_signature`` / ``finish_remote_signature`` (a remote
service that calls back later), ``verify_document`` (the verification page and the API), and
``SigningConfig.from_environ`` (where keys, trust roots and the TSA come from).
"""

from .config import SigningConfig
from .errors import SigningRefusal
from .keys import (
    KeyHolder,
    LocalKeyHolder,
    Pkcs11KeyHolder,
    Pkcs12KeyHolder,
    RemoteKeyHolder,
    RemoteSignatureStatus,
    RemoteSigningService,
)
from .parts import SigningParty, Trust
from .placement import Box, Placement, locate_signature_block, mm
from .remote import PendingRemoteSignature, begin_remote_signature, finish_remote_signature
from .sign import seal_document, sign_document
from .verify import SignatureReport, VerificationResult, verify_document

__all__ = [
    "Box",
    "KeyHolder",
    "LocalKeyHolder",
    "PendingRemoteSignature",
    "Pkcs11KeyHolder",
    "Pkcs12KeyHolder",
    "Placement",
    "RemoteKeyHolder",
    "RemoteSignatureStatus",
    "RemoteSigningService",
    "SignatureReport",
    "SigningConfig",
    "SigningParty",
    "SigningRefusal",
    "Trust",
    "VerificationResult",
    "begin_remote_signature",
    "finish_remote_signature",
    "locate_signature_block",
    "mm",
    "seal_document",
    "sign_document",
    "verify_document",
]
