"""Deadlines of the steps inside review: each step (intake, assignment, appraisal, the head's decision) is due a
number of working days after it began, as the organisation sets them (Organization.review_step_working_days)."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from viewflow.workflow.models import Task

from nominations.calendar import add_working_days
from nominations.models import Organization
from nominations.models.catalogue import default_review_step_days
from nominations.states import Status
from workflows.services import OPEN_TASK_STATUSES

TIMED_STEPS = ("intake", "assign", "appraise", "review_decision")


def step_name(task: Any) -> str:
    return task.flow_task.name if task.flow_task else ""


def step_due_on(name: str, began: datetime.datetime, organization: Organization) -> datetime.date | None:
    """The day a step that began at ``began`` is due, or None for a step without a deadline of its own."""
    if name not in TIMED_STEPS:
        return None
    days = (organization.review_step_working_days or {}).get(name, default_review_step_days().get(name))
    if not isinstance(days, int) or days < 0:
        return None
    return add_working_days(timezone.localdate(began), days, organization_id=organization.pk)


@dataclass(frozen=True)
class OpenStep:
    task: Any
    nomination: Any
    name: str
    due_on: datetime.date


def open_steps() -> Iterator[OpenStep]:
    """Every open timed step of every file, with its due date."""
    # timed steps wait only in these two states: the files in every other state are not read at all
    tasks = (
        Task.objects.filter(
            flow_task_type="HUMAN",
            status__in=OPEN_TASK_STATUSES,
            process__nominationprocess__nomination__status__in=(Status.SUBMITTED, Status.UNDER_REVIEW),
        )
        .select_related("owner", "process__nominationprocess__nomination__organization")
        .order_by("created", "pk")
    )
    for task in tasks:
        name = step_name(task)
        process = getattr(task.process, "nominationprocess", None)
        if name not in TIMED_STEPS or process is None:
            continue
        nomination = process.nomination
        due = step_due_on(name, task.created, nomination.organization)
        if due is not None:
            yield OpenStep(task=task, nomination=nomination, name=name, due_on=due)
