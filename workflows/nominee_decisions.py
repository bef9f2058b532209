"""The reviewer's decision on one nominee of a file under review: exclude it with a reason, or restore it.

An excluded nominee leaves the file without returning the whole file: the council votes only on the
nominees still in, decisions and statistics count only those, and the unit is told why.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from core.errors import Refusal, not_found, stale_version
from nominations import access as permissions
from nominations.models import Nomination, Nominee, NomineeResult
from nominations.states import Status
from workflows.audit import record_act
from workflows.nominees import nominee_not_found
from workflows.services import lock_nomination, version_bump


def reason_required() -> Refusal:
    return Refusal(
        "reason_required",
        "Cần ghi rõ lý do loại hoặc khôi phục người / tập thể này.",
        "Give the reason for excluding or restoring this nominee.",
    )


def _lock_for_review(*, nomination_id: Any, actor: Any, version: int | None) -> Nomination:
    nomination = lock_nomination(nomination_id)
    if not permissions.can_see(actor, nomination):
        raise not_found()
    # The same people who may recommend or return the file decide on each of its nominees; reviewing in
    # steps, the case officer proposes per nominee too.
    refusal = permissions.transition_refusal(actor, nomination, "reject")
    assignment = getattr(nomination, "review_assignment", None)
    officer = assignment is not None and assignment.officer_id == actor.pk and not assignment.proposal
    if refusal is not None and refusal.code == "head_decides" and officer:
        refusal = None
    if refusal is not None:
        raise refusal
    if nomination.status != Status.UNDER_REVIEW:
        raise Refusal(
            "not_under_review",
            "Chỉ loại hoặc khôi phục người / tập thể khi hồ sơ đang được thẩm định.",
            "Nominees are excluded or restored only while the file is under review.",
            status=409,
        )
    if version is not None and version != nomination.version:
        raise stale_version(nomination.version)
    return nomination


def _decide(
    *,
    nomination_id: Any,
    nominee_id: Any,
    actor: Any,
    reason: str,
    version: int | None,
    client_ip: str | None,
    source: str,
    target: str,
    event: str,
) -> Nomination:
    reason = (reason or "").strip()
    with transaction.atomic():
        nomination = _lock_for_review(nomination_id=nomination_id, actor=actor, version=version)
        if not reason:
            raise reason_required()
        try:
            nominee = Nominee.objects.select_for_update().get(pk=nominee_id, nomination_id=nomination.pk)
        except (Nominee.DoesNotExist, ValueError, TypeError) as exc:
            raise nominee_not_found() from exc
        if nominee.result != source:
            label = NomineeResult(nominee.result).label
            raise Refusal(
                "nominee_result_conflict",
                f"«{nominee.name}» đang ở kết quả «{label}», không thể thực hiện thao tác này.",
                f"'{nominee.name}' is '{nominee.result}'; this action is not possible.",
                status=409,
            )
        nominee.result = target
        nominee.result_reason = reason if target == NomineeResult.EXCLUDED else ""
        nominee.save(update_fields=["result", "result_reason"])
        version_bump(nomination)
        comment = f"{nominee.name}: {reason}"
        record_act(
            nomination=nomination,
            act=event,
            actor=actor,
            comment=comment,
            client_ip=client_ip,
            payload={"nominee": nominee.pk, "name": nominee.name, "comment": comment, "target": "nominee"},
        )
    return nomination


def nominee_exclude(
    *,
    nomination_id: Any,
    nominee_id: Any,
    actor: Any,
    reason: str,
    version: int | None = None,
    client_ip: str | None = None,
) -> Nomination:
    """Take one nominee out of a file under review, with the reason the unit will read."""
    return _decide(
        nomination_id=nomination_id,
        nominee_id=nominee_id,
        actor=actor,
        reason=reason,
        version=version,
        client_ip=client_ip,
        source=NomineeResult.PENDING,
        target=NomineeResult.EXCLUDED,
        event="nominee_excluded",
    )


def nominee_restore(
    *,
    nomination_id: Any,
    nominee_id: Any,
    actor: Any,
    reason: str,
    version: int | None = None,
    client_ip: str | None = None,
) -> Nomination:
    """Put an excluded nominee back into the file under review."""
    return _decide(
        nomination_id=nomination_id,
        nominee_id=nominee_id,
        actor=actor,
        reason=reason,
        version=version,
        client_ip=client_ip,
        source=NomineeResult.EXCLUDED,
        target=NomineeResult.PENDING,
        event="nominee_restored",
    )
