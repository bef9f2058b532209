"""Keep spreadsheet exports from running what users typed (CSV/formula injection)."""

from typing import TypeVar

T = TypeVar("T")

# Spreadsheet apps treat these leading characters as the start of a formula (OWASP list).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralize_formula(value: T) -> T | str:
    """Prefix a formula-looking string with a single quote; leave everything else alone."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value
