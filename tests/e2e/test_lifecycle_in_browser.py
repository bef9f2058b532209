"""A unit files and submits, the reviewer receives and recommends: the real pages in Chromium."""

from __future__ import annotations

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from demo.files import DEMO_PDF
from nominations.models import Nomination, User
from tests.accounts.otp import code_of, enrolled
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def sign_in(page, base: str, username: str) -> None:
    device = TOTPDevice.objects.filter(user__username=username, confirmed=True).first()
    page.goto(f"{base}/")
    assert page.url.startswith(f"{base}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    if device is not None:
        # Someone with an authenticator enters its code after the password.
        page.wait_for_url(re.compile(r".*/tai-khoan/xac-minh/.*"))
        page.get_by_label("Mã xác thực").fill(code_of(device))
        page.get_by_role("button", name="Xác minh").click()
    page.wait_for_url(f"{base}/")


def test_a_unit_submits_and_the_reviewer_recommends(ward, live_server, new_page, screenshots, tmp_path):
    base = live_server.url
    documents = {}
    for kind, name in (
        ("proposal", "to-trinh.pdf"),
        ("minutes", "bien-ban-hop.pdf"),
        ("achievement_report", "bao-cao.pdf"),
    ):
        path = tmp_path / name
        path.write_bytes(DEMO_PDF)
        documents[kind] = path

    # The unit's clerk signs in and starts a file.
    unit = new_page()
    unit.goto(f"{base}/accounts/login/")
    unit.screenshot(path=screenshots / "01-dang-nhap.png", full_page=True)
    sign_in(unit, base, "unit1")
    assert unit.get_by_role("heading", name="Xin chào, Ngô Thị Hồng").is_visible()
    unit.get_by_role("link", name="Lập hồ sơ đề nghị mới").first.click()
    unit.get_by_label("Đợt xét").select_option(str(ward.rounds["current"].pk))
    unit.get_by_label("Hình thức / danh hiệu").select_option("giay_khen")
    unit.get_by_label("Trích yếu").fill("Đề nghị tặng Giấy khen cho hội viên tiêu biểu năm 2026")
    unit.get_by_label("Tóm tắt thành tích").fill("Tích cực vận động hội viên tham gia học tập suốt đời.")
    unit.get_by_role("button", name="Tạo hồ sơ").click()
    unit.wait_for_url(re.compile(r".*/ho-so/[0-9a-f-]+/soan/$"))
    nomination = Nomination.objects.get(title__startswith="Đề nghị tặng Giấy khen cho hội viên")

    # One nominee row.
    unit.get_by_label("Đối tượng").select_option("individual")
    unit.get_by_label("Họ và tên / tên tập thể").fill("Nguyễn Thị Ánh Tuyết")
    unit.get_by_label("Danh xưng").select_option("Bà")
    unit.get_by_label("Giới tính").select_option("female")
    unit.get_by_label("Năm sinh").fill("1982")
    unit.get_by_label("Dân tộc").fill("Kinh")
    unit.get_by_label("Thành tích ghi trên giấy khen").fill("Đã có thành tích xuất sắc trong phong trào học tập")
    unit.get_by_role("button", name="Thêm vào danh sách").click()
    unit.get_by_text("Đã thêm: Nguyễn Thị Ánh Tuyết.").wait_for()

    # The three required documents, each uploaded by the page's script with its progress bar.
    for kind, path in documents.items():
        unit.get_by_label("Loại tài liệu").select_option(kind)
        unit.get_by_label("Tệp (PDF, DOCX, XLSX, JPEG hoặc PNG)").set_input_files(str(path))
        with unit.expect_navigation():
            unit.get_by_role("button", name="Tải lên", exact=True).click()
        unit.get_by_role("link", name=path.name).wait_for()
    assert nomination.attachments.count() == 3
    assert unit.get_by_text("Còn thiếu trước khi gửi:").count() == 0
    unit.screenshot(path=screenshots / "02-soan-ho-so.png", full_page=True)

    # Submit.
    unit.get_by_role("button", name="Gửi hồ sơ").click()
    unit.get_by_text("Đã thực hiện: Gửi hồ sơ.").wait_for()
    assert unit.locator(".page-head .status").inner_text() == "Đã gửi, chờ tiếp nhận"
    unit.screenshot(path=screenshots / "03-ho-so-da-gui.png", full_page=True)

    # The reviewer sees it waiting, receives it and recommends it.
    reviewer = new_page()
    sign_in(reviewer, base, "reviewer")
    assert reviewer.get_by_role("link", name=nomination.reference).first.is_visible()
    reviewer.screenshot(path=screenshots / "04-trang-chu-tham-dinh.png", full_page=True)
    reviewer.get_by_role("link", name="Việc cần xử lý", exact=True).click()
    reviewer.screenshot(path=screenshots / "05-hang-doi.png", full_page=True)
    reviewer.get_by_role("link", name=nomination.reference).click()
    reviewer.get_by_role("button", name="Tiếp nhận hồ sơ").click()
    reviewer.get_by_text("Đã thực hiện: Tiếp nhận hồ sơ.").wait_for()
    reviewer.get_by_label("Ý kiến").fill("Hồ sơ đầy đủ, đủ điều kiện trình Hội đồng.")
    reviewer.get_by_role("button", name="Trình Hội đồng").click()
    reviewer.get_by_text("Đã thực hiện: Trình Hội đồng.").wait_for()
    assert reviewer.locator(".page-head .status").inner_text() == "Đủ điều kiện, trình Hội đồng"
    assert reviewer.locator(".timeline").get_by_text("Hồ sơ đầy đủ, đủ điều kiện trình Hội đồng.").is_visible()
    reviewer.screenshot(path=screenshots / "06-ho-so-trinh-hoi-dong.png", full_page=True)

    assert Nomination.objects.get(pk=nomination.pk).status == "recommended"
    assert unit.csp_errors == []
    assert reviewer.csp_errors == []


def test_a_refusal_is_shown_next_to_the_buttons_on_a_phone(ward, live_server, new_page, screenshots, make_nomination):
    # given a draft without its documents
    nomination = make_nomination(attachments=())
    phone = new_page(width=390, height=844)
    sign_in(phone, live_server.url, "unit1")
    phone.screenshot(path=screenshots / "07-trang-chu-dien-thoai.png", full_page=True)

    # when
    phone.goto(f"{live_server.url}/ho-so/{nomination.pk}/")
    phone.get_by_role("button", name="Gửi hồ sơ").click()

    # then
    alert = phone.locator("#refusal")
    alert.wait_for()
    assert "Không thực hiện được:" in alert.inner_text()
    assert Nomination.objects.get(pk=nomination.pk).status == "draft"
    phone.screenshot(path=screenshots / "08-tu-choi-dien-thoai.png", full_page=True)
    assert phone.csp_errors == []


def vote_agree(page, base: str, username: str, session_url: str) -> None:
    sign_in(page, base, username)
    page.goto(session_url)
    page.get_by_role("button", name="Đồng ý", exact=True).click()
    page.get_by_text("Đã ghi nhận biểu quyết của bạn.").wait_for()


def test_the_council_votes_the_signer_signs_and_the_certificate_verifies(
    ward, live_server, new_page, screenshots, make_nomination
):
    base = live_server.url
    nomination = make_nomination(
        steps=(("unit1", "submit", ""), ("reviewer", "accept", ""), ("reviewer", "recommend", "Đủ điều kiện"))
    )

    # The secretary convenes a session over the recommended file.
    secretary = new_page()
    secretary.on("dialog", lambda dialog: dialog.accept())  # irreversible steps ask first
    sign_in(secretary, base, "secretary")
    secretary.get_by_role("link", name="Hội đồng", exact=True).click()
    secretary.get_by_label("Tên phiên họp").fill("Phiên họp Hội đồng Thi đua – Khen thưởng tháng 11")
    secretary.get_by_label("Ngày họp").fill("2026-11-20")
    secretary.get_by_label(re.compile(nomination.reference)).check()
    secretary.get_by_role("button", name="Triệu tập phiên họp").click()
    secretary.get_by_text("Đã triệu tập phiên họp.").wait_for()
    session_url = secretary.url

    # member1 belongs to the nominating unit: the item shows why he or she does not vote.
    recused = new_page()
    sign_in(recused, base, "member1")
    recused.goto(session_url)
    assert recused.get_by_text("Bạn không biểu quyết đối với trường hợp này.").is_visible()

    # Four members agree; the chair closes and the tally sets the result.
    for username in ("member2", "member3", "member4"):
        vote_agree(new_page(), base, username, session_url)
    chair = new_page()
    chair.on("dialog", lambda dialog: dialog.accept())  # irreversible steps ask first
    vote_agree(chair, base, "chair", session_url)
    chair.screenshot(path=screenshots / "09-phien-hop-hoi-dong.png", full_page=True)
    chair.get_by_role("button", name="Kết thúc phiên họp và kiểm phiếu").click()
    chair.get_by_text("Phiên họp đã kết thúc; kết quả đã được ghi nhận.").wait_for()
    chair.screenshot(path=screenshots / "10-ket-qua-phien-hop.png", full_page=True)

    assert Nomination.objects.get(pk=nomination.pk).status == "approved"

    # The secretary drafts the decision, the signer signs it, the secretary issues the certificate.
    secretary.get_by_role("link", name="Quyết định", exact=True).click()
    secretary.get_by_label(re.compile(nomination.reference)).check()
    secretary.get_by_role("button", name="Soạn dự thảo quyết định").click()
    secretary.get_by_text("Đã soạn dự thảo quyết định.").wait_for()
    decision_url = secretary.url
    signer = new_page()
    enrolled(User.objects.get(username="signer"))  # signing demands the second factor
    signer.on("dialog", lambda dialog: dialog.accept())  # irreversible steps ask first
    sign_in(signer, base, "signer")
    signer.goto(decision_url)
    assert signer.get_by_role("link", name="Xem trước bản PDF").is_visible()
    signer.get_by_role("button", name="Ký quyết định").click()
    signer.get_by_text("Đã ký: quyết định 01/QĐ-UBND.").wait_for()
    signer.screenshot(path=screenshots / "11-quyet-dinh-da-ky.png", full_page=True)
    secretary.goto(decision_url)
    secretary.get_by_role("button", name="Trao giấy khen").click()
    secretary.get_by_text("Đã trao giấy khen.").wait_for()
    secretary.screenshot(path=screenshots / "12-giay-khen-da-trao.png", full_page=True)
    assert Nomination.objects.get(pk=nomination.pk).status == "issued"

    # Anyone can verify the certificate on its public page.
    verify_url = secretary.get_by_role("link", name="Trang xác minh công khai").get_attribute("href")
    visitor = new_page()
    visitor.goto(f"{base}{verify_url}")
    assert visitor.get_by_text("Nguyễn Thị Ánh Tuyết").first.is_visible()
    visitor.screenshot(path=screenshots / "13-xac-minh-cong-khai.png", full_page=True)
    for page in (chair, secretary, signer):
        assert page.csp_errors == []
