"""Signed documents are records: the bytes kept at signing or issuance are what every later download returns."""

from __future__ import annotations

import hashlib
import io

import pytest
from docx import Document

from awards.decisions import decision_create, decision_sign
from awards.documents import certificate_pdf, decision_docx, decision_pdf
from awards.payments import certificate_mark_paid
from awards.revocations import certificate_revoke
from council.documents import minutes_pdf
from demo.catalogues import seed_award_tables
from nominations.models import (
    BaseSalary,
    Certificate,
    CouncilSession,
    Decision,
    Organization,
    PrizeCoefficient,
    StoredDocument,
)
from tests.awards.award_steps import approved_files, issued_decision, pdf_text, signed_decision
from tests.conftest import individual


@pytest.fixture(autouse=True)
def _prize_tables(ward):
    seed_award_tables(ward)


def _rewrite_the_world(organization: Organization) -> None:
    """Everything a re-render would read, changed after the fact."""
    Organization.objects.filter(pk=organization.pk).update(
        name="Phường Đổi Tên", issuing_body="ỦY BAN NHÂN DÂN PHƯỜNG ĐỔI TÊN", place_name="Nơi Khác"
    )
    PrizeCoefficient.objects.update(coefficient="9.99")
    BaseSalary.objects.update(amount=9_990_000)


def test_a_signed_decision_downloads_the_same_bytes_whatever_changes_later(ward, make_nomination, api):
    files = approved_files(ward, make_nomination, nominees=[individual("Huỳnh Thị Bảy")])
    decision = signed_decision(ward, files)
    kept = StoredDocument.objects.get(decision=decision)
    client = api("secretary")
    before_pdf = client.get(f"/api/v1/decisions/{decision.pk}/document.pdf")
    before_docx = client.get(f"/api/v1/decisions/{decision.pk}/document.docx")

    _rewrite_the_world(ward.organization)
    after_pdf = client.get(f"/api/v1/decisions/{decision.pk}/document.pdf")
    after_docx = client.get(f"/api/v1/decisions/{decision.pk}/document.docx")

    assert after_pdf.content == before_pdf.content == bytes(kept.pdf)
    assert after_docx.content == before_docx.content == bytes(kept.docx)
    assert after_pdf["ETag"] == f'"{hashlib.sha256(after_pdf.content).hexdigest()}"' == f'"{kept.pdf_sha256}"'
    assert after_docx["ETag"] == f'"{kept.docx_sha256}"'
    assert kept.kind == "decision"
    assert kept.template_version.startswith("builtin:")
    assert kept.renderer_version
    assert kept.data["number"] == "01/QĐ-UBND"
    text = pdf_text(after_pdf.content)
    assert "PHƯỜNG MỸ THẠNH" in text
    assert "ĐỔI TÊN" not in text
    assert "710.000 đồng" in text
    not_modified = client.get(f"/api/v1/decisions/{decision.pk}/document.pdf", HTTP_IF_NONE_MATCH=after_pdf["ETag"])
    assert not_modified.status_code == 304


def test_a_draft_renders_live_and_is_never_cached(ward, make_nomination, api):
    files = approved_files(ward, make_nomination)
    draft = decision_create(actor=ward.users["secretary"], nomination_ids=[files[0].pk])

    first = api("secretary").get(f"/api/v1/decisions/{draft.pk}/document.pdf")
    _rewrite_the_world(ward.organization)
    second = api("secretary").get(f"/api/v1/decisions/{draft.pk}/document.pdf")

    assert "ETag" not in first
    assert first["Cache-Control"] == "no-store"
    assert "PHƯỜNG MỸ THẠNH" in pdf_text(first.content)
    assert "PHƯỜNG ĐỔI TÊN" in pdf_text(second.content)
    assert not StoredDocument.objects.filter(decision=draft).exists()


def test_an_issued_certificate_is_kept_and_served_as_issued(ward, make_nomination, api):
    decision = issued_decision(ward, approved_files(ward, make_nomination, nominees=[individual("Tô Thị Tám")]))
    certificate = Certificate.objects.get(decision=decision)
    kept = StoredDocument.objects.get(certificate=certificate)

    _rewrite_the_world(ward.organization)
    response = api("secretary").get(f"/api/v1/certificates/{certificate.pk}/document.pdf")
    joined = io.BytesIO()
    from awards.documents import certificates_pdf

    pages = certificates_pdf(decision, joined)

    assert response.status_code == 200
    assert response.content == bytes(kept.pdf) == certificate_pdf(certificate)
    assert response["ETag"] == f'"{kept.pdf_sha256}"'
    assert pages == 1
    assert "PHƯỜNG MỸ THẠNH" in pdf_text(joined.getvalue())
    assert "Tô Thị Tám" in pdf_text(response.content)


def test_a_reprinted_decision_uses_the_amounts_frozen_on_its_certificates(ward, make_nomination):
    decision = issued_decision(ward, approved_files(ward, make_nomination, nominees=[individual("Lý Thị Chín")]))
    # A decision signed before records were kept has no stored copy: the first download keeps one.
    StoredDocument.objects.filter(decision=decision).delete()
    PrizeCoefficient.objects.update(coefficient="9.99")
    BaseSalary.objects.update(amount=9_990_000)

    text = pdf_text(decision_pdf(Decision.objects.get(pk=decision.pk)))

    assert Certificate.objects.get(decision=decision).prize_amount == 710_000
    assert "710.000 đồng" in text
    assert StoredDocument.objects.filter(decision=decision).count() == 1


def test_closed_minutes_are_kept_as_closed(ward, make_nomination):
    approved_files(ward, make_nomination, nominees=[individual("Đặng Văn Mười")])
    session = CouncilSession.objects.get()
    kept = StoredDocument.objects.get(council_session=session)

    _rewrite_the_world(ward.organization)

    assert minutes_pdf(CouncilSession.objects.get(pk=session.pk)) == bytes(kept.pdf)
    assert kept.kind == "minutes"
    assert "Đặng Văn Mười" in pdf_text(bytes(kept.pdf))


def test_a_revocation_decision_prints_as_pdf_and_docx_naming_what_is_recovered(ward, make_nomination, api):
    award = issued_decision(ward, approved_files(ward, make_nomination, nominees=[individual("Trần Thị Gian")]))
    certificate = Certificate.objects.get(decision=award)
    certificate_mark_paid(certificate_id=certificate.pk, actor=ward.users["secretary"])
    draft = certificate_revoke(
        certificate_id=certificate.pk,
        actor=ward.users["secretary"],
        ground="false_declaration",
        reason="Kê khai thành tích không đúng sự thật",
    )

    draft_pdf = api("secretary").get(f"/api/v1/decisions/{draft.pk}/document.pdf")
    signed = decision_sign(decision_id=draft.pk, actor=ward.users["signer"])
    signed_pdf = api("secretary").get(f"/api/v1/decisions/{signed.pk}/document.pdf")
    signed_docx = api("secretary").get(f"/api/v1/decisions/{signed.pk}/document.docx")

    assert draft_pdf.status_code == signed_pdf.status_code == signed_docx.status_code == 200
    text = pdf_text(signed_pdf.content)
    for expected in [
        "ỦY BAN NHÂN DÂN PHƯỜNG MỸ THẠNH",
        "Số: 02/QĐ-UBND",
        "Hủy bỏ Quyết định số 01/QĐ-UBND",
        "Bà Trần Thị Gian",
        f"thu hồi Giấy khen của Chủ tịch UBND phường (số vào sổ khen thưởng {certificate.register_number})",
        "710.000 đồng",
        "Gian dối trong việc kê khai thành tích",
        "Kê khai thành tích không đúng sự thật",
        "Nơi nhận",
    ]:
        assert expected in text, expected
    assert "DANH SÁCH" not in text
    docx_text = "\n".join(p.text for p in Document(io.BytesIO(signed_docx.content)).paragraphs)
    assert "Hủy bỏ Quyết định số 01/QĐ-UBND" in docx_text
    assert "710.000 đồng" in docx_text
    assert StoredDocument.objects.get(decision=signed).kind == "revocation"
    assert decision_docx(signed) == signed_docx.content


def test_the_secretary_records_when_the_certificate_and_money_came_back(ward, make_nomination, api):
    award = issued_decision(ward, approved_files(ward, make_nomination, nominees=[individual("Phan Văn Hoàn")]))
    certificate = Certificate.objects.get(decision=award)
    secretary = api("secretary")
    url = f"/api/v1/certificates/{certificate.pk}/recovered/"
    early = secretary.post(url, {"certificate_on": str(certificate.issued_on)}, format="json")
    certificate_mark_paid(certificate_id=certificate.pk, actor=ward.users["secretary"])
    draft = certificate_revoke(
        certificate_id=certificate.pk, actor=ward.users["secretary"], ground="forged_documents", reason="Giả giấy tờ"
    )
    decision_sign(decision_id=draft.pk, actor=ward.users["signer"])
    today = str(Certificate.objects.get(pk=certificate.pk).revoked_on)

    by_unit = api("unit1").post(url, {"certificate_on": today}, format="json")
    empty = secretary.post(url, {}, format="json")
    future = secretary.post(url, {"money_on": "2999-01-01"}, format="json")
    certificate_back = secretary.post(url, {"certificate_on": today}, format="json")
    twice = secretary.post(url, {"certificate_on": today}, format="json")
    money_back = secretary.post(url, {"money_on": today}, format="json")

    assert (early.status_code, early.json()["code"]) == (409, "not_revoked")
    assert by_unit.status_code == 403
    assert (empty.status_code, empty.json()["code"]) == (400, "nothing_recovered")
    assert (future.status_code, future.json()["code"]) == (400, "invalid_recovered_on")
    assert certificate_back.status_code == 200
    assert certificate_back.json()["recovery_amount"] == 710_000
    assert certificate_back.json()["money_recovered_on"] is None
    assert (twice.status_code, twice.json()["code"]) == (409, "already_recovered")
    assert money_back.json()["certificate_recovered_on"] == money_back.json()["money_recovered_on"] == today
    kept = Certificate.objects.get(pk=certificate.pk)
    assert kept.recovery_recorded_by == ward.users["secretary"]
    assert certificate.nominee.nomination.audit_entries.filter(transition="recovered").count() == 2
