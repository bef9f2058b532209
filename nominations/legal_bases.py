"""The "Căn cứ" lines every organisation starts with: the Law and the decree detailing it, by date in force.

Data, not law: an administrator corrects or adds lines in the admin. NĐ 152/2025's date of issue is left
blank, marked unverified, until someone checks it against the gazette; the line prints without a date.
"""

from __future__ import annotations

import datetime
from typing import Any

DEFAULT_LEGAL_BASES: tuple[dict[str, Any], ...] = (
    {
        "name": "Luật Thi đua, khen thưởng",
        "issued_on": datetime.date(2022, 6, 15),
        "subject": "",
        "in_force_from": datetime.date(2024, 1, 1),
        "in_force_to": None,
        "order": 1,
        "is_unverified": False,
    },
    {
        "name": "Nghị định số 98/2023/NĐ-CP",
        "issued_on": datetime.date(2023, 12, 31),
        "subject": "của Chính phủ quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng",
        "in_force_from": datetime.date(2024, 1, 1),
        "in_force_to": datetime.date(2025, 6, 30),
        "order": 2,
        "is_unverified": False,
    },
    {
        "name": "Nghị định số 152/2025/NĐ-CP",
        "issued_on": None,
        "subject": "của Chính phủ quy định chi tiết Luật Thi đua, khen thưởng",
        "in_force_from": datetime.date(2025, 7, 1),
        "in_force_to": None,
        "order": 2,
        "is_unverified": True,
    },
)


def seed_legal_bases(model: Any) -> None:
    """Create the default lines that are missing; lines an administrator edited are left as they are."""
    for line in DEFAULT_LEGAL_BASES:
        model.objects.get_or_create(
            name=line["name"], organization=None, defaults={k: v for k, v in line.items() if k != "name"}
        )
