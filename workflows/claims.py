"""Claiming a file from the shared queue: its waiting human task becomes the claimer's own.

A claim does not take the file away from the role's other holders — any of them may still act —
it tells them who is already working on it. A task someone else claimed is not claimed again.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from core.errors import Refusal, not_found
from nominations import access as permissions
from workflows import selectors
from workflows.audit import record_act
from workflows.services import OPEN_TASK_STATUSES, lock_nomination


def task_claim(*, nomination_id: Any, actor: Any, client_ip: str | None = None) -> Task:
    """Assign the file's open human task to `actor`; returns the task."""
    with transaction.atomic():
        nomination = lock_nomination(nomination_id)
        if not permissions.can_see(actor, nomination):
            raise not_found()
        if not selectors.queue_for(actor).filter(pk=nomination.pk).exists():
            raise Refusal(
                "not_in_queue",
                "Hồ sơ này không chờ bạn xử lý.",
                "This file is not waiting for you.",
                status=403,
            )
        task = (
            Task.objects.select_for_update()
            .filter(
                process__nominationprocess__nomination_id=nomination.pk,
                flow_task_type="HUMAN",
                status__in=OPEN_TASK_STATUSES,
            )
            .order_by("created", "pk")
            .first()
        )
        if task is None:
            raise Refusal("no_open_task", "Hồ sơ không có việc đang chờ.", "The file has no waiting task.", status=409)
        if task.owner_id == actor.pk:
            return task
        if task.owner_id is not None:
            raise Refusal(
                "already_claimed",
                f"Hồ sơ đã được {task.owner} nhận xử lý.",
                f"{task.owner} has already claimed this file.",
                status=409,
                extra={"owner": str(task.owner)},
            )
        Task.objects.filter(pk=task.pk, status=STATUS.NEW).update(
            status=STATUS.ASSIGNED, owner=actor, assigned=timezone.now()
        )
        task.refresh_from_db()
        record_act(nomination=nomination, act="claim", actor=actor, comment="Nhận xử lý hồ sơ", client_ip=client_ip)
    return task


def task_owners(nomination_ids: list[Any]) -> dict[Any, Any]:
    """Who has claimed each of these files' open human task, for the queue's rows."""
    rows = (
        Task.objects.filter(
            process__nominationprocess__nomination_id__in=nomination_ids,
            flow_task_type="HUMAN",
            status__in=OPEN_TASK_STATUSES,
            owner__isnull=False,
        )
        .select_related("owner")
        .values_list("process__nominationprocess__nomination_id", "owner__full_name", "owner__username")
    )
    return {nomination_id: full_name or username for nomination_id, full_name, username in rows}
