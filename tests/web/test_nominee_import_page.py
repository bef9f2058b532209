"""Importing nominees from the edit page: all rows or none, with errors by row and column."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from workflows import import_template


def filled(award_kind, rows: list[dict[str, str]]) -> io.BytesIO:
    workbook = load_workbook(io.BytesIO(import_template.template_xlsx(award_kind)))
    sheet = workbook.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    keys = [str(h).rsplit("(", 1)[-1].rstrip(")") if h else "" for h in header]
    for i, row in enumerate(rows, start=2):
        for j, key in enumerate(keys, start=1):
            if key in row:
                sheet.cell(row=i, column=j, value=row[key])
    out = io.BytesIO()
    workbook.save(out)
    out.seek(0)
    out.name = "danh-sach.xlsx"
    return out


def test_the_script_imports_every_row(web, ward, make_nomination):
    # given a draft and a filled template of two people
    nomination = make_nomination(nominees=[])
    upload = filled(
        ward.award_kinds["giay_khen"],
        [
            {"kind": "individual", "name": "Nguyễn Văn Một", "gender": "Nam", "birth_year": "1980"},
            {"kind": "individual", "name": "Trần Thị Hai", "gender": "Nữ", "birth_year": "1985"},
        ],
    )

    # when the page's script posts it
    response = web("unit1", **{"X-Requested-With": "XMLHttpRequest"}).post(
        f"/ho-so/{nomination.pk}/nhap-danh-sach/", {"file": upload}
    )

    # then both rows are added
    assert response.status_code == 200, response.content
    assert response.json()["imported"] == 2
    assert nomination.nominees.count() == 2


def test_row_errors_come_back_and_nothing_is_imported(web, ward, make_nomination):
    nomination = make_nomination(nominees=[])
    upload = filled(
        ward.award_kinds["giay_khen"],
        [
            {"kind": "individual", "name": "Nguyễn Văn Một", "birth_year": "1980"},
            {"kind": "individual", "name": "", "birth_year": "năm"},
        ],
    )

    response = web("unit1", **{"X-Requested-With": "XMLHttpRequest"}).post(
        f"/ho-so/{nomination.pk}/nhap-danh-sach/", {"file": upload}
    )

    body = response.json()
    assert response.status_code == 400
    assert body["ok"] is False
    assert {e["row"] for e in body["errors"]} == {3}
    assert all(e["label"] and e["message"] for e in body["errors"])
    assert nomination.nominees.count() == 0


def test_without_scripts_the_errors_are_a_table_on_the_page(web, ward, make_nomination):
    nomination = make_nomination(nominees=[])
    upload = filled(ward.award_kinds["giay_khen"], [{"kind": "individual", "name": "", "birth_year": "năm"}])

    response = web("unit1").post(f"/ho-so/{nomination.pk}/nhap-danh-sach/", {"file": upload})

    html = response.content.decode()
    assert response.status_code == 400
    assert 'class="table import-errors"' in html
    assert "<td data-label=" in html.split("data-import-errors>", 1)[1]
    assert nomination.nominees.count() == 0
