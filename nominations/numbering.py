"""Yearly numbers of decisions and certificates: one counter per organisation, year and kind."""

from __future__ import annotations

from django.db import transaction

from nominations.models import YearlyCounter


def take_numbers(*, organization_id: int, year: int, kind: str, count: int = 1) -> int:
    """Reserve ``count`` consecutive numbers and return the first; the caller's transaction holds the lock."""
    assert transaction.get_connection().in_atomic_block
    YearlyCounter.objects.bulk_create(
        [YearlyCounter(organization_id=organization_id, year=year, kind=kind)], ignore_conflicts=True
    )
    counter = YearlyCounter.objects.select_for_update().get(organization_id=organization_id, year=year, kind=kind)
    first = counter.last + 1
    counter.last += count
    counter.save(update_fields=["last"])
    return first
