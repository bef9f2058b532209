"""The public honour board: opt-in per awardee, valid certificates only, no personal data."""

from __future__ import annotations

from awards.decisions import decision_sign
from awards.revocations import certificate_revoke
from honour.models import HonourConsent
from tests.awards.award_steps import approved_files, issued_decision, person
from workflows.models import AuditEntry


def page(response) -> str:
    return response.content.decode()


def _issued(ward, make_nomination, *names):
    files = approved_files(ward, make_nomination, count=len(names), nominees=None)
    # approved_files gives each file its own generated person: rename for the assertions
    for nomination, name in zip(files, names, strict=True):
        nomination.nominees.update(name=name)
    decision = issued_decision(ward, files)
    return decision, list(decision.certificates.select_related("nominee").order_by("register_seq"))


def test_only_consented_valid_certificates_appear_on_the_board(web, ward, make_nomination):
    # given two certificates of the year, only the first with the awardee's consent
    decision, (first, second) = _issued(ward, make_nomination, "Nguyễn Thị Đồng Ý", "Trần Văn Không")
    unit = web("unit1")
    response = unit.post("/vinh-danh/dong-y/ghi-nhan/", {"nominee": first.nominee_id, "consent": "1"})
    assert response.status_code == 302
    assert HonourConsent.objects.filter(nominee_id=first.nominee_id).exists()
    assert AuditEntry.objects.filter(nomination_id=first.nominee.nomination_id, transition="honour_consent").exists()

    # when anyone, signed in or not, opens the board of that year
    html = page(web(None).get(f"/vinh-danh/{first.register_year}/"))

    # then the consenting awardee is named with the award, the decision and the body; nothing personal
    assert first.recipient in html
    assert decision.number_text in html
    assert ward.organization.name in html
    assert second.recipient not in html
    assert "1982" not in html  # birth year of the demo individual


def test_a_revoked_certificate_leaves_the_board(web, ward, make_nomination):
    # given a consenting awardee on the board
    _, (certificate,) = _issued(ward, make_nomination, "Lê Thị Thu Hồi")
    web("unit1").post("/vinh-danh/dong-y/ghi-nhan/", {"nominee": certificate.nominee_id, "consent": "1"})
    assert certificate.recipient in page(web(None).get(f"/vinh-danh/{certificate.register_year}/"))

    # when the certificate is revoked
    revocation = certificate_revoke(
        certificate_id=certificate.pk, actor=ward.users["secretary"], ground="criteria_not_met", reason="Sai tiêu chí"
    )
    decision_sign(decision_id=revocation.pk, actor=ward.users["signer"])

    # then the board no longer lists it
    assert certificate.recipient not in page(web(None).get(f"/vinh-danh/{certificate.register_year}/"))


def test_consent_can_be_withdrawn(web, ward, make_nomination):
    _, (certificate,) = _issued(ward, make_nomination, "Phạm Văn Rút")
    unit = web("unit1")
    unit.post("/vinh-danh/dong-y/ghi-nhan/", {"nominee": certificate.nominee_id, "consent": "1"})

    unit.post("/vinh-danh/dong-y/ghi-nhan/", {"nominee": certificate.nominee_id, "consent": "0"})

    assert not HonourConsent.objects.exists()
    assert certificate.recipient not in page(web(None).get(f"/vinh-danh/{certificate.register_year}/"))


def test_another_unit_cannot_record_consent(web, ward, make_nomination):
    # given unit1's awardee
    _, (certificate,) = _issued(ward, make_nomination, "Võ Thị Riêng")

    # when unit2 tries to record consent for it
    response = web("unit2").post("/vinh-danh/dong-y/ghi-nhan/", {"nominee": certificate.nominee_id, "consent": "1"})

    # then it is not found, and nothing was recorded
    assert response.status_code == 404
    assert not HonourConsent.objects.exists()


def test_consent_needs_a_certificate(web, ward, make_nomination):
    # given a draft nominee with no award
    nomination = make_nomination(nominees=[person("Đỗ Văn Chưa")])
    nominee = nomination.nominees.get()

    # when
    response = web("unit1").post("/vinh-danh/dong-y/ghi-nhan/", {"nominee": nominee.pk, "consent": "1"})

    # then refused with a message, nothing stored
    assert response.status_code == 302
    assert not HonourConsent.objects.exists()


def test_the_consent_page_lists_the_units_certificates(web, ward, make_nomination):
    _, (certificate,) = _issued(ward, make_nomination, "Huỳnh Thị Danh Sách")

    html = page(web("unit1").get("/vinh-danh/dong-y/"))

    assert certificate.recipient in html
    assert certificate.register_number in html
    assert web("reviewer").get("/vinh-danh/dong-y/").status_code == 404
