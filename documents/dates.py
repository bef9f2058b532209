"""Dates as Nghị định 30/2020/NĐ-CP writes them."""

from datetime import date

# The decree pads days below 10 and months 1–2 so that "ngày 1 tháng 1" cannot later be
# turned into "ngày 11 tháng 12" by hand.
_PADDED_MONTHS = (1, 2)

# Wide enough for a signer to fill the day, month or year in by hand.
BLANK = "\u00a0" * 6


def _day(d: date) -> str:
    return f"{d.day:02d}"


def _month(d: date) -> str:
    return f"{d.month:02d}" if d.month in _PADDED_MONTHS else str(d.month)


def vn_day_month_year(d: date | None) -> str:
    """Day, month and year as in "ngày 05 tháng 3 năm 2024"; gaps to fill by hand when not yet known."""
    if d is None:
        return f"ngày{BLANK}tháng{BLANK}năm{BLANK}"
    return f"ngày {_day(d)} tháng {_month(d)} năm {d.year}"


def vn_long_date(d: date | None, place: str) -> str:
    """The place-and-date line, e.g. "Long Xuyên, ngày 05 tháng 3 năm 2024"."""
    return f"{place}, {vn_day_month_year(d)}"


def vn_date(d: date) -> str:
    """The short form used in tables and on certificates, e.g. "05/02/2025"."""
    return f"{d.day:02d}/{d.month:02d}/{d.year}"
