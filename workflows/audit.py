"""The append-only, hash-chained audit log and the outbox, written inside the caller's transaction."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from workflows import hooks
from workflows.models import AuditEntry, OutboxEvent, SessionAuditEntry


def audit_append(
    *,
    nomination: Any,
    transition: str,
    source: str,
    target: str,
    actor: Any,
    comment: str = "",
    client_ip: str | None = None,
) -> AuditEntry:
    """Append one entry to the nomination's chain; the caller holds the nomination's row lock."""
    assert transaction.get_connection().in_atomic_block
    last = AuditEntry.objects.filter(nomination_id=nomination.pk).order_by("-seq").values_list("seq", "hash").first()
    entry = AuditEntry(
        nomination_id=nomination.pk,
        seq=last[0] + 1 if last else 1,
        prev_hash=last[1] if last else "",
        transition=transition,
        source=source,
        target=target,
        actor_id=getattr(actor, "pk", None),
        actor_name=getattr(actor, "username", "") or "system",
        at=timezone.now(),
        comment=comment,
        client_ip=client_ip or None,
    )
    entry.hash = entry.compute_hash()
    entry.save(force_insert=True)
    return entry


def session_audit_append(*, session: Any, action: str, actor: Any, payload: dict[str, Any]) -> SessionAuditEntry:
    """Append one entry to the council session's chain; the caller holds the session's row lock."""
    assert transaction.get_connection().in_atomic_block
    last = SessionAuditEntry.objects.filter(session_id=session.pk).order_by("-seq").values_list("seq", "hash").first()
    entry = SessionAuditEntry(
        session_id=session.pk,
        seq=last[0] + 1 if last else 1,
        prev_hash=last[1] if last else "",
        action=action,
        actor_id=getattr(actor, "pk", None),
        actor_name=getattr(actor, "username", "") or "system",
        at=timezone.now(),
        payload=payload,
    )
    entry.hash = entry.compute_hash()
    entry.save(force_insert=True)
    return entry


@dataclass(frozen=True)
class BrokenLink:
    nomination_id: Any
    seq: int
    reason: str


def verify_chain(entries: Iterable[AuditEntry | SessionAuditEntry]) -> BrokenLink | None:
    """The first entry whose hash or link does not hold, in sequence order of one chain (file or session)."""
    prev_hash = ""
    expected_seq = 1
    for entry in entries:
        key = entry.nomination_id if isinstance(entry, AuditEntry) else f"session {entry.session_id}"
        if entry.seq != expected_seq:
            return BrokenLink(key, entry.seq, f"sequence gap: expected #{expected_seq}")
        if entry.prev_hash != prev_hash:
            return BrokenLink(key, entry.seq, "link to the previous entry does not match")
        if entry.compute_hash() != entry.hash:
            return BrokenLink(key, entry.seq, "entry content does not match its hash")
        prev_hash = entry.hash
        expected_seq += 1
    return None


def outbox_emit(
    *,
    event: str,
    organization_id: int,
    nomination: Any = None,
    unit_id: int | None = None,
    actor: Any = None,
    payload: dict[str, Any] | None = None,
) -> OutboxEvent:
    assert transaction.get_connection().in_atomic_block
    row = OutboxEvent.objects.create(
        event=event,
        nomination_id=getattr(nomination, "pk", None),
        organization_id=organization_id,
        unit_id=unit_id,
        actor_id=getattr(actor, "pk", None),
        payload=payload or {},
    )
    _relay_after_commit(row.pk)
    return row


def _relay_after_commit(event_id: int) -> None:
    # The domain does not depend on notifications: it only announces the id; the relay listens.
    hooks.outbox_recorded.send(sender=OutboxEvent, event_id=event_id)
