"""System check: the coming year's announced days off must be entered before the year begins."""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, register
from django.core.checks import Warning as CheckWarning
from django.db import DatabaseError


@register("vinhdanh")
def holiday_announcement_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    from nominations.calendar import missing_announcement_year

    try:
        year = missing_announcement_year()
    except DatabaseError:
        # No database yet (first migrate, image build): nothing to compare against.
        return []
    if year is None:
        return []
    return [
        CheckWarning(
            f"Chưa nhập ngày nghỉ lễ, ngày nghỉ bù và ngày làm bù được công bố cho năm {year}.",
            hint="Nhập trong trang quản trị: Thông báo nghỉ lễ năm và Ngày nghỉ lễ. "
            "Tết và các ngày lễ theo luật vẫn được tính tự động.",
            id="vinhdanh.W001",
        )
    ]
