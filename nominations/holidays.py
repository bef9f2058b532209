"""The holidays each year's announcement adds to the statutory calendar, as data the administrator keeps.

The `holidays` package computes the statutory days for any year (nominations.calendar); what the Government
announces on top — breaks including the adjacent weekend days, swapped days off and the Saturdays worked for
them — is entered per year as Holiday rows with a HolidayAnnouncement. The years already announced when the
system was built are seeded here (by migration, and again by the demo for databases flushed since).
"""

from __future__ import annotations

import datetime
from typing import Any

from nominations.models import Holiday, HolidayAnnouncement

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
