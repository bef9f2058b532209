"""One nominee at a time: add, change or remove a single nominee of an editable file.

Each operation touches only its nominee, so everything else on the file – the other nominees, their
scores and results – stays as it was.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction

from core.errors import Refusal
from nominations.models import Nomination, Nominee
from workflows.audit import record_act
from workflows.drafting import add_nominees, clean_nominee, lock_editable
from workflows.services import version_bump


def nominee_not_found() -> Refusal:
    return Refusal("not_found", "Không tìm thấy người / tập thể này trong hồ sơ.", "Nominee not found.", status=404)


def _edited(*, nomination: Nomination, actor: Any, comment: str, client_ip: str | None) -> None:
    version_bump(nomination)
    record_act(nomination=nomination, act="edit", actor=actor, comment=comment, client_ip=client_ip)


def _lock_nominee(nomination: Nomination, nominee_id: Any) -> Nominee:
    try:
        return Nominee.objects.select_for_update().get(pk=nominee_id, nomination_id=nomination.pk)
    except (Nominee.DoesNotExist, ValueError, TypeError) as exc:
        raise nominee_not_found() from exc


def nominee_add(
    *,
    nomination_id: Any,
    actor: Any,
    data: Mapping[str, Any],
    version: int | None = None,
    client_ip: str | None = None,
) -> Nominee:
    """Add one nominee at the end of the file's list."""
    with transaction.atomic():
        nomination = lock_editable(nomination_id=nomination_id, actor=actor, version=version)
        cleaned = clean_nominee(data, award_kind=nomination.award_kind, position="nominee")
        (nominee,) = add_nominees(nomination, [cleaned])
        _edited(nomination=nomination, actor=actor, comment=f"nominee added: {nominee.name}", client_ip=client_ip)
    return nominee


def nominee_update(
    *,
    nomination_id: Any,
    nominee_id: Any,
    actor: Any,
    data: Mapping[str, Any],
    version: int | None = None,
    client_ip: str | None = None,
) -> Nominee:
    """Change one nominee's details; its scores and result stay."""
    with transaction.atomic():
        nomination = lock_editable(nomination_id=nomination_id, actor=actor, version=version)
        nominee = _lock_nominee(nomination, nominee_id)
        cleaned = clean_nominee(data, award_kind=nomination.award_kind, position="nominee")
        for field, value in cleaned.items():
            setattr(nominee, field, value)
        if not nominee.achievements:
            nominee.achievements = nomination.summary[:1000]
        nominee.save()
        _edited(nomination=nomination, actor=actor, comment=f"nominee changed: {nominee.name}", client_ip=client_ip)
    return nominee


def nominee_remove(
    *,
    nomination_id: Any,
    nominee_id: Any,
    actor: Any,
    version: int | None = None,
    client_ip: str | None = None,
) -> None:
    """Remove one nominee (with its own scores); the others keep theirs."""
    with transaction.atomic():
        nomination = lock_editable(nomination_id=nomination_id, actor=actor, version=version)
        nominee = _lock_nominee(nomination, nominee_id)
        name = nominee.name
        nominee.delete()
        _edited(nomination=nomination, actor=actor, comment=f"nominee removed: {name}", client_ip=client_ip)
