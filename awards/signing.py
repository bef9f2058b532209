"""Who signs a decision and which number it takes: the app's yearly register, or the number the văn thư gave
it in the organisation's own register of outgoing documents."""

from __future__ import annotations

import datetime
from typing import Any

from core import clock
from core.errors import Refusal, forbidden
from nominations import access as permissions
from nominations.models import CounterKind, Decision, NumberingMode, Role
from nominations.numbering import parse_register_number, take_numbers


def signing_person(decision: Decision, actor: Any, signer: Any, mode: str) -> Any:
    """Who signs: the actor when a signer; the signer the văn thư names when recording the register's number."""
    organization_id = decision.organization_id
    if permissions.has_role(actor, Role.SIGNER, organization_id=organization_id) and signer in (None, actor):
        return actor
    if mode == NumberingMode.REGISTER and permissions.has_role(actor, Role.CLERK, organization_id=organization_id):
        if signer is None:
            raise Refusal(
                "signer_required",
                "Văn thư ghi số cần chọn người đã ký quyết định.",
                "The văn thư recording the number must name who signed.",
            )
        if not permissions.has_role(signer, Role.SIGNER, organization_id=organization_id):
            raise Refusal(
                "not_a_signer",
                "Người được chọn không có thẩm quyền ký quyết định của cơ quan.",
                "The person named may not sign the organisation's decisions.",
            )
        return signer
    raise forbidden(
        "Chỉ người có thẩm quyền ký (Chủ tịch / Phó Chủ tịch UBND) hoặc văn thư ghi số mới được ký quyết định.",
        "Only the organisation's signer, or the văn thư recording the register's number, may sign decisions.",
        code="signer_only",
    )


def register_number(
    decision: Decision, *, mode: str, symbol: str, number: str | None, signed_on: datetime.date | None
) -> tuple[datetime.date, int, str]:
    """(signing date, sequence number, number as printed) from the app's register or the văn thư's entry."""
    today = clock.today()
    if mode == NumberingMode.APP:
        if number or signed_on:
            raise Refusal(
                "numbered_by_app",
                "Cơ quan để phần mềm cấp số quyết định; không nhập số và ngày ký.",
                "This organisation's decisions are numbered by the application; give no number or date.",
            )
        sequence = take_numbers(organization_id=decision.organization_id, year=today.year, kind=CounterKind.DECISION)
        return today, sequence, f"{sequence:02d}/{symbol}"
    if not (number or "").strip():
        raise Refusal(
            "number_required",
            "Cần nhập số quyết định đã cấp trong sổ văn bản đi của cơ quan.",
            "Give the number the organisation's register gave this decision.",
        )
    day = signed_on or today
    if day > today:
        raise Refusal("signed_on_in_future", "Ngày ký không được sau hôm nay.", "The signing date is in the future.")
    sequence, text = parse_register_number(number or "")
    if Decision.objects.filter(organization_id=decision.organization_id, year=day.year, number=sequence).exists():
        raise number_taken(text, day.year)
    return day, sequence, text


def number_taken(text: str, year: int) -> Refusal:
    return Refusal(
        "number_taken",
        f"Số {text} đã được dùng cho một quyết định khác của cơ quan trong năm {year}.",
        f"Number {text} is already used by another decision of the organisation in {year}.",
        status=409,
    )
