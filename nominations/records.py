"""Keeping a signed or issued document: its bytes, their SHA-256 and what rendered them, written once."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction

from documents import RENDERER_VERSION
from nominations.models import StoredDocument

_OWNER_FIELDS = ("decision", "certificate", "council_session", "nomination")


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _as_data(shown: Any) -> dict[str, Any]:
    if dataclasses.is_dataclass(shown) and not isinstance(shown, type):
        shown = dataclasses.asdict(shown)
    return json.loads(json.dumps(shown or {}, cls=DjangoJSONEncoder, default=str))


def stored_document(**owner: Any) -> StoredDocument | None:
    """The stored record of one owner (decision=…, certificate=…, council_session=…, nomination=…), if any."""
    (field, value), *rest = owner.items()
    assert field in _OWNER_FIELDS
    assert not rest
    return StoredDocument.objects.filter(**{field: value}).first()


def document_store(
    *,
    kind: str,
    pdf: bytes,
    docx: bytes | None = None,
    shown: Any = None,
    template_version: str,
    **owner: Any,
) -> StoredDocument:
    """Keep a document as signed; a second call for the same owner returns the first record untouched."""
    (field, value), *rest = owner.items()
    assert field in _OWNER_FIELDS
    assert not rest
    try:
        with transaction.atomic():
            return StoredDocument.objects.create(
                kind=kind,
                pdf=pdf,
                pdf_sha256=sha256(pdf),
                docx=docx,
                docx_sha256=sha256(docx) if docx else "",
                data=_as_data(shown),
                template_version=template_version,
                renderer_version=RENDERER_VERSION,
                **{field: value},
            )
    except IntegrityError:
        # Another request kept it first: the first record stands.
        return StoredDocument.objects.get(**{field: value})
