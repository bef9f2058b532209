"""What every page shows an administrator: the calendar warning once the coming year is not entered."""

from __future__ import annotations

from typing import Any

from nominations.access import has_role
from nominations.calendar import missing_announcement_year
from nominations.models import Role


def calendar_warning(request: Any) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    if not (user.is_superuser or user.is_staff or has_role(user, Role.ADMIN)):
        return {}
    year = missing_announcement_year()
    return {"holiday_announcement_missing": year} if year else {}
