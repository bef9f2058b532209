from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from documents.money import prize_amount, round_up_to, vnd, vnd_in_words

BASE_SALARY = 2_340_000


def test_a_giay_khen_prize_rounds_up_to_the_next_ten_thousand():
    # given coefficient 0.3 of a 2,340,000 base salary (702,000) / then 710,000 is paid
    assert prize_amount(Decimal("0.3"), BASE_SALARY) == 710_000


def test_an_exact_multiple_stays():
    assert prize_amount(Decimal("1.0"), BASE_SALARY) == 2_340_000
    assert round_up_to(Decimal(710_000)) == 710_000


def test_a_single_dong_over_a_step_rounds_up_a_whole_step():
    assert round_up_to(Decimal("700000.01")) == 710_000


def test_a_float_coefficient_is_refused():
    with pytest.raises(TypeError):
        prize_amount(0.3, BASE_SALARY)  # type: ignore[arg-type]


@given(
    coefficient=st.decimals(min_value=0, max_value=20, places=2, allow_nan=False, allow_infinity=False),
    base_salary=st.integers(min_value=0, max_value=100_000_000),
)
def test_prize_is_the_smallest_multiple_of_ten_thousand_not_below_the_exact_amount(coefficient, base_salary):
    # when the prize is computed
    result = prize_amount(coefficient, base_salary)
    # then it covers the exact amount by less than one step, in whole steps
    exact = coefficient * base_salary
    assert exact <= result < exact + 10_000
    assert result % 10_000 == 0


@pytest.mark.parametrize(
    ("amount", "expected"),
    [(710_000, "710.000 đồng"), (0, "0 đồng"), (1_234_567_890, "1.234.567.890 đồng"), (999, "999 đồng")],
)
def test_amounts_group_thousands_with_dots(amount, expected):
    assert vnd(amount) == expected


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (0, "Không đồng"),
        (15, "Mười lăm đồng"),
        (21_000, "Hai mươi mốt nghìn đồng"),
        (24_000, "Hai mươi tư nghìn đồng"),
        (105_000, "Một trăm linh năm nghìn đồng"),
        (710_000, "Bảy trăm mười nghìn đồng"),
        (1_005_000, "Một triệu không trăm linh năm nghìn đồng"),
        (4_950_000, "Bốn triệu chín trăm năm mươi nghìn đồng"),
        (2_000_000_000, "Hai tỷ đồng"),
    ],
)
def test_amounts_in_words(amount, expected):
    assert vnd_in_words(amount) == expected
