"""The append-only audit chains (HMAC-keyed, anchored) and the outbox, written inside the caller's transaction."""

from __future__ import annotations

import hmac
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from workflows import hooks
from workflows.audit_keys import UnknownAuditKey, current_key_id
from workflows.models import AuditAnchor, AuditEntry, OutboxEvent


def nomination_chain(nomination_id: Any) -> str:
    return f"nomination:{nomination_id}"


def session_chain(session_id: Any) -> str:
    return f"council_session:{session_id}"


def decisions_chain(organization_id: Any) -> str:
    return f"organization:{organization_id}:decisions"


def roles_chain(user_id: Any) -> str:
    return f"user:{user_id}:roles"


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
    return _append(
        chain=nomination_chain(nomination.pk),
        nomination_id=nomination.pk,
        transition=transition,
        source=source,
        target=target,
        actor=actor,
        comment=comment,
        client_ip=client_ip,
        details={},
    )


def record_act(
    *,
    nomination: Any,
    act: str,
    actor: Any,
    comment: str = "",
    client_ip: str | None = None,
    payload: dict[str, Any] | None = None,
    event: str = "",
) -> AuditEntry:
    """An act that leaves the file in its state: its entry on the file's chain and, when there is a payload
    for the listeners, its outbox event (nomination.<act> unless named otherwise). The caller holds the
    nomination's row lock."""
    entry = audit_append(
        nomination=nomination,
        transition=act,
        source=nomination.status,
        target=nomination.status,
        actor=actor,
        comment=comment,
        client_ip=client_ip,
    )
    if payload is not None:
        outbox_emit(
            event=event or f"nomination.{act}",
            nomination=nomination,
            organization_id=nomination.organization_id,
            unit_id=nomination.unit_id,
            actor=actor,
            payload=payload,
        )
    return entry


def audit_record(
    *,
    chain: str,
    event: str,
    actor: Any,
    details: dict[str, Any],
    target: str = "",
    comment: str = "",
    client_ip: str | None = None,
) -> AuditEntry:
    """Append one entry to a chain that is not a file's (a session's votes, an organisation's decisions,
    a user's roles). Nobody else holds a lock for such a chain, so it takes a transaction-scoped one."""
    assert transaction.get_connection().in_atomic_block
    connection = transaction.get_connection()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [chain])
    return _append(
        chain=chain,
        nomination_id=None,
        transition=event,
        source="",
        target=target,
        actor=actor,
        comment=comment,
        client_ip=client_ip,
        details=details,
    )


def _append(
    *,
    chain: str,
    nomination_id: Any,
    transition: str,
    source: str,
    target: str,
    actor: Any,
    comment: str,
    client_ip: str | None,
    details: dict[str, Any],
) -> AuditEntry:
    assert transaction.get_connection().in_atomic_block
    last = AuditEntry.objects.filter(chain=chain).order_by("-seq").values_list("seq", "hash").first()
    entry = AuditEntry(
        chain=chain,
        nomination_id=nomination_id,
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
        details=details,
        key_id=current_key_id(),
    )
    entry.hash = entry.compute_hash()
    entry.save(force_insert=True)
    # The anchor is what makes a cut tail or a deleted chain visible: it is written with the entry or not at all.
    AuditAnchor.objects.create(chain=chain, length=entry.seq, head_hash=entry.hash)
    return entry


def session_audit_append(*, session: Any, action: str, actor: Any, payload: dict[str, Any]) -> AuditEntry:
    """Append one act of a council session (a vote, a written vote, a dispute, a recusal) to the session's
    keyed chain; the caller holds the session's row lock."""
    return audit_record(chain=session_chain(session.pk), event=action, actor=actor, details=payload)


@dataclass(frozen=True)
class BrokenLink:
    chain: str
    nomination_id: Any
    seq: int
    reason: str


def verify_chain(entries: Iterable[AuditEntry]) -> BrokenLink | None:
    """The first entry whose hash or link does not hold, in sequence order of one chain."""
    prev_hash = ""
    expected_seq = 1
    keyed = False
    for entry in entries:
        if entry.seq != expected_seq:
            return BrokenLink(entry.chain, entry.nomination_id, entry.seq, f"sequence gap: expected #{expected_seq}")
        if entry.prev_hash != prev_hash:
            return BrokenLink(entry.chain, entry.nomination_id, entry.seq, "link to the previous entry does not match")
        if keyed and not entry.key_id:
            # Unkeyed entries only predate keyed ones: an unkeyed entry after a keyed one was forged without the key.
            return BrokenLink(entry.chain, entry.nomination_id, entry.seq, "unkeyed entry after keyed entries")
        try:
            intact = hmac.compare_digest(entry.compute_hash(), entry.hash)
        except UnknownAuditKey:
            return BrokenLink(entry.chain, entry.nomination_id, entry.seq, f"unknown key {entry.key_id}")
        if not intact:
            return BrokenLink(entry.chain, entry.nomination_id, entry.seq, "entry content does not match its hash")
        keyed = keyed or bool(entry.key_id)
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
    _relay_after_commit(row)
    return row


def _relay_after_commit(event: OutboxEvent) -> None:
    # The domain does not depend on notifications: it only announces the row; the relay listens.
    hooks.outbox_recorded.send(sender=OutboxEvent, event=event)
