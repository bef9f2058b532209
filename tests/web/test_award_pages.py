"""Decision pages: the secretary drafts, the signer signs after the PDF, certificates issued; radio scripts."""

from __future__ import annotations

import datetime
import io

import pytest
from pypdf import PdfReader

from awards.selectors import visible_broadcasts
from council import services as council
from nominations.models import Nomination, SigningKey
from tests.awards.award_steps import paper_scan
from tests.conftest import ACCEPT, RECOMMEND, SUBMIT


def page(response) -> str:
    return response.content.decode()


@pytest.fixture
def approved(ward, make_nomination):
    """A commendation file the council has approved (through the council services)."""

    def make(award: str = "giay_khen") -> Nomination:
        nomination = make_nomination(award=award, steps=(SUBMIT, ACCEPT, RECOMMEND))
        session = council.council_session_create(
            actor=ward.users["secretary"],
            title="Phiên họp",
            held_on=datetime.date(2026, 11, 20),
            nomination_ids=[nomination.pk],
        )
        nominee = nomination.nominees.get()
        for member in ("chair", "member2", "member3", "member4"):
            council.council_vote_cast(
                session_id=session.pk, actor=ward.users[member], nominee_id=nominee.pk, choice="agree"
            )
        council.council_session_close(session_id=session.pk, actor=ward.users["chair"])
        nomination = Nomination.objects.get(pk=nomination.pk)
        assert nomination.status == "approved"
        return nomination

    return make


def test_draft_sign_and_issue_through_the_pages(web, approved):
    nomination = approved()

    # the secretary drafts
    drafted = web("secretary").post("/quyet-dinh/", {"nominations": [nomination.pk], "summary": ""})
    assert drafted.status_code == 302
    decision_url = drafted["Location"]

    # the signer reads it, with the PDF preview, and signs
    signer = web("signer")
    html = page(signer.get(decision_url))
    assert "Xem trước bản PDF" in html
    assert "Nguyễn Thị Ánh Tuyết" in html
    # the page says which key will sign before anything is signed
    assert "Quyết định sẽ được ký số bằng chứng thư số của Trương Minh Ký" in html
    signed = signer.post(decision_url + "ky/", follow=True)
    assert "Đã ký: quyết định 01/QĐ-UBND." in page(signed)
    assert "Chữ ký số hợp lệ" in page(signed)
    assert Nomination.objects.get(pk=nomination.pk).status == "decided"

    # the secretary issues; the certificate links to its public page
    issued = web("secretary").post(decision_url + "trao/", follow=True)
    html = page(issued)
    assert "Đã trao giấy khen." in html
    assert "/verify/" in html
    assert Nomination.objects.get(pk=nomination.pk).status == "issued"

    # every certificate of the decision in one download, from the page
    assert "Tải tất cả giấy khen (một tệp PDF)" in html
    decision_id = decision_url.rstrip("/").rsplit("/", 1)[-1]
    bundle = web("secretary").get(f"/api/v1/decisions/{decision_id}/certificates.pdf")
    assert f'href="/api/v1/decisions/{decision_id}/certificates.pdf"' in html
    assert bundle.status_code == 200
    assert bundle["Content-Type"] == "application/pdf"
    assert len(PdfReader(io.BytesIO(b"".join(bundle.streaming_content))).pages) == 1


def test_only_the_signer_signs_and_the_refusal_says_why(web, approved):
    nomination = approved()
    decision_url = web("secretary").post("/quyet-dinh/", {"nominations": [nomination.pk]})["Location"]

    assert "Ký quyết định" not in page(web("supervisor").get(decision_url))
    response = web("secretary").post(decision_url + "ky/")

    assert response.status_code == 403
    assert 'id="refusal"' in page(response)
    assert Nomination.objects.get(pk=nomination.pk).status == "approved"


def test_drafting_without_files_is_refused_on_the_page(web, approved):
    approved()

    response = web("secretary").post("/quyet-dinh/", {"summary": "x"})

    assert response.status_code == 400
    assert "Quyết định cần ít nhất một hồ sơ." in page(response)


def test_the_broadcaster_marks_a_radio_script_aired(web, approved):
    nomination = approved("tuyen_duong_phat_thanh")
    decision_url = web("secretary").post("/quyet-dinh/", {"nominations": [nomination.pk]})["Location"]
    web("signer").post(decision_url + "ky/")
    broadcaster = web("broadcaster")
    assert "Chờ phát" in page(broadcaster.get("/phat-thanh/"))

    broadcast = visible_broadcasts(nomination.created_by).model.objects.get()
    response = broadcaster.post(f"/phat-thanh/{broadcast.pk}/da-phat/", follow=True)

    assert "Đã xác nhận phát." in page(response)
    assert "Đã phát" in page(response)
    assert visible_broadcasts(nomination.created_by).model.objects.get().status == "aired"


def test_a_signer_without_a_key_signs_on_paper_and_uploads_the_scan_from_the_page(web, approved, ward):
    nomination = approved()
    decision_url = web("secretary").post("/quyet-dinh/", {"nominations": [nomination.pk]})["Location"]
    SigningKey.objects.filter(user=ward.users["signer"]).update(active=False)
    signer = web("signer")

    html = page(signer.get(decision_url))
    refused = signer.post(decision_url + "ky/")
    signed = signer.post(decision_url + "ky/", {"signed_scan": paper_scan()}, follow=True)

    assert "Bạn chưa đăng ký khóa ký số tại cơ quan này" in html
    assert 'enctype="multipart/form-data"' in html
    assert refused.status_code == 409
    assert "Quyết định chưa có chữ ký" in page(refused)
    assert "Đã ký: quyết định 01/QĐ-UBND." in page(signed)
    assert "Ký trên giấy; bản gốc đã ký, đóng dấu được lưu dưới dạng bản quét." in page(signed)
    scan = signer.get(decision_url + "ban-quet/")
    assert scan["Content-Type"] == "application/pdf"
    assert b"".join(scan.streaming_content).startswith(b"%PDF")
    assert web("unit2").get(decision_url + "ban-quet/").status_code == 404
