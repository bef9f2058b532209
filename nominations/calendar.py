"""Working days: weekends and holidays are skipped, working Saturdays count.

The statutory holidays of any year (Tết and Giỗ Tổ by the lunar calendar) come from the `holidays`
package, so the calendar never runs out; the Holiday table adds what each year's announcement brings
(extra days off, compensatory working Saturdays) and each organisation's own closures.
"""

from __future__ import annotations

import datetime
from functools import lru_cache

import holidays as holiday_calendars
from django.db.models import Q

from core import clock
from nominations.models import Holiday, HolidayAnnouncement

# The Government announces the coming year's swapped days in the autumn; from this day on a missing
# announcement is a warning to the administrator.
ANNOUNCEMENT_DUE = (12, 1)


@lru_cache(maxsize=64)
def statutory_holidays(year: int) -> dict[datetime.date, str]:
    return dict(holiday_calendars.Vietnam(years=year, language="vi"))


def _statutory_between(start: datetime.date, end: datetime.date) -> dict[datetime.date, str]:
    days: dict[datetime.date, str] = {}
    for year in range(start.year, end.year + 1):
        days.update({day: name for day, name in statutory_holidays(year).items() if start <= day <= end})
    return days


def _announced_between(organization_id: int | None, start: datetime.date, end: datetime.date) -> list[tuple]:
    scope = Q(organization__isnull=True)
    if organization_id is not None:
        scope |= Q(organization_id=organization_id)
    return list(
        Holiday.objects.filter(scope, day__gte=start, day__lte=end).values_list("day", "is_working_day", "organization")
    )


def closed_and_open_days(
    organization_id: int | None, start: datetime.date, end: datetime.date
) -> tuple[set[datetime.date], set[datetime.date]]:
    """(days closed although weekdays, weekend days worked) between start and end."""
    closed = set(_statutory_between(start, end))
    worked: set[datetime.date] = set()
    rows = _announced_between(organization_id, start, end)
    # National rows first, so that an organisation's own row for the same day has the last word.
    for day, is_working, _org in sorted(rows, key=lambda row: row[2] is not None):
        if is_working:
            worked.add(day)
            closed.discard(day)
        else:
            closed.add(day)
            worked.discard(day)
    return closed, worked


def holidays_between(organization_id: int | None, start: datetime.date, end: datetime.date) -> set[datetime.date]:
    return closed_and_open_days(organization_id, start, end)[0]


def _works(day: datetime.date, closed: set[datetime.date], worked: set[datetime.date]) -> bool:
    if day in worked:
        return True
    return day.weekday() < 5 and day not in closed


def add_working_days(start: datetime.date, days: int, *, organization_id: int | None = None) -> datetime.date:
    """The date `days` working days after `start` (the day of receipt itself does not count)."""
    # Tết can close a week and a half; a window of 3× the span plus a month is always enough.
    closed, worked = closed_and_open_days(organization_id, start, start + datetime.timedelta(days=days * 3 + 31))
    current = start
    remaining = days
    while remaining > 0:
        current += datetime.timedelta(days=1)
        if _works(current, closed, worked):
            remaining -= 1
    return current


def working_days_after(start: datetime.date, end: datetime.date, *, organization_id: int | None = None) -> int:
    """Working days after `start` up to and including `end` (0 when end is not after start)."""
    if end <= start:
        return 0
    closed, worked = closed_and_open_days(organization_id, start, end)
    return sum(
        1
        for offset in range(1, (end - start).days + 1)
        if _works(start + datetime.timedelta(days=offset), closed, worked)
    )


def is_working_day(day: datetime.date, *, organization_id: int | None = None) -> bool:
    closed, worked = closed_and_open_days(organization_id, day, day)
    return _works(day, closed, worked)


def missing_announcement_year(today: datetime.date | None = None) -> int | None:
    """The coming year whose announced days off are still missing once they are due, else None."""
    today = today or clock.today()
    if (today.month, today.day) < ANNOUNCEMENT_DUE:
        return None
    coming = today.year + 1
    return None if HolidayAnnouncement.objects.filter(year=coming).exists() else coming
