"""The round report as a Nghị định 30 style PDF, and its prize money lines in the workbook."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from awards.payments import certificate_mark_paid
from demo.catalogues import seed_award_tables
from nominations.models import Certificate
from tests.awards.award_steps import approved_files, issued_decision, pdf_text, person
from tests.conftest import ACCEPT, SUBMIT


@pytest.fixture(autouse=True)
def _prize_tables(ward):
    seed_award_tables(ward)


@pytest.fixture
def awarded(ward, make_nomination):
    """Two issued files of unit1, one named individual each; the first one's prize is paid."""
    files = [
        approved_files(ward, make_nomination, nominees=[person("Trần Thị Hồng Nhung")])[0],
        approved_files(ward, make_nomination, nominees=[person("Lê Văn Phúc")])[0],
    ]
    issued_decision(ward, files)
    certificate_mark_paid(
        certificate_id=Certificate.objects.get(nominee__nomination=files[0]).pk, actor=ward.users["secretary"]
    )
    return files


def test_the_round_report_prints_as_an_official_report(ward, api, awarded):
    rnd = ward.rounds["current"]

    response = api("reviewer").get(f"/api/v1/reports/rounds/{rnd.pk}/?format=pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "ỦY BAN NHÂN DÂN PHƯỜNG MỸ THẠNH" in text
    assert "BÁO CÁO" in text
    assert rnd.name in text
    assert "Trần Thị Hồng Nhung" in text
    assert "Lê Văn Phúc" in text
    # 2 × 710.000 in total, 710.000 paid, 710.000 owed
    assert "tổng tiền thưởng: 1.420.000 đồng" in text
    assert "đã chi: 710.000 đồng (1 giấy)" in text
    assert "chưa chi: 710.000 đồng" in text


def test_a_report_pdf_for_a_round_out_of_reach_is_a_json_error(ward, api, awarded):
    response = api("reviewer").get("/api/v1/reports/rounds/999999/?format=pdf")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_the_round_workbook_carries_the_prize_money(ward, api, awarded):
    rnd = ward.rounds["current"]

    response = api("reviewer").get(f"/api/v1/reports/rounds/{rnd.pk}/?format=xlsx")

    summary = dict(load_workbook(io.BytesIO(response.content))["Tổng hợp"].iter_rows(values_only=True))
    assert summary["Tiền thưởng: tổng (đồng)"] == 1_420_000
    assert summary["Tiền thưởng: đã chi (đồng)"] == 710_000
    assert summary["Tiền thưởng: chưa chi (đồng)"] == 710_000


def test_the_report_page_writes_money_as_officials_do(ward, client, awarded):
    rnd = ward.rounds["current"]
    client.force_login(ward.users["reviewer"], backend="django.contrib.auth.backends.ModelBackend")

    html = client.get(f"/bao-cao/?round={rnd.pk}").content.decode()

    assert "1.420.000 đ" in html
    assert "710.000 đ / 710.000 đ" in html
    assert "1420000" not in html


def test_a_refused_action_names_the_action_and_the_state_not_their_codes(ward, api, make_nomination):
    nomination = make_nomination(steps=(SUBMIT, ACCEPT))

    response = api("reviewer").post(
        f"/api/v1/nominations/{nomination.pk}/transitions/accept/", {"version": nomination.version}, format="json"
    )

    assert response.status_code == 409
    assert response.json()["detail"] == (
        "Không thể thực hiện thao tác «Tiếp nhận» khi hồ sơ đang ở trạng thái «Đang thẩm định»."
    )
