"""Reads for the reviewing body's desk: how many files wait where and with whom, and each file's tasks."""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.utils import timezone
from viewflow.workflow.models import Task

from core import clock
from nominations.access import visible_nominations
from nominations.models import DeskPreference
from workflows.selectors import queue_for
from workflows.services import OPEN_TASK_STATUSES
from workflows.step_deadlines import step_due_on

TASK_TITLES = {
    "prepare": "Lập hồ sơ",
    "revise": "Bổ sung hồ sơ",
    "intake": "Tiếp nhận",
    "assign": "Phân công thẩm định",
    "appraise": "Thẩm định",
    "review_decision": "Lãnh đạo duyệt đề xuất",
    "schedule_council": "Trình Hội đồng",
    "council": "Hội đồng xét",
    "decision": "Soạn, ký quyết định",
    "issue": "Trao khen thưởng",
}


def queue_counts(user: Any) -> dict[str, Any]:
    """The user's queue counted per state, and the open tasks of the files the user sees per holder."""
    by_state = dict(queue_for(user).order_by().values("status").annotate(n=Count("pk")).values_list("status", "n"))
    visible = visible_nominations(user).values("pk")
    holders = (
        Task.objects.filter(
            process__nominationprocess__nomination_id__in=visible,
            flow_task_type="HUMAN",
            status__in=OPEN_TASK_STATUSES,
            owner__isnull=False,
        )
        .order_by()
        .values("owner__username", "owner__full_name")
        .annotate(n=Count("pk"))
        .order_by("-n", "owner__username")
    )
    return {
        "by_state": by_state,
        "by_holder": [
            {
                "username": row["owner__username"],
                "name": row["owner__full_name"] or row["owner__username"],
                "files": row["n"],
            }
            for row in holders
        ],
    }


def task_history(nomination: Any) -> list[dict[str, Any]]:
    """Every human task the file went through: what, who held it, from when to when and for how long."""
    tasks = (
        Task.objects.filter(process__nominationprocess__nomination_id=nomination.pk, flow_task_type="HUMAN")
        .select_related("owner")
        .order_by("created", "pk")
    )
    rows = []
    today = clock.today()
    for task in tasks:
        name = task.flow_task.name if task.flow_task else str(task.flow_task)
        end = task.finished
        due = step_due_on(name, task.created, nomination.organization)
        done_on = timezone.localdate(end) if end else today
        rows.append(
            {
                "task": name,
                "title": TASK_TITLES.get(name, name),
                "status": str(task.status),
                "holder": (task.owner.full_name or task.owner.username) if task.owner else None,
                "started": task.created,
                "finished": end,
                "seconds": int((end - task.created).total_seconds()) if end else None,
                "due_on": due,
                "late": due is not None and done_on > due,
            }
        )
    return rows


FILTER_FIELDS = {
    "round": "round_id_filter",
    "award_kind": "award_kind_filter",
    "unit": "unit_id_filter",
    "due": "due_filter",
}


def desk_filters_remember(*, user: Any, filters: dict[str, str]) -> None:
    """Keep the queue filters a person chose (empty ones clear), so the queue opens the same next time."""
    values: dict[str, Any] = {}
    for name, column in FILTER_FIELDS.items():
        raw = (filters.get(name) or "").strip()
        if column.endswith("_id_filter"):
            values[column] = int(raw) if raw.isdigit() else None
        else:
            values[column] = raw[:50]
    DeskPreference.objects.update_or_create(user_id=user.pk, defaults=values)


def desk_filters_recall(user: Any) -> dict[str, str]:
    """The filters the person chose last time, as query parameters; empty when none were kept."""
    preference = DeskPreference.objects.filter(user_id=user.pk).first()
    if preference is None:
        return {}
    recalled = {name: getattr(preference, column) for name, column in FILTER_FIELDS.items()}
    return {name: str(value) for name, value in recalled.items() if value not in (None, "")}
