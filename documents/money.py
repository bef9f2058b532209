"""Prize money: rounding and Vietnamese formatting."""

from decimal import ROUND_CEILING, Decimal

PRIZE_STEP = 10_000


def round_up_to(amount: Decimal | int, step: int = PRIZE_STEP) -> int:
    """Round up to the next multiple of ``step``; an exact multiple stays as it is."""
    if step <= 0:
        raise ValueError("step must be positive")
    units = (Decimal(amount) / step).to_integral_value(rounding=ROUND_CEILING)
    return int(units) * step


def prize_amount(coefficient: Decimal | str, base_salary: int) -> int:
    """Coefficient × base salary, rounded up to 10,000 đồng as the prize regulations require.

    Floats are refused: 0.3 as a float is not 0.3, and one đồng too many rounds up a whole step.
    """
    if isinstance(coefficient, float):
        raise TypeError("pass the coefficient as Decimal or str, not float")
    return round_up_to(Decimal(coefficient) * base_salary)


def vnd(amount: int | Decimal) -> str:
    """Amount in đồng with dots between thousands, e.g. "710.000 đồng"."""
    return f"{int(amount):,} đồng".replace(",", ".")


_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_GROUPS = ("", "nghìn", "triệu")
_BILLION = 1_000_000_000


def _three_digits(n: int, *, full: bool) -> list[str]:
    # "full" reads a group that follows a higher one: 1.005.000 is "một triệu không trăm linh năm nghìn".
    hundreds, tens, units = n // 100, n // 10 % 10, n % 10
    words: list[str] = []
    if full or hundreds:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            words += ["linh", _DIGITS[units]] if words else [_DIGITS[units]]
    elif tens == 1:
        words.append("mười")
        if units:
            words.append("lăm" if units == 5 else _DIGITS[units])
    else:
        words += [_DIGITS[tens], "mươi"]
        if units:
            words.append({1: "mốt", 4: "tư", 5: "lăm"}.get(units, _DIGITS[units]))
    return words


def _below_billion(n: int, *, full: bool) -> list[str]:
    words: list[str] = []
    for index in range(len(_GROUPS) - 1, -1, -1):
        group = n // 1000**index % 1000
        if group:
            words += _three_digits(group, full=full or bool(words))
            if _GROUPS[index]:
                words.append(_GROUPS[index])
    return words


def _words(n: int, *, full: bool = False) -> list[str]:
    if n >= _BILLION:
        rest = n % _BILLION
        return _words(n // _BILLION, full=full) + ["tỷ"] + (_below_billion(rest, full=True) if rest else [])
    return _below_billion(n, full=full)


def vnd_in_words(amount: int) -> str:
    """The amount in words printed next to the figure, e.g. "Bảy trăm mười nghìn đồng"."""
    if amount < 0:
        raise ValueError("amount must not be negative")
    words = _words(amount) or [_DIGITS[0]]
    text = " ".join(words) + " đồng"
    return text[0].upper() + text[1:]
