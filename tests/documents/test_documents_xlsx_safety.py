from io import BytesIO

import pytest
from openpyxl import Workbook, load_workbook

from documents.xlsx_safety import neutralize_formula


@pytest.mark.parametrize(
    "value", ["=1+1", "+84912345678", "-2+3", "@SUM(A1:A2)", "\t=cmd", "\r=cmd", '=HYPERLINK("http://x")']
)
def test_formula_like_strings_get_a_leading_quote(value):
    assert neutralize_formula(value) == "'" + value


@pytest.mark.parametrize("value", ["Nguyễn Thị Ánh Tuyết", "", "a=b", 42, 3.5, None])
def test_everything_else_is_unchanged(value):
    assert neutralize_formula(value) == value


def test_a_neutralized_cell_is_stored_as_text_not_as_a_formula():
    # given a name a user typed as a formula / when it is written to a workbook
    workbook = Workbook()
    workbook.active["A1"] = neutralize_formula('=HYPERLINK("http://evil","bấm")')
    buffer = BytesIO()
    workbook.save(buffer)
    # then the cell reads back as a string
    cell = load_workbook(BytesIO(buffer.getvalue())).active["A1"]
    assert cell.data_type == "s"
