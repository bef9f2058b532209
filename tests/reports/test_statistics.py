"""State statistical forms (Thông tư 02/2023/TT-BNV): 0601 movements and 0603 awards, by hand-counted figures."""

from __future__ import annotations

import datetime
import io

import pytest
from openpyxl import load_workbook

from demo.catalogues import seed_award_tables
from nominations.models import Campaign, Certificate, CertificateStatus
from tests.awards.award_steps import approved_files, issued_decision
from tests.conftest import individual

YEAR = datetime.date.today().year


@pytest.fixture(autouse=True)
def _prize_tables(ward):
    seed_award_tables(ward)


def _rows(body):
    return {row["label"]: row for row in body["rows"]}


def _get(api, who, form, fmt="json"):
    return api(who).get(f"/api/v1/reports/statistics/{YEAR}/?form={form}&format={fmt}")


def test_form_0601_counts_the_wards_movements_by_length(ward, api):
    # given: the demo's 2023–2030 movement (8 years), plus one of a single year, one of two years
    # running into the report year, and one that ended the year before (not counted)
    org = ward.organization
    Campaign.objects.create(organization=org, name="Thi đua một năm", start_year=YEAR, end_year=YEAR)
    Campaign.objects.create(organization=org, name="Thi đua hai năm", start_year=YEAR - 1, end_year=YEAR)
    Campaign.objects.create(organization=org, name="Đã kết thúc", start_year=YEAR - 3, end_year=YEAR - 1)

    body = _get(api, "reviewer", "0601").json()

    rows = _rows(body)
    assert body["sign"] == "0601.N/BNV-TĐKT"
    # A ward launches its movements as a "cơ quan, tổ chức, đơn vị": the fourth column.
    assert rows["Tổng số"]["values"] == [3, 0, 0, 3]
    assert rows["– Cơ quan, tổ chức, đơn vị"]["values"] == [3, 0, 0, 3]
    assert rows["– Toàn quốc"]["values"] == [0, 0, 0, 0]
    assert rows["– 1 năm"]["values"] == [1, 0, 0, 1]
    assert rows["– Từ 1 năm đến dưới 3 năm"]["values"] == [1, 0, 0, 1]
    assert rows["– Từ 3 năm đến dưới 5 năm"]["values"] == [0, 0, 0, 0]
    assert rows["– Từ 5 năm trở lên"]["values"] == [1, 0, 0, 1]
    assert rows["– Thi đua theo chuyên đề"]["values"] == [None] * 4  # not recorded: left blank, not guessed
    assert all(row["verified"] is False for row in body["rows"])


@pytest.fixture
def awards_of_the_year(ward, make_nomination):
    """One issued file with five nominees: Bà (Khmer), Ông (Kinh), a household, an enterprise and a
    women's branch (collectives); then the household's certificate is revoked."""
    nominees = [
        individual("Thạch Thị Sa Ranh", ethnicity="Khmer"),
        individual("Nguyễn Văn Tâm", honorific="Ông", gender="male", ethnicity="Kinh"),
        {"kind": "household", "name": "Hộ ông Trần Văn Lành", "details": {"address": "Khóm Đông Thạnh"}},
        {"kind": "collective", "name": "Công ty TNHH Mỹ Thạnh", "details": {"collective_type": "Doanh nghiệp"}},
        {"kind": "collective", "name": "Chi hội Phụ nữ khóm Đông Thạnh", "details": {"collective_type": "Đoàn thể"}},
    ]
    files = approved_files(ward, make_nomination, nominees=nominees)
    issued_decision(ward, files)
    Certificate.objects.filter(nominee__name="Hộ ông Trần Văn Lành").update(status=CertificateStatus.REVOKED)
    return files


def test_form_0603_counts_the_awards_given_in_the_year_by_kind_of_nominee(ward, api, awards_of_the_year):
    body = _get(api, "secretary", "0603").json()

    rows = _rows(body)
    assert body["columns"] == ["Tổng số", ward.award_kinds["giay_khen"].name]
    assert rows["Tổng số"]["values"] == [4, 4]  # five certificates, one revoked
    assert rows["– Tập thể"]["values"] == [2, 2]
    assert rows["Trong đó: Doanh nghiệp"]["values"] == [1, 1]
    assert rows["– Hộ gia đình"]["values"] == [0, 0]
    assert rows["– Cá nhân"]["values"] == [2, 2]
    assert rows["– Thường xuyên"]["values"] == [4, 4]  # the annual round
    assert rows["– Đột xuất"]["values"] == [0, 0]
    assert rows["– Cá nhân nữ"]["values"] == [1, 1]
    assert rows["– Cá nhân nam"]["values"] == [1, 1]
    # one Khmer awardee: a cell under the minimum (5) is not shown in an ethnicity breakdown
    assert rows["– Cá nhân người dân tộc thiểu số"]["values"] == [None, None]
    assert rows["   + Doanh nhân"]["values"] == [None, None]


def test_the_form_downloads_as_a_workbook_marked_unverified(ward, api, awards_of_the_year):
    response = _get(api, "secretary", "0603", fmt="xlsx")

    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="bieu-0603-{YEAR}.xlsx"'
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][0] == "Biểu số: 0603.N/BNV-TĐKT"
    individuals = next(r for r in rows if r[0] == "– Cá nhân")
    assert individuals[:5] == ("– Cá nhân", "05", "Người", 2, 2)
    assert individuals[5].startswith("không")
    assert any(str(r[0]).startswith("Ghi chú: Chưa đối chiếu") for r in rows if r and r[0])


def test_the_workbook_is_the_default_answer(ward, api):
    response = api("reviewer").get(f"/api/v1/reports/statistics/{YEAR}/?form=0601")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


@pytest.mark.parametrize("form", ["0602", "0604", "0605"])
def test_forms_the_records_cannot_fill_are_refused_not_guessed(ward, api, form):
    response = _get(api, "reviewer", form, fmt="xlsx")

    assert response.status_code == 400
    assert response.json()["code"] == "form_not_derivable"


def test_an_unknown_form_is_refused(ward, api):
    response = _get(api, "reviewer", "9999")

    assert response.status_code == 400
    assert response.json()["code"] == "unknown_form"


def test_a_unit_clerk_cannot_produce_the_organisations_statistics(ward, api):
    response = _get(api, "unit1", "0601", fmt="xlsx")

    assert response.status_code == 403
    assert response.json()["code"] == "organization_only"


@pytest.mark.parametrize("fmt", ["AAA", "pdf", "xlsx.json"])
def test_an_unknown_format_is_a_json_refusal_not_a_server_error(ward, api, fmt):
    client = api("reviewer")
    client.raise_request_exception = False
    response = client.get(f"/api/v1/reports/statistics/0/?form=0601&format={fmt}")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "not_found"
