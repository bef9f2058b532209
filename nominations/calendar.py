"""Working days: weekends and the organisation's holiday table are skipped."""

from __future__ import annotations

import datetime

from django.db.models import Q

from nominations.models import Holiday


def holidays_between(organization_id: int | None, start: datetime.date, end: datetime.date) -> set[datetime.date]:
    scope = Q(organization__isnull=True)
    if organization_id is not None:
        scope |= Q(organization_id=organization_id)
    return set(Holiday.objects.filter(scope, day__gte=start, day__lte=end).values_list("day", flat=True))


def add_working_days(start: datetime.date, days: int, *, organization_id: int | None = None) -> datetime.date:
    """The date `days` working days after `start` (the day of receipt itself does not count)."""
    # Tết can close a week and a half; a window of 3× the span plus a month is always enough.
    holidays = holidays_between(organization_id, start, start + datetime.timedelta(days=days * 3 + 31))
    current = start
    remaining = days
    while remaining > 0:
        current += datetime.timedelta(days=1)
        if current.weekday() < 5 and current not in holidays:
            remaining -= 1
    return current


def is_working_day(day: datetime.date, *, organization_id: int | None = None) -> bool:
    return day.weekday() < 5 and not holidays_between(organization_id, day, day)
