"""The audit chains' keys: held in the environment, never in the database; each entry names its key by id.

``VINHDANH_AUDIT_KEY`` is the key new entries are written with; ``VINHDANH_AUDIT_RETIRED_KEYS`` (comma-separated)
keeps older keys so the entries they signed still verify after a rotation.
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def key_id_of(key: str) -> str:
    # Public and stable: a digest of the key, so an operator never has to keep a name in step with a key.
    return hashlib.sha256(b"vinhdanh-audit-key-id:" + key.encode()).hexdigest()[:12]


def current_key_id() -> str:
    return key_id_of(settings.VINHDANH_AUDIT_KEY)


def _keys() -> dict[str, bytes]:
    keys = [settings.VINHDANH_AUDIT_KEY, *settings.VINHDANH_AUDIT_RETIRED_KEYS]
    return {key_id_of(key): key.encode() for key in keys if key}


def mac(key_id: str, message: bytes) -> str:
    try:
        key = _keys()[key_id]
    except KeyError as exc:
        raise UnknownAuditKey(key_id) from exc
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def new_mac(key_id: str) -> hmac.HMAC:
    """An incremental HMAC for long messages (the seal over every chain head)."""
    try:
        key = _keys()[key_id]
    except KeyError as exc:
        raise UnknownAuditKey(key_id) from exc
    return hmac.new(key, digestmod=hashlib.sha256)


class UnknownAuditKey(ImproperlyConfigured):
    def __init__(self, key_id: str) -> None:
        super().__init__(f"audit key {key_id} is not configured (VINHDANH_AUDIT_RETIRED_KEYS)")
        self.key_id = key_id
