"""The public certificate check a citizen opens from the QR: styled within the CSP, readable on a phone."""

from __future__ import annotations

import datetime

import pytest

from awards import decisions, issuance
from awards.revocations import certificate_revoke
from council import services as council
from nominations.models import Certificate
from tests.conftest import ACCEPT, RECOMMEND, SUBMIT

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def issued_certificate(ward, make_nomination) -> Certificate:
    nomination = make_nomination(steps=(SUBMIT, ACCEPT, RECOMMEND))
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
    decision = decisions.decision_create(actor=ward.users["secretary"], nomination_ids=[nomination.pk])
    decisions.decision_sign(decision_id=decision.pk, actor=ward.users["signer"])
    issuance.decision_issue(decision_id=decision.pk, actor=ward.users["secretary"])
    return Certificate.objects.get(nominee=nominee)


def test_the_verification_page_shows_the_agency_and_a_green_or_red_box_on_a_phone(
    ward, make_nomination, live_server, new_page, screenshots
):
    certificate = issued_certificate(ward, make_nomination)
    phone = new_page(width=390, height=844)

    phone.goto(f"{live_server.url}/verify/{certificate.verification_code}/")
    phone.screenshot(path=screenshots / "xac-minh-hop-le-dien-thoai.png", full_page=True)

    assert phone.csp_errors == []
    assert phone.locator(".agency").inner_text().upper().count(ward.organization.issuing_body.upper()) == 1
    valid = phone.locator(".status.valid")
    assert "Giấy khen hợp lệ" in valid.inner_text()
    assert valid.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(227, 244, 230)"
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390

    # once revoked by a signed decision, the same address shows the red box
    revocation = certificate_revoke(
        certificate_id=certificate.pk, actor=ward.users["secretary"], ground="false_declaration", reason="Kê khai sai"
    )
    decisions.decision_sign(decision_id=revocation.pk, actor=ward.users["signer"])
    phone.reload()
    phone.screenshot(path=screenshots / "xac-minh-da-huy-dien-thoai.png", full_page=True)
    revoked = phone.locator(".status.revoked")
    assert "đã bị hủy" in revoked.inner_text()
    assert revoked.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(253, 236, 234)"
    assert phone.csp_errors == []
