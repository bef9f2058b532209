"""Radio praise: a script scheduled when a decision is issued, confirmed by the broadcaster once aired."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from awards.documents import broadcast_script
from awards.selectors import visible_broadcasts
from core.errors import Refusal
from nominations.access import lock_visible, require_role
from nominations.calendar import add_working_days
from nominations.models import Broadcast, BroadcastStatus, Decision, Role
from workflows.audit import outbox_emit

RADIO_AWARD = "tuyen_duong_phat_thanh"


def broadcast_schedule(decision: Decision) -> Broadcast:
    assert decision.signed_on is not None
    air_on = add_working_days(decision.signed_on, 1, organization_id=decision.organization_id)
    broadcast = Broadcast.objects.create(
        decision=decision,
        organization_id=decision.organization_id,
        script=broadcast_script(decision, air_on=air_on),
        air_on=air_on,
    )
    outbox_emit(
        event="broadcast.scheduled",
        organization_id=decision.organization_id,
        payload={"broadcast": broadcast.pk, "decision": decision.pk, "air_on": air_on.isoformat()},
    )
    return broadcast


def broadcast_not_found() -> Refusal:
    return Refusal("not_found", "Không tìm thấy bản tin.", "Broadcast not found.", status=404)


def broadcast_mark_aired(*, broadcast_id: Any, actor: Any) -> Broadcast:
    with transaction.atomic():
        broadcast = lock_visible(visible_broadcasts(actor), broadcast_id, missing=broadcast_not_found)
        require_role(
            actor,
            Role.BROADCASTER,
            broadcast.organization_id,
            "Chỉ Đài truyền thanh mới xác nhận đã phát.",
            "Only the broadcaster confirms airing.",
            "broadcaster_only",
        )
        if broadcast.status == BroadcastStatus.AIRED:
            raise Refusal("already_aired", "Bản tin đã được xác nhận phát.", "Already marked aired.", status=409)
        broadcast.status = BroadcastStatus.AIRED
        broadcast.aired_at = timezone.now()
        broadcast.aired_by = actor
        broadcast.save(update_fields=["status", "aired_at", "aired_by"])
        outbox_emit(
            event="broadcast.aired",
            organization_id=broadcast.organization_id,
            actor=actor,
            payload={"broadcast": broadcast.pk, "decision": broadcast.decision_id},
        )
    return broadcast
