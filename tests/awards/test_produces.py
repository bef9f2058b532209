"""What an award kind produces: a Giấy khen is given, a title recognised, radio praise only aired."""

from __future__ import annotations

import pytest

from awards.documents import certificate_pdf, decision_docx, decision_pdf
from nominations.models import AwardHistory, Broadcast, Certificate, Nomination, Produces
from reports.statistics import statistical_form
from tests.awards.award_steps import approved_files, issued_decision, pdf_text, person, signed_decision
from tests.conftest import ACCEPT, SUBMIT, individual
from workflows.models import OutboxEvent

pytestmark = pytest.mark.django_db


def docx_text(content: bytes) -> str:
    import io

    from docx import Document

    return "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)


def test_the_catalogue_says_what_each_kind_produces(ward):
    kinds = ward.award_kinds
    assert kinds["giay_khen"].produces == Produces.CERTIFICATE
    assert kinds["gia_dinh_hoc_tap"].produces == Produces.RECOGNITION
    assert kinds["tuyen_duong_phat_thanh"].produces == Produces.BROADCAST
    assert not kinds["tuyen_duong_phat_thanh"].is_commendation


def test_a_radio_praise_decision_produces_a_broadcast_and_no_certificate(ward, make_nomination, api):
    files = approved_files(
        ward, make_nomination, award="tuyen_duong_phat_thanh", nominees=[individual("Hồ Thị Kim Yến")]
    )
    decision = signed_decision(ward, files)
    response = api("secretary").post(f"/api/v1/decisions/{decision.pk}/issue/")

    assert response.status_code == 200, response.content
    assert Broadcast.objects.filter(decision=decision).count() == 1
    assert not Certificate.objects.filter(decision=decision).exists()
    assert Nomination.objects.get(pk=files[0].pk).status == "issued"
    assert AwardHistory.objects.filter(nominee__nomination=files[0], decision_number=decision.number_text).count() == 1
    assert OutboxEvent.objects.filter(event="decision.issued", payload__decision=decision.pk).exists()
    assert not OutboxEvent.objects.filter(event="certificate.issued", payload__decision=decision.pk).exists()
    assert api("secretary").get(f"/api/v1/decisions/{decision.pk}/certificates.pdf").status_code == 404

    text = pdf_text(decision_pdf(decision))
    assert "Tuyên dương trên hệ thống phát thanh phường đối với 1 cá nhân" in text
    assert "Tặng Tuyên dương" not in text
    assert "không cấp giấy khen" in text
    assert decision.summary == "Về việc tuyên dương trên hệ thống phát thanh phường"
    script = Broadcast.objects.get(decision=decision).script
    assert "tuyên dương 1 cá nhân" in script
    assert "tặng" not in script


def test_a_gia_dinh_hoc_tap_decision_and_certificate_recognise_the_household(ward, make_nomination):
    household = {"kind": "household", "name": "Võ Văn Mười", "details": {"honorific": "Ông", "address": "Khóm 3"}}
    recognised = make_nomination(
        award="gia_dinh_hoc_tap",
        nominees=[household],
        steps=(SUBMIT, ACCEPT, ("reviewer", "recognize", "Đạt tiêu chí")),
    )

    decision = issued_decision(ward, [recognised])
    text = pdf_text(decision_pdf(decision))
    docx = docx_text(decision_docx(decision))
    certificate = Certificate.objects.get(decision=decision)
    paper = pdf_text(certificate_pdf(certificate))

    assert decision.summary == "Về việc công nhận danh hiệu Gia đình học tập"
    assert "Công nhận danh hiệu “Gia đình học tập” cho 1 hộ gia đình" in text
    assert "Tặng Gia đình học tập" not in text
    assert "Công nhận danh hiệu “Gia đình học tập”" in docx
    assert "Hộ ông Võ Văn Mười" in text
    assert "CÔNG NHẬN" in paper
    assert "TẶNG" not in paper
    assert "GIA ĐÌNH HỌC TẬP" in paper
    assert "Hộ ông Võ Văn Mười" in paper


def test_a_giay_khen_is_still_given(ward, make_nomination):
    decision = issued_decision(ward, approved_files(ward, make_nomination, nominees=[person()]))

    text = pdf_text(decision_pdf(decision))
    paper = pdf_text(certificate_pdf(Certificate.objects.get(decision=decision)))

    assert "Tặng Giấy khen của Chủ tịch UBND phường cho 1 cá nhân" in text
    assert "TẶNG" in paper
    assert "CÔNG NHẬN" not in paper


def test_form_0603_counts_radio_praise_as_praise_not_as_an_award(ward, make_nomination):
    praised = approved_files(ward, make_nomination, award="tuyen_duong_phat_thanh", nominees=[person()])
    issued_decision(ward, praised)
    issued_decision(ward, approved_files(ward, make_nomination, nominees=[person()]))
    year = praised[0].round.year

    form = statistical_form(organization=ward.organization, year=year, form="0603")
    rows = {row.label: row for row in form.rows}

    assert rows["Tổng số"].values[0] == 1
    assert all("Tuyên dương" not in column for column in form.columns)
    assert rows["– Tuyên dương trên hệ thống phát thanh (không phải hình thức khen thưởng)"].values[0] == 1
