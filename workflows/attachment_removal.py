"""Removing a document from a file while its unit may still change it.

The row goes in the transaction, with its audit entry; the stored file is deleted only after the
commit, so a rolled-back removal never leaves a row pointing at a missing file.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from core.errors import Refusal
from nominations.models import Attachment
from workflows.audit import record_act
from workflows.drafting import lock_editable


def attachment_not_found() -> Refusal:
    return Refusal("not_found", "Không tìm thấy tài liệu.", "Document not found.", status=404)


def attachment_remove(
    *, nomination_id: Any, attachment_id: Any, actor: Any, version: int | None = None, client_ip: str | None = None
) -> None:
    with transaction.atomic():
        nomination = lock_editable(nomination_id=nomination_id, actor=actor, version=version)
        try:
            attachment = Attachment.objects.select_for_update().get(pk=attachment_id, nomination_id=nomination.pk)
        except (Attachment.DoesNotExist, ValueError, TypeError) as exc:
            raise attachment_not_found() from exc
        storage, stored_name = attachment.file.storage, attachment.file.name
        record_act(
            nomination=nomination,
            act="detach",
            actor=actor,
            comment=f"{attachment.kind}: {attachment.original_name} ({attachment.sha256[:12]})",
            client_ip=client_ip,
        )
        attachment.delete()
        if stored_name:
            transaction.on_commit(lambda: storage.delete(stored_name))
