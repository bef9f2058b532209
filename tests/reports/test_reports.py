import io

import pytest
from openpyxl import load_workbook

from nominations.models import Nomination, NomineeResult, Unit
from scoring.defaults import seed_default_criteria
from scoring.services import score_review
from tests.conftest import SUBMIT, individual
from workflows.drafting import nomination_create

LHPN = "Hội Liên hiệp Phụ nữ phường"
KHOM = "Khóm Đông Thạnh"


def household(name: str) -> dict:
    return {"kind": "household", "name": name, "details": {"address": KHOM}}


@pytest.fixture
def round_files(ward, make_nomination):
    """Hand-counted: A (unit1, under review, 2 individuals), B (unit1, draft, 1 individual),
    C (khóm, recognised: 4 households, 3 pass, 1 of them later revoked), D (khóm, submitted, 1 household)."""
    criteria = {s.award_kind.code: s for s in seed_default_criteria(ward.award_kinds)}["gia_dinh_hoc_tap"]
    a = make_nomination(
        nominees=[individual("Bà Một"), individual("Ông Hai", honorific="Ông", gender="male")],
        steps=(SUBMIT, ("reviewer", "accept", "")),
    )
    b = make_nomination(nominees=[individual("Bà Ba")])
    khom_steps = (("unit2", "submit", ""), ("reviewer", "accept", ""))
    c = make_nomination(
        submitter="unit2",
        award="gia_dinh_hoc_tap",
        nominees=[
            household("Nguyễn Văn Tư"),
            household("Trần Thị Sáu"),
            household("Lê Văn Bảy"),
            household("=SUM(1,2)"),
        ],
        steps=khom_steps,
    )
    full = [(c_.code, c_.max_points) for c_ in criteria.criteria.all()]
    score_review(
        nomination_id=c.pk,
        actor=ward.users["reviewer"],
        scores=[
            {"nominee": n.pk, "criterion": code, "points": points}
            for n in c.nominees.exclude(name="Lê Văn Bảy")
            for code, points in full
        ],
    )
    from workflows.services import nomination_transition

    nomination_transition(
        nomination_id=c.pk,
        name="recognize",
        actor=ward.users["reviewer"],
        version=Nomination.objects.get(pk=c.pk).version,
        comment="Công nhận",
    )
    c.nominees.filter(name="Trần Thị Sáu").update(result=NomineeResult.REVOKED)  # given: revoked by a later decision
    d = make_nomination(
        submitter="unit2", award="gia_dinh_hoc_tap", nominees=[household("Võ Văn Chín")], steps=khom_steps[:1]
    )
    Unit.objects.filter(pk=ward.units[KHOM].pk).update(households=10, population=45)
    Unit.objects.filter(pk=ward.units["Khóm Tây Khánh"].pk).update(households=30)
    return {"a": a, "b": b, "c": c, "d": d}


def test_round_report_counts_what_the_reviewer_sees(ward, api, round_files):
    rnd = ward.rounds["current"]

    body = api("reviewer").get(f"/api/v1/reports/rounds/{rnd.pk}/").json()

    assert body["round"] == rnd.pk
    assert body["totals"] == {"files": 3, "nominees": 7, "approved": 2}
    assert body["by_unit"] == [
        {"unit": ward.units[LHPN].pk, "name": LHPN, "files": 1, "nominees": 2, "approved": 0},
        {"unit": ward.units[KHOM].pk, "name": KHOM, "files": 2, "nominees": 5, "approved": 2},
    ]
    assert body["by_award_kind"] == [
        {"award_kind": "giay_khen", "files": 1, "nominees": 2, "approved": 0},
        {"award_kind": "gia_dinh_hoc_tap", "files": 2, "nominees": 5, "approved": 2},
    ]
    assert body["by_nominee_kind"] == [
        {"kind": "household", "result": "approved", "nominees": 2},
        {"kind": "household", "result": "not_approved", "nominees": 1},
        {"kind": "household", "result": "pending", "nominees": 1},
        {"kind": "household", "result": "revoked", "nominees": 1},
        {"kind": "individual", "result": "pending", "nominees": 2},
    ]
    assert body["by_gender"] == [
        {"gender": "female", "nominees": 1, "approved": 0},
        {"gender": "male", "nominees": 1, "approved": 0},
    ]
    progress = {p["award_kind"]: p for p in body["progress"]}
    assert progress["gia_dinh_hoc_tap"]["denominator_value"] == 40
    assert progress["gia_dinh_hoc_tap"]["achieved"] == 2
    assert progress["gia_dinh_hoc_tap"]["percent"] == 5.0
    assert progress["gia_dinh_hoc_tap"]["target_percent"] == 70
    assert progress["gia_dinh_hoc_tap"]["met"] is False
    assert progress["cong_dong_hoc_tap"]["denominator_value"] == 2
    assert progress["cong_dong_hoc_tap"]["percent"] == 0.0
    assert progress["dong_ho_hoc_tap"]["percent"] is None


def test_round_report_of_a_unit_covers_its_own_files_and_drafts(ward, api, round_files):
    body = api("unit1").get(f"/api/v1/reports/rounds/{ward.rounds['current'].pk}/").json()

    assert body["totals"] == {"files": 2, "nominees": 3, "approved": 0}
    assert [row["unit"] for row in body["by_unit"]] == [ward.units[LHPN].pk]


def test_round_report_as_xlsx_holds_the_figures_and_neutralises_formulas(ward, api, round_files):
    response = api("reviewer").get(f"/api/v1/reports/rounds/{ward.rounds['current'].pk}/?format=xlsx")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    book = load_workbook(io.BytesIO(response.content))
    summary = dict(book["Tổng hợp"].iter_rows(values_only=True))
    assert (summary["Số hồ sơ"], summary["Số người / tập thể được đề nghị"], summary["Số được khen / công nhận"]) == (
        3,
        7,
        2,
    )
    headers, *by_unit = list(book["Theo đơn vị"].iter_rows(values_only=True))
    assert headers == ("Tên", "Số hồ sơ", "Số người / tập thể được đề nghị", "Số được khen / công nhận")
    assert by_unit == [(LHPN, 1, 2, 0), (KHOM, 2, 5, 2)]
    detail = list(book["Chi tiết"].iter_rows(min_row=2, values_only=True))
    assert {row[0] for row in detail} == {LHPN, KHOM}
    assert {row[1] for row in detail} <= {
        "Giấy khen của Chủ tịch UBND phường",
        *[a.name for a in ward.award_kinds.values()],
    }
    awardees = [row[4] for row in book["Danh sách được công nhận"].iter_rows(min_row=2, values_only=True)]
    assert sorted(awardees) == ["'=SUM(1,2)", "Nguyễn Văn Tư"]


def test_phase_report_adds_up_the_rounds_it_covers(ward, api, round_files):
    earlier = ward.rounds["2024"]
    nomination_create(
        actor=ward.users["unit1"],
        round=earlier,
        award_kind=ward.award_kinds["giay_khen"],
        title="Hồ sơ năm 2024",
        nominees=[individual("Bà Năm")],
    )
    interim = earlier.phase
    final = ward.rounds["current"].phase

    first = api("unit1").get(f"/api/v1/reports/phases/{interim.pk}/").json()
    whole = api("unit1").get(f"/api/v1/reports/phases/{final.pk}/").json()

    assert first["totals"] == {"files": 1, "nominees": 1, "approved": 0}
    assert [(r["year"], r["files"], r["nominees"]) for r in first["rounds"]] == [(2024, 1, 1), (2025, 0, 0)]
    if final.review_kind == "final":
        assert whole["start_year"] == 2023
        assert whole["totals"] == {"files": 3, "nominees": 4, "approved": 0}


def test_report_of_an_unknown_round_is_not_found(api, ward):
    assert api("reviewer").get("/api/v1/reports/rounds/999999/").status_code == 404
    assert api("reviewer").get("/api/v1/reports/phases/999999/").status_code == 404
