"""Moving a round's dates: the files that wait on the round's close move with it, in one audited step."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction

from core.errors import Refusal
from nominations.models import Round
from workflows.audit import outbox_emit


def round_not_found() -> Refusal:
    return Refusal("not_found", "Không tìm thấy đợt xét.", "Round not found.", status=404)


def round_reschedule(
    *, round_id: Any, actor: Any, opens_on: datetime.date, closes_on: datetime.date
) -> tuple[Round, int]:
    """New opening and closing dates; files without a due date of their own wait until the new close.

    Returns the round and how many files' deadlines moved. The change is recorded as a
    ``round.rescheduled`` event with the dates before and after.
    """
    if opens_on > closes_on:
        raise Refusal(
            "validation_error",
            "closes_on: ngày kết thúc phải sau ngày bắt đầu.",
            "closes_on: the round must close after it opens.",
        )
    with transaction.atomic():
        try:
            rnd = Round.objects.select_for_update(of=("self",)).select_related("campaign").get(pk=round_id)
        except (Round.DoesNotExist, ValueError, TypeError) as exc:
            raise round_not_found() from exc
        before = {"opens_on": rnd.opens_on.isoformat(), "closes_on": rnd.closes_on.isoformat()}
        Round.objects.filter(pk=rnd.pk).update(opens_on=opens_on, closes_on=closes_on)
        rnd.opens_on, rnd.closes_on = opens_on, closes_on
        moved = rnd.nominations.filter(due_on__isnull=True).update(deadline=closes_on)
        outbox_emit(
            event="round.rescheduled",
            organization_id=rnd.campaign.organization_id,
            actor=actor,
            payload={
                "round": rnd.pk,
                "before": before,
                "after": {"opens_on": opens_on.isoformat(), "closes_on": closes_on.isoformat()},
                "files_moved": moved,
            },
        )
    return rnd, moved
