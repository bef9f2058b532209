"""Secrets the system must use but nobody should read back (a gateway's HMAC key): sealed at rest.

Signing needs the secret itself, so it is encrypted (Fernet: AES-128-CBC with an HMAC-SHA256 tag), not
hashed. The key comes from the environment (VINHDANH_SEALING_KEY, any string; by default derived
from DJANGO_SECRET_KEY), so a copy of the database alone does not reveal the secret.
"""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings


def _fernet() -> Fernet:
    material = getattr(settings, "VINHDANH_SEALING_KEY", "") or settings.SECRET_KEY
    digest = hashlib.sha256(b"vinhdanh-sealing:" + material.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def seal(plain: str) -> str:
    return _fernet().encrypt(plain.encode()).decode() if plain else ""


def unseal(token: str) -> str:
    if not token:
        return ""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise ValueError("sealed value does not open with the configured key") from exc
