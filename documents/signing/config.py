"""Where an installation's signing material comes from: the environment, never the repository.

| variable | meaning |
|---|---|
| `VINHDANH_SIGNING_TRUST_ROOTS` | PEM/DER file or folder of the root certificates trusted for verification |
| `VINHDANH_SIGNING_INTERMEDIATES` | optional PEM/DER file or folder of intermediate CA certificates |
| `VINHDANH_SIGNING_CRLS` | optional CRL files (DER or PEM), separated by `:` (for an offline CA) |
| `VINHDANH_SIGNING_FETCH_REVOCATION` | `true` to fetch CRL/OCSP named in certificates when embedding LTV data |
| `VINHDANH_TSA_URL` | RFC 3161 time-stamping authority; unset: no timestamp |
| `VINHDANH_PKCS11_MODULE` | the PKCS#11 module of the office's tokens (e.g. the token vendor's .so) |
| `VINHDANH_SEAL_PKCS12` / `…_PASSWORD` | the organisation's seal as a PKCS#12 file and its password |
| `VINHDANH_SEAL_PKCS11_TOKEN` / `…_KEY` / `…_PIN` | or: the seal on a token (token label, key label, user PIN) |
| `VINHDANH_SEAL_IMAGE` | the seal's image: transparent PNG at its real size |

An organisation with its own seal (the Hội Khuyến học beside the UBND) uses the same names with its
code after `SEAL_`: `VINHDANH_SEAL_HKH_PKCS12`, … The unsuffixed names are the fallback.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from asn1crypto import pem

from . import errors
from .keys import KeyHolder, Pkcs11KeyHolder, Pkcs12KeyHolder
from .parts import SigningParty, Trust

_CERT_SUFFIXES = {".pem", ".crt", ".cer", ".der"}


@dataclass(frozen=True)
class SigningConfig:
    environ: Mapping[str, str]

    @classmethod
    def from_environ(cls, environ: Mapping[str, str]) -> SigningConfig:
        return cls(environ=dict(environ))

    def _get(self, name: str, organisation: str | None = None) -> str:
        if organisation:
            specific = self.environ.get(name.replace("VINHDANH_SEAL_", f"VINHDANH_SEAL_{organisation.upper()}_"), "")
            if specific:
                return specific
        return self.environ.get(name, "")

    @property
    def tsa_url(self) -> str | None:
        return self.environ.get("VINHDANH_TSA_URL") or None

    @property
    def pkcs11_module(self) -> str | None:
        return self.environ.get("VINHDANH_PKCS11_MODULE") or None

    def trust(self) -> Trust:
        roots_path = self.environ.get("VINHDANH_SIGNING_TRUST_ROOTS", "")
        if not roots_path:
            raise errors.SigningRefusal(
                "signing_trust_roots_missing",
                "Chưa cấu hình chứng thư gốc tin cậy (VINHDANH_SIGNING_TRUST_ROOTS).",
                "No trust roots are configured (VINHDANH_SIGNING_TRUST_ROOTS).",
                status=503,
            )
        roots = _certificates(Path(roots_path))
        if not roots:
            raise errors.key_missing(f"trust roots in {roots_path}")
        intermediates_path = self.environ.get("VINHDANH_SIGNING_INTERMEDIATES", "")
        intermediates = _certificates(Path(intermediates_path)) if intermediates_path else []
        crls = [_der(Path(p).read_bytes()) for p in self.environ.get("VINHDANH_SIGNING_CRLS", "").split(":") if p]
        fetch = self.environ.get("VINHDANH_SIGNING_FETCH_REVOCATION", "").lower() in {"1", "true", "yes", "on"}
        return Trust.of(roots, intermediates, crls, allow_fetching=fetch)

    def seal_key(self, organisation: str | None = None) -> KeyHolder:
        pkcs12_path = self._get("VINHDANH_SEAL_PKCS12", organisation)
        if pkcs12_path:
            return Pkcs12KeyHolder(
                path=pkcs12_path, password=self._get("VINHDANH_SEAL_PKCS12_PASSWORD", organisation) or None
            )
        token = self._get("VINHDANH_SEAL_PKCS11_TOKEN", organisation)
        if token:
            if not self.pkcs11_module:
                raise errors.key_missing("VINHDANH_PKCS11_MODULE")
            return Pkcs11KeyHolder(
                module_path=self.pkcs11_module,
                token_label=token,
                key_label=self._get("VINHDANH_SEAL_PKCS11_KEY", organisation),
                pin=self._get("VINHDANH_SEAL_PKCS11_PIN", organisation) or None,
            )
        raise errors.key_missing(
            f"{'VINHDANH_SEAL_' + organisation.upper() + '_PKCS12 / ' if organisation else ''}"
            "VINHDANH_SEAL_PKCS12 / VINHDANH_SEAL_PKCS11_TOKEN"
        )

    def seal_party(self, organisation: str | None = None, *, reason: str | None = None) -> SigningParty:
        image_path = self._get("VINHDANH_SEAL_IMAGE", organisation)
        image = Path(image_path).read_bytes() if image_path else None
        return SigningParty(key=self.seal_key(organisation), image_png=image, reason=reason)


def _der(data: bytes) -> bytes:
    if pem.detect(data):
        _, _, data = pem.unarmor(data)
    return data


def _certificates(path: Path) -> list[bytes]:
    files = sorted(p for p in path.iterdir() if p.suffix.lower() in _CERT_SUFFIXES) if path.is_dir() else [path]
    certs: list[bytes] = []
    for file in files:
        try:
            data = file.read_bytes()
        except OSError:
            raise errors.key_missing(str(file)) from None
        if pem.detect(data):
            certs.extend(der for _, _, der in pem.unarmor(data, multiple=True))
        else:
            certs.append(data)
    return certs
