"""Yearly numbers of decisions and certificates: one counter per organisation, year and kind, or the number
the văn thư gave in the organisation's own register of outgoing documents."""

from __future__ import annotations

import re

from django.db import transaction

from core.errors import Refusal
from nominations.models import DocumentRegister, NumberingMode, Organization, RegisterKind, YearlyCounter


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


_REGISTER_NUMBER = re.compile(r"^0*(\d{1,6})/(\S+)$")


def register_of(organization: Organization, kind: str) -> tuple[str, str]:
    """(numbering mode, symbol) of an organisation's register for one kind of document."""
    register = DocumentRegister.objects.filter(organization=organization, kind=kind).first()
    if register is not None:
        return register.mode, register.symbol
    suffix = organization.document_suffix
    symbol = suffix if kind == RegisterKind.DECISION else "TTr-" + suffix.removeprefix("QĐ-")
    return NumberingMode.APP, symbol


def parse_register_number(text: str) -> tuple[int, str]:
    """The sequence number and the text as written, from "125/QĐ-UBND" as the văn thư typed it."""
    cleaned = re.sub(r"\s+", "", text or "")
    match = _REGISTER_NUMBER.match(cleaned)
    if not match or int(match.group(1)) == 0:
        raise Refusal(
            "invalid_number",
            "Số văn bản phải có dạng số/ký hiệu, ví dụ 125/QĐ-UBND.",
            "The number must read number/symbol, e.g. 125/QĐ-UBND.",
        )
    number = int(match.group(1))
    return number, f"{number:02d}/{match.group(2)}"
