"""Deadlines: reminders before a due date, escalation after it, the 15/11 report (holidays: nominations.holidays).

Each reminder is written to the outbox once per nomination (or round), due date and threshold:
a Reminder row with a unique key is inserted in the same transaction as the event, so a
second daily run, or two runs at once, write nothing more.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import IntegrityError, transaction

from core import clock
from nominations.calendar import working_days_after
from nominations.models import Nomination, Round, RoundKind
from nominations.states import TERMINAL
from notifications.models import Reminder
from notifications.recipients import heads_of_body, queue_holders
from workflows.audit import outbox_emit
from workflows.desk import TASK_TITLES
from workflows.step_deadlines import OpenStep, open_steps

# Working days before a due date at which a reminder goes out; the smallest one reached wins.
REMINDER_WORKING_DAYS = (3, 1)
# A step of review is a few days long: one reminder on its last working day.
STEP_REMINDER_WORKING_DAYS = (0,)
REPORT_REMINDER_WORKING_DAYS = (10, 3, 0)
ANNUAL_REPORT_DAY = (11, 15)


def working_days_left(today: datetime.date, due_on: datetime.date, *, organization_id: int | None) -> int:
    """Working days after today up to and including the due date (0 on the due date itself)."""
    return working_days_after(today, due_on, organization_id=organization_id)


def _remember(keys: Iterable[str]) -> bool:
    """Record the keys; True when the first of them is new (its event must be written)."""
    first_is_new = False
    for index, key in enumerate(keys):
        try:
            with transaction.atomic():
                Reminder.objects.create(key=key)
            first_is_new = first_is_new or index == 0
        except IntegrityError:
            continue
    return first_is_new


def _remind_once(keys: Iterable[str], nomination: Nomination, event: str, payload: dict[str, object]) -> bool:
    """Write the file's reminder unless one of its keys was written before; True when written."""
    with transaction.atomic():
        if not _remember(keys):
            return False
        outbox_emit(
            event=event,
            nomination=nomination,
            organization_id=nomination.organization_id,
            unit_id=nomination.unit_id,
            payload=payload,
        )
    return True


def _reached(left: int, thresholds: Iterable[int]) -> list[int]:
    return sorted(t for t in thresholds if left <= t)


def deadline_reminders_run(*, today: datetime.date | None = None) -> int:
    """Write deadline.approaching and deadline.passed for files that wait; returns events written."""
    today = today or clock.today()
    written = 0
    waiting = (
        Nomination.objects.filter(due_on__isnull=False)
        .exclude(status__in=TERMINAL)
        .select_related("organization")
        .order_by("due_on", "pk")
    )
    for nomination in waiting.iterator(chunk_size=500):
        assert nomination.due_on is not None
        base = f"nomination:{nomination.pk}:{nomination.due_on.isoformat()}"
        if today > nomination.due_on:
            event, keys, extra = "deadline.passed", [f"{base}:passed"], {}
        else:
            left = working_days_left(today, nomination.due_on, organization_id=nomination.organization_id)
            reached = _reached(left, REMINDER_WORKING_DAYS)
            if not reached:
                continue
            event, keys = "deadline.approaching", [f"{base}:before:{t}" for t in reached]
            extra = {"working_days_left": left, "threshold": reached[0]}
        payload = {"due_on": nomination.due_on.isoformat(), "status": nomination.status, **extra}
        written += _remind_once(keys, nomination, event, payload)
    return written


def _step_holders(step: OpenStep) -> set[int]:
    """Who must finish the step: whoever holds its task, the case officer for an appraisal, else the body."""
    if step.task.owner_id:
        return {step.task.owner_id}
    assignment = getattr(step.nomination, "review_assignment", None)
    if step.name == "appraise" and assignment is not None:
        return {assignment.officer_id}
    nomination = step.nomination
    return queue_holders(nomination.organization_id, nomination.status, nomination.unit_id)


def step_reminders_run(*, today: datetime.date | None = None) -> int:
    """deadline.step_approaching on a review step's last working day, deadline.step_passed the day after, to
    whoever holds the step (and, once late, the head of the body); returns events written."""
    today = today or clock.today()
    written = 0
    for step in open_steps():
        nomination = step.nomination
        base = f"task:{step.task.pk}:{step.due_on.isoformat()}"
        people = _step_holders(step)
        if today > step.due_on:
            event, keys = "deadline.step_passed", [f"{base}:passed"]
            people |= heads_of_body(nomination.organization_id, nomination.status, nomination.unit_id)
        else:
            left = working_days_left(today, step.due_on, organization_id=nomination.organization_id)
            reached = _reached(left, STEP_REMINDER_WORKING_DAYS)
            if not reached:
                continue
            event, keys = "deadline.step_approaching", [f"{base}:before:{t}" for t in reached]
        payload = {
            "due_on": step.due_on.isoformat(),
            "step": step.name,
            "step_title": TASK_TITLES.get(step.name, step.name),
            "recipient_ids": sorted(people),
        }
        written += _remind_once(keys, nomination, event, payload)
    return written


def annual_report_reminders_run(*, today: datetime.date | None = None) -> int:
    """Remind every unit of the annual report (15/11 unless the round says otherwise); returns events written."""
    today = today or clock.today()
    written = 0
    rounds = Round.objects.filter(kind=RoundKind.ANNUAL, year=today.year).select_related("campaign")
    for rnd in rounds:
        due_on = rnd.report_due_on or datetime.date(rnd.year, *ANNUAL_REPORT_DAY)
        if due_on < today:
            continue
        organization_id = rnd.campaign.organization_id
        reached = _reached(
            working_days_left(today, due_on, organization_id=organization_id), REPORT_REMINDER_WORKING_DAYS
        )
        if not reached:
            continue
        with transaction.atomic():
            if not _remember([f"report:{rnd.pk}:{due_on.isoformat()}:before:{t}" for t in reached]):
                continue
            outbox_emit(
                event="report.annual_due",
                organization_id=organization_id,
                payload={"round": rnd.pk, "year": rnd.year, "due_on": due_on.isoformat(), "threshold": reached[0]},
            )
        written += 1
    return written
