"""Sensitive breakdowns hide cells of fewer people than the configured minimum, on screen and in downloads."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from reports.suppression import suppress_small_cells
from tests.conftest import SUBMIT, individual


def _people(ethnicity: str, count: int) -> list[dict]:
    return [individual(f"Người {ethnicity} Số {i}", ethnicity=ethnicity) for i in range(count)]


def test_ethnicity_cells_under_five_are_hidden_in_the_report_and_its_workbook(ward, api, make_nomination):
    make_nomination(nominees=_people("Kinh", 7) + _people("Hoa", 5) + _people("Khmer", 2), steps=(SUBMIT,))
    url = f"/api/v1/reports/rounds/{ward.rounds['current'].pk}/"

    rows = {row["ethnicity"]: row for row in api("reviewer").get(url).json()["by_ethnicity"]}
    workbook = load_workbook(io.BytesIO(api("reviewer").get(url + "?format=xlsx").content), read_only=True)
    sheet = [list(r) for r in workbook["Theo dân tộc"].iter_rows(values_only=True)]

    assert (rows["Kinh"]["nominees"], rows["Kinh"]["suppressed"]) == (7, False)
    # Khmer (2) is hidden, and Hoa, the next smallest, too: otherwise 14 − 7 − 5 gives the Khmer count back.
    assert (rows["Khmer"]["nominees"], rows["Khmer"]["approved"], rows["Khmer"]["suppressed"]) == (None, None, True)
    assert rows["Hoa"]["nominees"] is None
    by_name = {row[0]: [v for v in row[1:] if v is not None] for row in sheet}
    assert by_name["Kinh"] == [7, 0]
    assert by_name["Khmer"] == []  # the cells are blank in the download too
    assert by_name["Hoa"] == []


def test_the_minimum_is_a_setting(settings):
    settings.VINHDANH_REPORT_MIN_CELL = 3
    rows = [{"k": "a", "n": 2}, {"k": "b", "n": 3}, {"k": "c", "n": 9}]

    shown = suppress_small_cells(rows, count="n")

    assert [row["n"] for row in shown] == [None, None, 9]
