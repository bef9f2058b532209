"""The three ways an office holds a signing key, behind one interface.

- ``Pkcs12KeyHolder``: a .p12/.pfx file and its password (small installations, tests).
- ``Pkcs11KeyHolder``: a USB token or an HSM through its PKCS#11 module and the user PIN (the Ban Cơ yếu
  Chính phủ tokens, SoftHSM2 in the tests).
- ``RemoteKeyHolder``: a remote-signing service (VNPT SmartCA, Viettel MySign, …) behind a
  ``RemoteSigningService`` adapter: the hash of what is to be signed goes out, the user confirms on a phone,
  the raw signature comes back (by polling, or by a callback that calls ``finish_remote_signature``).

A local holder lends a pyHanko ``Signer`` for the length of one ``with`` block, so a token's session (and
its PIN) is held only while a document is being signed.
"""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Protocol

from asn1crypto import keys as asn1_keys
from asn1crypto import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from pyhanko.sign.signers.pdf_cms import Signer, SimpleSigner
from pyhanko_certvalidator.registry import SimpleCertificateStore
from pyhanko_certvalidator.util import get_pyca_cryptography_hash

from . import errors


def as_certificate(value: x509.Certificate | bytes) -> x509.Certificate:
    """An asn1crypto certificate from itself, DER or PEM bytes."""
    if isinstance(value, x509.Certificate):
        return value
    if value.lstrip().startswith(b"-----BEGIN"):
        from asn1crypto import pem

        _, _, value = pem.unarmor(value)
    return x509.Certificate.load(value)


def subject_name(cert: x509.Certificate) -> str:
    """The common name a person reads ("Lê Văn Tám"), or the whole subject when there is none."""
    native = cert.subject.native
    return str(native.get("common_name") or cert.subject.human_friendly)


class KeyHolder(ABC):
    """Something that can sign for one certificate."""

    label: str

    @abstractmethod
    def certificate(self) -> x509.Certificate:
        """The signer's certificate (opens the token or file if it must)."""

    @property
    def chain(self) -> tuple[x509.Certificate, ...]:
        """Intermediate certificates to embed next to the signer's own."""
        return ()


class LocalKeyHolder(KeyHolder):
    """A key that signs inside this process (file or token)."""

    @abstractmethod
    @contextmanager
    def signer(self) -> Iterator[Signer]:
        """A pyHanko signer, valid inside the ``with`` block only."""


class Pkcs12KeyHolder(LocalKeyHolder):
    def __init__(
        self,
        *,
        pkcs12_data: bytes | None = None,
        path: str | Path | None = None,
        password: str | bytes | None,
        label: str | None = None,
    ) -> None:
        if (pkcs12_data is None) == (path is None):
            raise ValueError("give exactly one of pkcs12_data and path")
        self._data = pkcs12_data
        self._path = Path(path) if path is not None else None
        self._password = password.encode() if isinstance(password, str) else password
        self.label = label or (self._path.name if self._path else "PKCS#12")
        self._loaded: tuple[_LoadedKey, x509.Certificate, tuple[x509.Certificate, ...]] | None = None

    def _load(self) -> tuple[_LoadedKey, x509.Certificate, tuple[x509.Certificate, ...]]:
        if self._loaded is not None:
            return self._loaded
        data = self._data
        if data is None:
            assert self._path is not None
            try:
                data = self._path.read_bytes()
            except OSError:
                raise errors.key_missing(self.label) from None
        try:
            key, cert, extra = pkcs12.load_key_and_certificates(data, self._password)
        except ValueError:
            # cryptography says only "Invalid password or PKCS12 data": a file that parses as DER is a
            # PKCS#12 whose password is wrong, anything else is not a key file at all.
            raise (
                errors.wrong_pin(self.label) if _looks_like_pkcs12(data) else errors.key_missing(self.label)
            ) from None
        if key is None or cert is None:
            raise errors.key_missing(self.label)
        key_info = asn1_keys.PrivateKeyInfo.load(
            key.private_bytes(
                serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        )
        chain = tuple(x509.Certificate.load(c.public_bytes(serialization.Encoding.DER)) for c in extra or ())
        self._loaded = (
            _LoadedKey(info=key_info, key=key),
            x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER)),
            chain,
        )
        return self._loaded

    def certificate(self) -> x509.Certificate:
        return self._load()[1]

    @property
    def chain(self) -> tuple[x509.Certificate, ...]:
        return self._load()[2]

    @contextmanager
    def signer(self) -> Iterator[Signer]:
        key, cert, chain = self._load()
        yield _LoadedKeySigner(
            key.key,
            signing_cert=cert,
            signing_key=key.info,
            cert_registry=SimpleCertificateStore.from_certs([cert, *chain]),
        )


@dataclass(frozen=True)
class _LoadedKey:
    info: asn1_keys.PrivateKeyInfo
    key: Any


class _LoadedKeySigner(SimpleSigner):
    """pyHanko's SimpleSigner re-parses the private key on every signature, which checks the RSA key again
    (about 0.1 s each, twice per signature counting the size estimate); this one signs with the key
    object already loaded."""

    def __init__(self, key: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._key = key

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm)
        try:
            name = mechanism.signature_algo
        except ValueError:
            name = mechanism["algorithm"].native
        hash_algorithm = get_pyca_cryptography_hash(digest_algorithm)
        if name == "rsassa_pkcs1v15" and isinstance(self._key, rsa.RSAPrivateKey):
            return self._key.sign(data, padding.PKCS1v15(), hash_algorithm)
        if name == "ecdsa" and isinstance(self._key, ec.EllipticCurvePrivateKey):
            return self._key.sign(data, ec.ECDSA(hash_algorithm))
        return super().sign_raw(data, digest_algorithm)


def _looks_like_pkcs12(data: bytes) -> bool:
    from asn1crypto import pkcs12 as asn1_pkcs12

    try:
        asn1_pkcs12.Pfx.load(data).native  # noqa: B018 - parsing is the check
    except (ValueError, TypeError):
        return False
    return True


class Pkcs11KeyHolder(LocalKeyHolder):
    """A key on a PKCS#11 token or HSM, found by the token's label and the key's (and certificate's) label."""

    def __init__(
        self,
        *,
        module_path: str,
        token_label: str,
        key_label: str,
        pin: str | None,
        cert_label: str | None = None,
        chain: Sequence[x509.Certificate | bytes] = (),
    ) -> None:
        self.module_path = module_path
        self.token_label = token_label
        self.key_label = key_label
        self.cert_label = cert_label or key_label
        self._pin = pin
        self._chain = tuple(as_certificate(c) for c in chain)
        self.label = f"{token_label}/{key_label}"
        self._cert: x509.Certificate | None = None

    @property
    def chain(self) -> tuple[x509.Certificate, ...]:
        return self._chain

    def certificate(self) -> x509.Certificate:
        if self._cert is None:
            with self.signer() as signer:
                assert signer.signing_cert is not None
                self._cert = signer.signing_cert
        return self._cert

    @contextmanager
    def signer(self) -> Iterator[Signer]:
        import pkcs11.exceptions as p11_errors
        from pyhanko.config.pkcs11 import TokenCriteria
        from pyhanko.sign.general import SigningError
        from pyhanko.sign.pkcs11 import PKCS11Error, PKCS11Signer, open_pkcs11_session

        if not Path(self.module_path).is_file():
            raise errors.key_missing(f"PKCS#11 module {self.module_path}")
        try:
            session = open_pkcs11_session(
                self.module_path, token_criteria=TokenCriteria(label=self.token_label), user_pin=self._pin
            )
        except p11_errors.PinIncorrect:
            raise errors.wrong_pin(self.label) from None
        except p11_errors.PinLocked:
            raise errors.key_locked(self.label) from None
        except (PKCS11Error, p11_errors.PKCS11Error) as exc:
            raise errors.key_missing(f"{self.label}: {type(exc).__name__} {exc}".strip()) from None
        try:
            signer = PKCS11Signer(
                session,
                cert_label=self.cert_label,
                key_label=self.key_label,
                ca_chain=self._chain,
                other_certs_to_pull=(),
            )
            try:
                # pulls the certificate and finds the key now, so a missing one is refused before any work
                signer.signing_cert  # noqa: B018
                # pyHanko finds the key lazily; a wrong label must fail here, before any work
                signer._load_objects()
            except (PKCS11Error, SigningError, p11_errors.PKCS11Error) as exc:
                raise errors.key_missing(f"{self.label}: {exc}") from None
            yield signer
        finally:
            session.close()


@dataclass(frozen=True)
class RemoteSignatureStatus:
    """What a remote-signing service says about one request."""

    state: Literal["pending", "signed", "declined"]
    signature: bytes | None = None
    detail: str = ""


class RemoteSigningService(Protocol):
    """The adapter a vendor integration implements: hash out, signature back.

    ``submit`` sends the SHA-256 digest of the CMS signed attributes (not the PDF) with a short text the
    user sees on the phone, and returns the service's request id. ``poll`` answers pending, signed (with
    the raw signature value: PKCS#1 v1.5 for RSA, DER for ECDSA) or declined. A service that calls back
    instead of being polled keeps the pending request and calls ``finish_remote_signature`` itself.
    """

    name: str

    def certificate(self) -> bytes:
        """The user's certificate (DER or PEM), as the service publishes it."""
        ...

    def chain(self) -> Sequence[bytes]:
        """Intermediate certificates of the user's certificate (DER or PEM), possibly empty."""
        ...

    def submit(self, *, digest: bytes, digest_algorithm: str, description: str) -> str: ...

    def poll(self, request_id: str) -> RemoteSignatureStatus: ...


class RemoteKeyHolder(KeyHolder):
    def __init__(
        self,
        *,
        service: RemoteSigningService,
        timeout_seconds: float = 300.0,
        poll_interval_seconds: float = 3.0,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.service = service
        self.label = service.name
        self.timeout_seconds = timeout_seconds
        self.poll_interval_seconds = poll_interval_seconds
        self._sleep = sleep
        self._clock = clock

    def certificate(self) -> x509.Certificate:
        return as_certificate(self.service.certificate())

    @property
    def chain(self) -> tuple[x509.Certificate, ...]:
        return tuple(as_certificate(c) for c in self.service.chain())

    def wait_for_signature(self, request_id: str) -> bytes:
        deadline = self._clock() + self.timeout_seconds
        while True:
            status = self.service.poll(request_id)
            if status.state == "signed" and status.signature:
                return status.signature
            if status.state == "declined":
                raise errors.remote_declined(self.service.name, status.detail or "—")
            if self._clock() >= deadline:
                raise errors.remote_timeout(self.service.name, self.timeout_seconds)
            self._sleep(self.poll_interval_seconds)
