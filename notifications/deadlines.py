"""Deadlines: Vietnam's public holidays, reminders before a due date, escalation after it, the 15/11 report.

Each reminder is written to the outbox once per nomination (or round), due date and threshold:
a Reminder row with a unique key is inserted in the same transaction as the event, so a
second daily run, or two runs at once, write nothing more.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction

from core import clock
from nominations.calendar import working_days_after
from nominations.models import Holiday, HolidayAnnouncement, Nomination, Round, RoundKind
from nominations.states import TERMINAL
from notifications.models import Reminder
from workflows.audit import outbox_emit

D = datetime.date

# What the Government announced for 2024–2026 on top of the statutory calendar (which the `holidays`
# package computes for any year): the breaks incl. adjacent weekend days and the swapped days.
# Later years are entered by the administrator (Holiday rows and a HolidayAnnouncement per year).
PUBLIC_HOLIDAYS: list[tuple[datetime.date, str]] = [
    (D(2024, 1, 1), "Tết Dương lịch"),
    *[(D(2024, 2, d), "Tết Nguyên đán Giáp Thìn") for d in range(8, 15)],
    (D(2024, 4, 18), "Giỗ Tổ Hùng Vương (10/3 âm lịch)"),
    (D(2024, 4, 29), "Nghỉ bù dịp 30/4 (làm bù thứ Bảy 04/5)"),
    (D(2024, 4, 30), "Ngày Chiến thắng"),
    (D(2024, 5, 1), "Ngày Quốc tế Lao động"),
    *[(D(2024, 8, 31), "Quốc khánh (nghỉ liền kề)"), (D(2024, 9, 1), "Quốc khánh (nghỉ liền kề)")],
    (D(2024, 9, 2), "Quốc khánh"),
    (D(2024, 9, 3), "Quốc khánh (ngày liền kề)"),
    (D(2025, 1, 1), "Tết Dương lịch"),
    *[(D(2025, 1, d), "Tết Nguyên đán Ất Tỵ") for d in range(25, 32)],
    *[(D(2025, 2, d), "Tết Nguyên đán Ất Tỵ") for d in (1, 2)],
    (D(2025, 4, 7), "Giỗ Tổ Hùng Vương (10/3 âm lịch)"),
    (D(2025, 4, 30), "Ngày Chiến thắng"),
    (D(2025, 5, 1), "Ngày Quốc tế Lao động"),
    (D(2025, 5, 2), "Nghỉ bù dịp 30/4 (làm bù thứ Bảy 26/4)"),
    *[(D(2025, 8, 30), "Quốc khánh (nghỉ liền kề)"), (D(2025, 8, 31), "Quốc khánh (nghỉ liền kề)")],
    (D(2025, 9, 1), "Quốc khánh (ngày liền kề)"),
    (D(2025, 9, 2), "Quốc khánh"),
    (D(2026, 1, 1), "Tết Dương lịch"),
    # Tết Bính Ngọ: mùng 1 is Tuesday 17/02/2026; the break runs Saturday 14/02 to Sunday 22/02.
    *[(D(2026, 2, d), "Tết Nguyên đán Bính Ngọ") for d in range(14, 23)],
    (D(2026, 4, 26), "Giỗ Tổ Hùng Vương (10/3 âm lịch)"),
    (D(2026, 4, 27), "Nghỉ bù Giỗ Tổ Hùng Vương (trùng Chủ nhật)"),
    (D(2026, 4, 30), "Ngày Chiến thắng"),
    (D(2026, 5, 1), "Ngày Quốc tế Lao động"),
    (D(2026, 9, 1), "Quốc khánh (ngày liền kề)"),
    (D(2026, 9, 2), "Quốc khánh"),
]

# Saturdays worked in exchange for a swapped day off (Holiday rows with is_working_day).
WORKING_SATURDAYS: list[tuple[datetime.date, str]] = [
    (D(2024, 5, 4), "Làm bù cho ngày nghỉ 29/4/2024"),
    (D(2025, 4, 26), "Làm bù cho ngày nghỉ 02/5/2025"),
]
ANNOUNCED_YEARS = {
    2024: "Thông báo 6150/TB-LĐTBXH; 1597/TB-LĐTBXH (nghỉ bù 29/4)",
    2025: "Thông báo 6150/TB-LĐTBXH (Tết 2025); Công văn 2173/BNV-CTL (hoán đổi 02/5)",
    2026: "Thông báo nghỉ lễ, Tết năm 2026 (Bộ Nội vụ)",
}

# Working days before a due date at which a reminder goes out; the smallest one reached wins.
REMINDER_WORKING_DAYS = (3, 1)
REPORT_REMINDER_WORKING_DAYS = (10, 3, 0)
ANNUAL_REPORT_DAY = (11, 15)


def seed_public_holidays(holiday_model: Any = Holiday) -> int:
    """Insert the national holidays that are missing; returns how many were added."""
    existing = set(holiday_model.objects.filter(organization__isnull=True).values_list("day", flat=True))
    missing = [holiday_model(day=day, name=name) for day, name in PUBLIC_HOLIDAYS if day not in existing]
    holiday_model.objects.bulk_create(missing)
    return len(missing)


def seed_announced_years(holiday_model: Any = Holiday, announcement_model: Any = HolidayAnnouncement) -> None:
    """The working Saturdays and the 'announcement entered' marks for the years listed above."""
    for day, name in WORKING_SATURDAYS:
        holiday_model.objects.update_or_create(
            organization=None, day=day, defaults={"name": name, "is_working_day": True}
        )
    for year, document in ANNOUNCED_YEARS.items():
        announcement_model.objects.get_or_create(year=year, defaults={"document": document})


def unseed_announced_years(holiday_model: Any = Holiday, announcement_model: Any = HolidayAnnouncement) -> None:
    holiday_model.objects.filter(organization__isnull=True, day__in=[day for day, _ in WORKING_SATURDAYS]).delete()
    announcement_model.objects.filter(year__in=list(ANNOUNCED_YEARS), document__in=ANNOUNCED_YEARS.values()).delete()


def unseed_public_holidays(holiday_model: Any = Holiday) -> None:
    holiday_model.objects.filter(
        organization__isnull=True, day__in=[day for day, _ in PUBLIC_HOLIDAYS], name__in={n for _, n in PUBLIC_HOLIDAYS}
    ).delete()


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
        with transaction.atomic():
            if not _remember(keys):
                continue
            outbox_emit(
                event=event,
                nomination=nomination,
                organization_id=nomination.organization_id,
                unit_id=nomination.unit_id,
                payload={"due_on": nomination.due_on.isoformat(), "status": nomination.status, **extra},
            )
        written += 1
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
