"""The public verification page: valid or revoked, the public facts only, 404 for unknown codes, rate-limited."""

from __future__ import annotations

import hashlib

import pytest
from django.core.cache import cache
from django.test import Client

from awards.decisions import decision_sign
from awards.documents import certificate_pdf, decision_pdf
from awards.revocations import certificate_revoke
from demo.catalogues import seed_award_tables
from nominations.models import Certificate
from tests.awards.award_steps import approved_files, issued_decision
from tests.conftest import individual


@pytest.fixture(autouse=True)
def _prize_tables_and_fresh_limits(ward):
    seed_award_tables(ward)
    cache.clear()


@pytest.fixture
def certificate(ward, make_nomination):
    issued_decision(ward, approved_files(ward, make_nomination, nominees=[individual("Nguyễn Thị Ánh Tuyết")]))
    return Certificate.objects.select_related("decision").get()


def test_json_says_valid_with_exactly_the_public_facts(certificate):
    response = Client().get(f"/verify/{certificate.verification_code}/?format=json")

    assert response.status_code == 200
    record = response.json()
    signatures = record.pop("signatures")
    assert record == {
        "certificate_sha256": hashlib.sha256(certificate_pdf(certificate)).hexdigest(),
        "decision_sha256": hashlib.sha256(decision_pdf(certificate.decision)).hexdigest(),
        "valid": True,
        "recipient": "Nguyễn Thị Ánh Tuyết",
        "award_kind": "Giấy khen của Chủ tịch UBND phường",
        "decision_number": "01/QĐ-UBND",
        "issued_on": certificate.issued_on.isoformat(),
        "organization": "Phường Mỹ Thạnh",
    }
    # the decision as kept carries the signer's and the ward's digital signatures, the certificate the ward's
    decision = signatures["decision"]
    assert (decision["kind"], decision["valid"]) == ("digital", True)
    # the signer's, the ward's over it, and the ward's on the attached list
    assert [s["signer"] for s in decision["signatures"]] == ["Trương Minh Ký"] + ["ỦY BAN NHÂN DÂN PHƯỜNG MỸ THẠNH"] * 2
    assert signatures["certificate"]["valid"] is True
    assert [s["signer"] for s in signatures["certificate"]["signatures"]] == ["ỦY BAN NHÂN DÂN PHƯỜNG MỸ THẠNH"]


def test_the_html_page_shows_the_certificate_without_login(certificate):
    response = Client().get(f"/verify/{certificate.verification_code}/")

    body = response.content.decode()
    assert response.status_code == 200
    assert "Giấy khen hợp lệ" in body
    assert "Nguyễn Thị Ánh Tuyết" in body
    assert "01/QĐ-UBND" in body
    assert hashlib.sha256(certificate_pdf(certificate)).hexdigest() in body
    assert hashlib.sha256(decision_pdf(certificate.decision)).hexdigest() in body


def test_unknown_codes_answer_404(certificate):
    assert Client().get("/verify/khong-co-ma-nay/").status_code == 404
    assert Client().get("/verify/khong-co-ma-nay/?format=json").status_code == 404


def test_after_revocation_verification_says_revoked(ward, certificate):
    draft = certificate_revoke(
        certificate_id=certificate.pk, actor=ward.users["secretary"], ground="criteria_not_met", reason="Không đủ"
    )
    decision_sign(decision_id=draft.pk, actor=ward.users["signer"])

    data = Client().get(f"/verify/{certificate.verification_code}/?format=json").json()
    page = Client().get(f"/verify/{certificate.verification_code}/").content.decode()

    assert data["valid"] is False
    assert "đã bị hủy" in page


def test_names_are_escaped_on_the_page(ward, make_nomination):
    issued_decision(ward, approved_files(ward, make_nomination, nominees=[individual("<script>alert(1)</script>")]))
    code = Certificate.objects.get().verification_code

    body = Client().get(f"/verify/{code}/").content.decode()

    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;" in body


def test_guessing_codes_is_rate_limited(settings, certificate):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"verify": "3/min"}}
    client = Client()

    statuses = [client.get(f"/verify/doan-ma-{n}/").status_code for n in range(3)]
    blocked = client.get(f"/verify/{certificate.verification_code}/")

    assert statuses == [404, 404, 404]
    assert blocked.status_code == 429
