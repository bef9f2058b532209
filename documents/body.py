"""The issuing body and the header lines every official document shares."""

from dataclasses import dataclass
from datetime import date

from documents.dates import BLANK, vn_long_date


@dataclass(frozen=True)
class Body:
    """An issuing body, with names in ordinary case ("Ủy ban nhân dân phường Mỹ Thạnh").

    Names are upper-cased for the header here, because the sentence-case form
    ("Chủ tịch Ủy ban nhân dân phường Mỹ Thạnh") cannot be recovered from capitals.
    """

    issuing_body: str
    parent_body: str
    place_name: str
    document_suffix: str  # "UBND" in "07/QĐ-UBND"


def number_line(number: str | None, kind_code: str, suffix: str) -> str:
    """The number line ("Số: 07/QĐ-UBND"), with a gap while the number is assigned only at signing."""
    if number:
        return f"Số: {number}"
    return f"Số:{BLANK}/{kind_code}-{suffix}"


def number_or_blank(number: str | None, kind_code: str, suffix: str) -> str:
    return number or f"{BLANK}/{kind_code}-{suffix}"


def header_context(body: Body, number: str | None, kind_code: str, dated: date | None) -> dict[str, str]:
    return {
        "parent_body": body.parent_body.upper(),
        "issuing_body": body.issuing_body.upper(),
        "number_line": number_line(number, kind_code, body.document_suffix),
        "date_line": vn_long_date(dated, body.place_name),
    }
