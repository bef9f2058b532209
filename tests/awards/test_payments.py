"""Prize money: the secretary records payment; round and phase reports show what is paid and still owed."""

from __future__ import annotations

import datetime

import pytest

from awards.payments import certificate_mark_paid
from core.errors import Refusal
from demo.catalogues import seed_award_tables
from nominations.models import Certificate, CertificateStatus
from tests.awards.award_steps import approved_files, issued_decision
from workflows.audit import verify_chain
from workflows.models import AuditEntry

PRIZE = 710_000  # Giấy khen to an individual: 0.3 × 2,340,000 rounded up to the next 10,000


@pytest.fixture(autouse=True)
def _prize_tables(ward):
    seed_award_tables(ward)


@pytest.fixture
def three_certificates(ward, make_nomination):
    """Three issued files of unit1 in the current round, one individual each: 3 × 710,000 = 2,130,000 đồng."""
    files = approved_files(ward, make_nomination, count=3)
    issued_decision(ward, files)
    return list(Certificate.objects.filter(nominee__nomination__in=files).order_by("register_seq"))


def _snapshot(certificate):
    certificate.refresh_from_db()
    nomination_id = certificate.nominee.nomination_id
    return (
        certificate.paid_on,
        certificate.paid_by_id,
        AuditEntry.objects.filter(nomination_id=nomination_id).count(),
    )


def test_the_secretary_records_a_paid_prize_in_the_files_audit_chain(ward, api, three_certificates):
    certificate = three_certificates[0]
    today = datetime.date.today()

    response = api("secretary").post(f"/api/v1/certificates/{certificate.pk}/paid/", {"paid_on": str(today)})

    assert response.status_code == 200, response.content
    assert response.json()["paid_on"] == str(today)
    assert response.json()["paid_by"] == "secretary"
    certificate.refresh_from_db()
    assert certificate.paid_on == today
    entries = list(AuditEntry.objects.filter(nomination_id=certificate.nominee.nomination_id).order_by("seq"))
    assert entries[-1].transition == "prize_paid"
    assert "710.000 đồng" in entries[-1].comment
    assert verify_chain(entries) is None


def test_the_round_report_sums_prize_money_paid_and_unpaid(ward, api, three_certificates):
    certificate_mark_paid(certificate_id=three_certificates[1].pk, actor=ward.users["secretary"])
    rnd = ward.rounds["current"]

    body = api("reviewer").get(f"/api/v1/reports/rounds/{rnd.pk}/").json()

    assert body["prize_money"] == {
        "certificates": 3,
        "certificates_paid": 1,
        "total": 3 * PRIZE,
        "paid": PRIZE,
        "unpaid": 2 * PRIZE,
    }


def test_a_revoked_certificate_is_neither_owed_nor_payable(ward, api, three_certificates):
    revoked = three_certificates[2]
    Certificate.objects.filter(pk=revoked.pk).update(status=CertificateStatus.REVOKED)  # given: revoked
    before = _snapshot(revoked)

    response = api("secretary").post(f"/api/v1/certificates/{revoked.pk}/paid/", {})

    assert response.status_code == 409
    assert response.json()["code"] == "certificate_revoked"
    assert _snapshot(revoked) == before
    body = api("reviewer").get(f"/api/v1/reports/rounds/{ward.rounds['current'].pk}/").json()
    assert body["prize_money"]["total"] == 2 * PRIZE
    assert body["prize_money"]["unpaid"] == 2 * PRIZE


@pytest.mark.parametrize("who", ["reviewer", "signer", "unit1", "supervisor"])
def test_only_the_secretary_records_payment(ward, api, three_certificates, who):
    certificate = three_certificates[0]
    before = _snapshot(certificate)

    response = api(who).post(f"/api/v1/certificates/{certificate.pk}/paid/", {})

    assert response.status_code in (403, 404)
    assert _snapshot(certificate) == before


def test_a_prize_is_paid_once(ward, three_certificates):
    certificate = three_certificates[0]
    certificate_mark_paid(certificate_id=certificate.pk, actor=ward.users["secretary"])
    before = _snapshot(certificate)

    with pytest.raises(Refusal) as refused:
        certificate_mark_paid(certificate_id=certificate.pk, actor=ward.users["secretary"])

    assert refused.value.code == "already_paid"
    assert _snapshot(certificate) == before


def test_a_payment_date_in_the_future_or_before_issue_is_refused(ward, api, three_certificates):
    certificate = three_certificates[0]
    before = _snapshot(certificate)
    client = api("secretary")

    tomorrow = client.post(
        f"/api/v1/certificates/{certificate.pk}/paid/", {"paid_on": str(datetime.date.today() + datetime.timedelta(1))}
    )
    too_early = client.post(
        f"/api/v1/certificates/{certificate.pk}/paid/",
        {"paid_on": str(certificate.issued_on - datetime.timedelta(days=1))},
    )

    assert tomorrow.status_code == too_early.status_code == 400
    assert tomorrow.json()["code"] == "invalid_paid_on"
    assert _snapshot(certificate) == before


def test_the_phase_report_gives_prize_money_per_round(ward, api, make_nomination):
    files = approved_files(ward, make_nomination, count=2)
    issued_decision(ward, files)
    first = Certificate.objects.get(nominee__nomination=files[0])
    certificate_mark_paid(certificate_id=first.pk, actor=ward.users["secretary"])
    phase = ward.rounds["current"].phase

    body = api("reviewer").get(f"/api/v1/reports/phases/{phase.pk}/").json()

    current = next(r for r in body["rounds"] if r["round"] == ward.rounds["current"].pk)
    assert current["prize_money"]["total"] == 2 * PRIZE
    assert current["prize_money"]["paid"] == PRIZE
    assert body["prize_money"]["unpaid"] == PRIZE
