from datetime import date

import pytest

from documents.dates import BLANK, vn_date, vn_day_month_year, vn_long_date


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2025, 2, 5), "Long Xuyên, ngày 05 tháng 02 năm 2025"),
        (date(2024, 1, 15), "Long Xuyên, ngày 15 tháng 01 năm 2024"),
        (date(2024, 3, 5), "Long Xuyên, ngày 05 tháng 3 năm 2024"),
        (date(2024, 10, 9), "Long Xuyên, ngày 09 tháng 10 năm 2024"),
        (date(2024, 11, 10), "Long Xuyên, ngày 10 tháng 11 năm 2024"),
        (date(2024, 12, 31), "Long Xuyên, ngày 31 tháng 12 năm 2024"),
    ],
)
def test_days_below_10_and_months_1_2_take_a_leading_zero(day, expected):
    # given a date / when it is written as a place-and-date line / then the decree's padding applies
    assert vn_long_date(day, "Long Xuyên") == expected


def test_an_unsigned_document_leaves_the_date_to_be_filled_by_hand():
    # given no signing date yet / when the date line is written
    line = vn_long_date(None, "Mỹ Thạnh")
    # then day, month and year are gaps
    assert line == f"Mỹ Thạnh, ngày{BLANK}tháng{BLANK}năm{BLANK}"
    assert vn_day_month_year(None).startswith("ngày")


@pytest.mark.parametrize(
    ("day", "expected"),
    [(date(2025, 2, 5), "05/02/2025"), (date(2024, 12, 31), "31/12/2024"), (date(2024, 3, 9), "09/03/2024")],
)
def test_short_dates_are_always_padded(day, expected):
    assert vn_date(day) == expected
