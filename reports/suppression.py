"""Small-cell suppression: a count of one or two people by ethnicity points at those people.

Cells of a sensitive breakdown below the configured minimum (VINHDANH_REPORT_MIN_CELL, default 5) are
shown as hidden, and when only one cell would be hidden the next smallest is hidden too, so it cannot
be worked back from the total.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings


def min_cell() -> int:
    return int(getattr(settings, "VINHDANH_REPORT_MIN_CELL", 5))


def is_small(value: Any, minimum: int) -> bool:
    return isinstance(value, int) and 0 < value < minimum


def suppress_small_cells(
    rows: Sequence[dict[str, Any]], *, count: str, also: Sequence[str] = ()
) -> list[dict[str, Any]]:
    """Rows with `count` (and each column in `also`) set to None where a cell falls under the minimum."""
    minimum = min_cell()
    hidden = {i for i, row in enumerate(rows) if is_small(row.get(count), minimum)}
    if len(hidden) == 1 and len(rows) > 1:
        others = sorted((row.get(count) or 0, i) for i, row in enumerate(rows) if i not in hidden)
        hidden.add(others[0][1])
    result = []
    for i, row in enumerate(rows):
        row = dict(row)
        small_also = [c for c in also if is_small(row.get(c), minimum)]
        if i in hidden:
            row.update({count: None, **dict.fromkeys(also, None), "suppressed": True})
        elif small_also:
            row.update({**dict.fromkeys(small_also, None), "suppressed": True})
        else:
            row["suppressed"] = False
        result.append(row)
    return result
