"""The reviewer claims, scores and recognises a learning-title file; the secretary reads the reports."""

from __future__ import annotations

import pytest

from nominations.models import Nomination
from scoring.defaults import seed_default_criteria
from tests.e2e.test_lifecycle_in_browser import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def household(name: str) -> dict:
    return {"kind": "household", "name": name, "details": {"address": "Khóm Đông Thạnh"}}


def test_the_reviewer_scores_a_title_file_and_recognises_it(ward, live_server, new_page, screenshots, make_nomination):
    base = live_server.url
    gia_dinh = next(s for s in seed_default_criteria(ward.award_kinds) if s.award_kind.code == "gia_dinh_hoc_tap")
    nomination = make_nomination(
        submitter="unit2",
        award="gia_dinh_hoc_tap",
        nominees=[household("Nguyễn Văn Tư"), household("Lê Thị Năm")],
        steps=(("unit2", "submit", ""),),
    )
    passing, failing = nomination.nominees.order_by("order")

    # The reviewer claims the file on the queue, then receives it.
    reviewer = new_page()
    sign_in(reviewer, base, "reviewer")
    reviewer.get_by_role("link", name="Việc cần xử lý", exact=True).click()
    reviewer.get_by_role("button", name=f"Nhận xử lý {nomination.reference}").click()
    reviewer.get_by_text(f"Bạn đã nhận xử lý hồ sơ {nomination.reference}.").wait_for()
    assert reviewer.get_by_text("Trần Văn Học đang xử lý").is_visible()
    reviewer.screenshot(path=screenshots / "20-hang-doi-nhan-xu-ly.png", full_page=True)
    reviewer.get_by_role("link", name=nomination.reference).click()
    reviewer.get_by_role("button", name="Tiếp nhận hồ sơ").click()
    reviewer.get_by_text("Đã thực hiện: Tiếp nhận hồ sơ.").wait_for()

    # Scores: full marks for the first household, one point per criterion for the second.
    reviewer.get_by_role("link", name="Chấm điểm các đối tượng").click()
    for criterion in gia_dinh.criteria.order_by("order"):
        reviewer.get_by_label(f"Điểm của Nguyễn Văn Tư cho tiêu chí {criterion.code}").fill(str(criterion.max_points))
        reviewer.get_by_label(f"Điểm của Lê Thị Năm cho tiêu chí {criterion.code}").fill("1")
        if criterion.mandatory:
            reviewer.get_by_label(f"Nguyễn Văn Tư có đạt tiêu chí {criterion.code} không").select_option("1")
    reviewer.get_by_role("button", name="Lưu điểm").click()
    reviewer.get_by_text("Đã lưu điểm.").wait_for()
    assert reviewer.locator(".tag-ok", has_text="Đạt").count() == 1
    reviewer.screenshot(path=screenshots / "21-cham-diem-tham-dinh.png", full_page=True)

    # Recognise: each household's result follows its scores.
    reviewer.get_by_label("Ý kiến").last.fill("Hộ đạt đủ tiêu chí được công nhận.")
    reviewer.get_by_role("button", name="Công nhận danh hiệu").click()
    reviewer.get_by_text("Đã thực hiện: Công nhận danh hiệu.").wait_for()
    assert Nomination.objects.get(pk=nomination.pk).status == "approved"
    passing.refresh_from_db()
    failing.refresh_from_db()
    assert (passing.result, failing.result) == ("approved", "not_approved")
    assert reviewer.csp_errors == []


def test_the_score_grid_is_filled_from_the_keyboard_and_a_save_keeps_the_place(
    ward, live_server, new_page, screenshots, make_nomination
):
    gia_dinh = next(s for s in seed_default_criteria(ward.award_kinds) if s.award_kind.code == "gia_dinh_hoc_tap")
    nomination = make_nomination(
        submitter="unit2",
        award="gia_dinh_hoc_tap",
        nominees=[household("Nguyễn Văn Tư"), household("Lê Thị Năm")],
        steps=(("unit2", "submit", ""), ("reviewer", "accept", "")),
    )
    first, second = nomination.nominees.order_by("order")
    codes = [c.code for c in gia_dinh.criteria.order_by("order")]
    reviewer = new_page(width=1280, height=900)
    sign_in(reviewer, live_server.url, "reviewer")
    reviewer.goto(f"{live_server.url}/ho-so/{nomination.pk}/cham-diem/")

    # Enter moves down the column
    reviewer.locator(f'[id="p-{first.pk}-{codes[0]}"]').fill("3")
    reviewer.keyboard.press("Enter")
    assert reviewer.evaluate("document.activeElement.id") == f"p-{second.pk}-{codes[0]}"
    reviewer.keyboard.type("2")
    reviewer.keyboard.press("ArrowUp")
    assert reviewer.evaluate("document.activeElement.id") == f"p-{first.pk}-{codes[0]}"
    # a value typed in the column's heading fills the column
    reviewer.locator(f'[id="fill-{codes[1]}"]').fill("4")
    reviewer.keyboard.press("Enter")
    assert reviewer.locator(f'[id="p-{first.pk}-{codes[1]}"]').input_value() == "4"
    assert reviewer.locator(f'[id="p-{second.pk}-{codes[1]}"]').input_value() == "4"
    # Ctrl+S saves and the page comes back on the cell being filled
    reviewer.locator(f'[id="p-{second.pk}-{codes[2]}"]').fill("1")
    reviewer.keyboard.press("Control+s")
    reviewer.get_by_text("Đã lưu điểm.").wait_for()
    assert reviewer.evaluate("document.activeElement.id") == f"p-{second.pk}-{codes[2]}"
    reviewer.screenshot(path=screenshots / "22-bang-diem-theo-cot.png", full_page=True)
    assert reviewer.locator(f'[id="p-{second.pk}-{codes[0]}"]').input_value() == "2"
    assert reviewer.locator(f'[id="p-{second.pk}-{codes[1]}"]').input_value() == "4"
    assert reviewer.csp_errors == []


def test_the_secretary_reads_the_round_report(ward, live_server, new_page, screenshots, make_nomination):
    base = live_server.url
    make_nomination(steps=(("unit1", "submit", ""), ("reviewer", "accept", ""), ("reviewer", "recommend", "Đủ")))
    make_nomination(
        submitter="unit2",
        award="gia_dinh_hoc_tap",
        nominees=[household("Nguyễn Văn Tư")],
        steps=(("unit2", "submit", ""),),
    )

    secretary = new_page()
    sign_in(secretary, base, "secretary")
    secretary.get_by_role("link", name="Báo cáo", exact=True).click()
    secretary.get_by_role("heading", name="Báo cáo", exact=True).wait_for()
    secretary.get_by_label("Đợt xét").select_option(str(ward.rounds["current"].pk))
    secretary.get_by_role("button", name="Xem", exact=True).click()
    assert secretary.locator("svg.chart-svg").count() == 5
    assert secretary.locator("rect.chart-bar").count() > 0
    # the bars take their colour from the stylesheet
    fill = secretary.locator("rect.chart-series-1").first.evaluate("el => getComputedStyle(el).fill")
    assert fill == "rgb(20, 48, 107)"
    assert secretary.get_by_role("heading", name="Tiến độ so với chỉ tiêu của phong trào").is_visible()
    assert secretary.get_by_role("link", name="Xuất XLSX").is_visible()
    secretary.screenshot(path=screenshots / "22-bao-cao-dot-xet.png", full_page=True)
    with secretary.expect_download() as download:
        secretary.get_by_role("link", name="Xuất XLSX").click()
    assert download.value.suggested_filename.endswith(".xlsx")

    secretary.get_by_role("link", name="Theo giai đoạn").click()
    secretary.screenshot(path=screenshots / "23-bao-cao-giai-doan.png", full_page=True)
    assert secretary.csp_errors == []
