"""Issuance: one certificate per approved nominee, register numbers, prize money, PDFs, revocation."""

from __future__ import annotations

import datetime
import io
import threading

import pytest
from django.db import connection
from pypdf import PdfReader

from awards.decisions import decision_sign
from awards.documents import certificate_pdf, certificates_pdf
from awards.issuance import decision_issue
from awards.revocations import certificate_revoke
from awards.selectors import prize_for
from core.errors import Refusal
from council.services import council_session_close
from demo.catalogues import seed_award_tables
from nominations.models import AwardHistory, BaseSalary, Certificate, Decision, Nomination, Nominee
from tests.awards.award_steps import (
    TO_COUNCIL,
    VOTERS,
    approved_files,
    convene,
    issued_decision,
    pdf_text,
    person,
    signed_decision,
    vote_all,
)
from tests.conftest import individual
from workflows.models import AuditEntry


@pytest.fixture(autouse=True)
def _prize_tables(ward):
    seed_award_tables(ward)


def test_a_giay_khen_to_an_individual_carries_710000_dong(ward):
    coefficient, base, amount = prize_for(
        award_kind_id=ward.award_kinds["giay_khen"].pk, nominee_kind="individual", day=datetime.date(2025, 5, 1)
    )

    assert (str(coefficient), base, amount) == ("0.30", 2_340_000, 710_000)  # 702,000 rounded up


def test_the_base_salary_in_force_on_the_decision_date_applies(ward):
    BaseSalary.objects.create(amount=2_530_000, effective_from=datetime.date(2026, 7, 1), legal_source="giả định")
    award = ward.award_kinds["giay_khen"].pk

    before = prize_for(award_kind_id=award, nominee_kind="individual", day=datetime.date(2026, 6, 30))[2]
    after = prize_for(award_kind_id=award, nominee_kind="individual", day=datetime.date(2026, 7, 1))[2]

    assert before == 710_000
    assert after == 760_000  # 759,000 rounded up to the next 10,000


def test_no_base_salary_on_the_date_is_refused(ward):
    with pytest.raises(Refusal) as refused:
        prize_for(
            award_kind_id=ward.award_kinds["giay_khen"].pk, nominee_kind="individual", day=datetime.date(2020, 1, 1)
        )

    assert refused.value.code == "no_base_salary"


def test_issuing_gives_each_approved_nominee_one_numbered_certificate(ward, make_nomination):
    files = make_nomination(
        steps=TO_COUNCIL,
        nominees=[
            individual("Nguyễn Thị Ánh Tuyết"),
            {"kind": "collective", "name": "Chi hội Phụ nữ khóm Tây Khánh", "details": {}},
            individual("Người Không Đạt"),
        ],
    )
    session = convene(ward, files)
    tuyet, chi_hoi, rejected = files.nominees.order_by("id")
    vote_all(ward, session, tuyet.pk, dict.fromkeys(VOTERS, "agree"))
    vote_all(ward, session, chi_hoi.pk, dict.fromkeys(VOTERS, "agree"))
    vote_all(ward, session, rejected.pk, dict.fromkeys(VOTERS, "disagree"))
    council_session_close(session_id=session.pk, actor=ward.users["chair"])

    decision = issued_decision(ward, [files])

    certificates = list(Certificate.objects.order_by("register_seq"))
    year = decision.issued_on.year
    assert [(c.recipient, c.register_number, c.prize_amount) for c in certificates] == [
        ("Nguyễn Thị Ánh Tuyết", f"001/{year}", 710_000),
        ("Chi hội Phụ nữ khóm Tây Khánh", f"002/{year}", 1_410_000),
    ]
    assert len({c.verification_code for c in certificates}) == 2
    assert all(len(c.verification_code) >= 20 for c in certificates)
    assert Nomination.objects.get(pk=files.pk).status == "issued"
    assert decision.status == "issued"
    assert AwardHistory.objects.filter(decision_number=decision.number_text).count() == 2


def test_register_numbers_continue_across_decisions_of_the_year(ward, make_nomination):
    first, second = approved_files(ward, make_nomination, count=2)

    issued_decision(ward, [first])
    issued_decision(ward, [second])

    assert list(Certificate.objects.order_by("register_seq").values_list("register_seq", flat=True)) == [1, 2]


def test_issuing_needs_a_signed_decision_and_happens_once(ward, make_nomination):
    from awards.decisions import decision_create

    files = approved_files(ward, make_nomination)
    draft = decision_create(actor=ward.users["secretary"], nomination_ids=[files[0].pk])

    with pytest.raises(Refusal) as unsigned:
        decision_issue(decision_id=draft.pk, actor=ward.users["secretary"])
    decision_sign(decision_id=draft.pk, actor=ward.users["signer"])
    with pytest.raises(Refusal) as by_signer:
        decision_issue(decision_id=draft.pk, actor=ward.users["signer"])
    decision_issue(decision_id=draft.pk, actor=ward.users["secretary"])
    with pytest.raises(Refusal) as twice:
        decision_issue(decision_id=draft.pk, actor=ward.users["secretary"])

    assert unsigned.value.code == "not_signed"
    assert by_signer.value.status == 403
    assert twice.value.code == "already_issued"
    assert Certificate.objects.count() == 1


def test_the_certificate_pdf_shows_the_recipient_register_number_and_decision(ward, make_nomination):
    files = approved_files(ward, make_nomination, nominees=[individual("Đoàn Thị Lệ Thủy")])
    decision = issued_decision(ward, files)
    certificate = Certificate.objects.get()

    text = pdf_text(certificate_pdf(certificate))

    assert "Đoàn Thị Lệ Thủy" in text
    assert certificate.register_number in text
    assert decision.number_text in text
    assert "GIẤY KHEN" in text


def test_one_pdf_holds_every_certificate_of_a_decision(ward, make_nomination):
    files = approved_files(
        ward, make_nomination, nominees=[individual("Lâm Thị Một"), individual("Lâm Thị Hai"), individual("Lâm Văn Ba")]
    )
    decision = issued_decision(ward, files)
    out = io.BytesIO()

    pages = certificates_pdf(decision, out)

    assert pages == 3
    reader = PdfReader(io.BytesIO(out.getvalue()))
    assert len(reader.pages) == 3
    assert "Lâm Văn Ba" in " ".join(reader.pages[2].extract_text().split())


def test_revocation_takes_its_own_numbered_decision_and_deletes_nothing(ward, make_nomination):
    files = approved_files(ward, make_nomination, nominees=[individual("Trần Văn Gian")])
    award = issued_decision(ward, files)
    certificate = Certificate.objects.get()

    revocation = certificate_revoke(
        certificate_id=certificate.pk,
        actor=ward.users["secretary"],
        ground="false_declaration",
        reason="Kê khai thành tích không đúng sự thật.",
    )
    certificate.refresh_from_db()
    assert certificate.status == "valid"  # a draft changes nothing
    signed = decision_sign(decision_id=revocation.pk, actor=ward.users["signer"])

    certificate.refresh_from_db()
    nominee = Nominee.objects.get(pk=certificate.nominee_id)
    assert award.number_text == "01/QĐ-UBND"
    assert signed.number_text == "02/QĐ-UBND"
    assert certificate.status == "revoked"
    assert certificate.revoked_on == signed.signed_on
    assert nominee.result == "revoked"
    assert "Gian dối" in nominee.result_reason
    assert Nomination.objects.get(pk=files[0].pk).status == "issued"
    assert Decision.objects.count() == 2
    assert Certificate.objects.count() == 1
    assert AuditEntry.objects.filter(nomination=files[0], transition="revoke").count() == 1


def test_revocation_needs_a_legal_ground_and_a_reason_and_happens_once(ward, make_nomination):
    issued_decision(ward, approved_files(ward, make_nomination))
    certificate = Certificate.objects.get()
    secretary = ward.users["secretary"]

    with pytest.raises(Refusal) as bad_ground:
        certificate_revoke(certificate_id=certificate.pk, actor=secretary, ground="dislike", reason="x")
    with pytest.raises(Refusal) as no_reason:
        certificate_revoke(certificate_id=certificate.pk, actor=secretary, ground="forged_documents", reason=" ")
    draft = certificate_revoke(certificate_id=certificate.pk, actor=secretary, ground="forged_documents", reason="Giả")
    with pytest.raises(Refusal) as pending:
        certificate_revoke(certificate_id=certificate.pk, actor=secretary, ground="forged_documents", reason="Giả")
    decision_sign(decision_id=draft.pk, actor=ward.users["signer"])
    with pytest.raises(Refusal) as again:
        certificate_revoke(certificate_id=certificate.pk, actor=secretary, ground="forged_documents", reason="Giả")

    assert bad_ground.value.code == "invalid_ground"
    assert no_reason.value.code == "comment_required"
    assert pending.value.code == "revocation_pending"
    assert again.value.code == "already_revoked"
    assert Decision.objects.filter(kind="revocation").count() == 1


@pytest.mark.django_db(transaction=True)
def test_register_numbers_stay_gapless_when_decisions_are_issued_at_once(ward, make_nomination):
    if connection.vendor != "postgresql":
        pytest.skip("row locks under real concurrency need PostgreSQL")
    files = approved_files(ward, make_nomination, count=6)
    decisions = [signed_decision(ward, [f]) for f in files]
    secretary = ward.users["secretary"]
    barrier = threading.Barrier(len(decisions))
    errors: list[BaseException] = []

    def issue(decision: Decision) -> None:
        try:
            barrier.wait()
            decision_issue(decision_id=decision.pk, actor=secretary)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue, args=(d,)) for d in decisions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    assert sorted(Certificate.objects.values_list("register_seq", flat=True)) == list(range(1, 7))


def test_nominees_of_files_not_approved_never_get_a_certificate(ward, make_nomination):
    nomination = make_nomination(steps=TO_COUNCIL, nominees=[person()])
    session = convene(ward, nomination)
    vote_all(ward, session, nomination.nominees.get().pk, dict.fromkeys(VOTERS, "disagree"))
    council_session_close(session_id=session.pk, actor=ward.users["chair"])

    with pytest.raises(Refusal):
        signed_decision(ward, [nomination])

    assert not Certificate.objects.exists()


def test_the_qr_address_comes_from_the_configured_base_url_never_the_host_header(ward, api, make_nomination, settings):
    settings.PUBLIC_BASE_URL = "https://vinhdanh.my-thanh.gov.vn"
    settings.ALLOWED_HOSTS = ["*"]
    files = approved_files(ward, make_nomination, nominees=[individual("Đoàn Văn Thật")])
    issued_decision(ward, files)
    certificate = Certificate.objects.get()
    client = api("unit1")

    listed = client.get(f"/api/v1/certificates/?nomination={files[0].pk}", HTTP_HOST="phishing.example.com").json()
    pdf = client.get(f"/api/v1/certificates/{certificate.pk}/document.pdf", HTTP_HOST="phishing.example.com")

    rows = listed["results"] if isinstance(listed, dict) else listed
    expected = f"https://vinhdanh.my-thanh.gov.vn/verify/{certificate.verification_code}/"
    assert rows[0]["verify_url"] == expected
    text = pdf_text(pdf.content)
    assert "phishing" not in text
    assert "vinhdanh.my-thanh.gov.vn" in text
