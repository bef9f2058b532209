"""One transition over many files at once (API.md "Bulk work").

Each file is decided on its own rules, exactly as a single request would be, inside its own
savepoint; all that pass commit together. Every file still gets its own audit entry, and its
outbox event carries the shared `batch` id so notifications can tell each unit once.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from core.errors import Refusal, not_found
from nominations.states import PUBLIC_TRANSITIONS
from workflows.services import apply_transition, check_requested_transition, lock_nomination

MAX_ITEMS = 500


@dataclass(frozen=True)
class ItemResult:
    id: str
    status: str  # "done" or "refused"
    code: str = ""
    detail: str = ""
    version: int | None = None

    def as_dict(self) -> dict[str, Any]:
        body: dict[str, Any] = {"id": self.id, "status": self.status, "code": self.code or None, "detail": self.detail}
        if self.version is not None:
            body["version"] = self.version
        return body


def _parse(items: Iterable[Mapping[str, Any]]) -> list[tuple[str, uuid.UUID | None, int | None]]:
    parsed = []
    for item in items:
        raw = str(item.get("id") or "")
        try:
            pk: uuid.UUID | None = uuid.UUID(raw)
        except ValueError:
            pk = None
        version = item.get("version")
        parsed.append((raw, pk, version if isinstance(version, int) and not isinstance(version, bool) else None))
    return parsed


def _one(
    *, pk: uuid.UUID, name: str, actor: Any, version: int | None, comment: str, batch: str, client_ip: str | None
) -> int:
    nomination = lock_nomination(pk)
    check_requested_transition(
        nomination=nomination, name=name, actor=actor, version=version, comment=comment, version_needed=True
    )
    apply_transition(
        nomination=nomination, name=name, actor=actor, comment=comment, client_ip=client_ip, payload={"batch": batch}
    )
    return nomination.version


def nominations_bulk_transition(
    *,
    name: str,
    actor: Any,
    items: Iterable[Mapping[str, Any]],
    comment: str = "",
    client_ip: str | None = None,
) -> tuple[str, list[ItemResult]]:
    """(batch id, one result per item in the order given)."""
    if name not in PUBLIC_TRANSITIONS:
        raise Refusal("unknown_transition", f"Không có thao tác «{name}».", f"No action '{name}'.", status=404)
    parsed = _parse(items)
    if not parsed:
        raise Refusal("validation_error", "items: cần ít nhất một hồ sơ.", "items: at least one file is needed.")
    if len(parsed) > MAX_ITEMS:
        raise Refusal(
            "too_many_items",
            f"items: tối đa {MAX_ITEMS} hồ sơ mỗi lần.",
            f"items: at most {MAX_ITEMS} files at a time.",
        )
    batch = str(uuid.uuid4())
    results: dict[int, ItemResult] = {}
    seen: set[uuid.UUID] = set()
    # Rows are locked in key order, so two batches over the same files cannot deadlock.
    order = sorted(range(len(parsed)), key=lambda i: str(parsed[i][1] or ""))
    with transaction.atomic():
        for index in order:
            raw, pk, version = parsed[index]
            if pk is None:
                refusal = not_found()
                results[index] = ItemResult(raw, "refused", refusal.code, refusal.message)
                continue
            if pk in seen:
                results[index] = ItemResult(
                    raw,
                    "refused",
                    "duplicate_item",
                    Refusal("duplicate_item", "Hồ sơ bị lặp trong danh sách.", "The file is listed twice.").message,
                )
                continue
            seen.add(pk)
            try:
                with transaction.atomic():
                    new_version = _one(
                        pk=pk,
                        name=name,
                        actor=actor,
                        version=version,
                        comment=comment,
                        batch=batch,
                        client_ip=client_ip,
                    )
            except Refusal as refusal:
                results[index] = ItemResult(raw, "refused", refusal.code, refusal.message)
            else:
                results[index] = ItemResult(raw, "done", version=new_version)
    return batch, [results[i] for i in range(len(parsed))]
