"""The văn thư types the register's number on the decision page; the secretary records what was recovered."""

from __future__ import annotations

import pytest

from awards.payments import certificate_mark_paid
from awards.revocations import certificate_revoke
from demo.catalogues import seed_award_tables
from nominations.models import (
    Certificate,
    Decision,
    DocumentRegister,
    Membership,
    NumberingMode,
    RegisterKind,
    Role,
    User,
)
from tests.awards.award_steps import approved_files, issued_decision, paper_scan, person


def page(response) -> str:
    return response.content.decode()


@pytest.fixture(autouse=True)
def _prize_tables(ward):
    seed_award_tables(ward)


def test_the_van_thu_enters_the_number_on_the_page_and_a_duplicate_is_refused(ward, make_nomination, web):
    DocumentRegister.objects.create(
        organization=ward.organization, kind=RegisterKind.DECISION, mode=NumberingMode.REGISTER, symbol="QĐ-UBND"
    )
    clerk = User.objects.create(username="vanthu", full_name="Mai Thị Văn")
    Membership.objects.create(user=clerk, organization=ward.organization, role=Role.CLERK)
    ward.users["vanthu"] = clerk
    first, second = approved_files(ward, make_nomination, count=2)
    urls = [web("secretary").post("/quyet-dinh/", {"nominations": [f.pk]})["Location"] for f in (first, second)]

    form = page(web("vanthu").get(urls[0]))
    # the văn thư records a decision signed on paper: its number, date and signer, and the scan
    signed = web("vanthu").post(
        urls[0] + "ky/",
        {"number": "88/QĐ-UBND", "signed_on": "2026-01-02", "signer": "signer", "signed_scan": paper_scan()},
        follow=True,
    )
    taken = web("vanthu").post(
        urls[1] + "ky/", {"number": "88/QĐ-UBND", "signer": "signer", "signed_scan": paper_scan()}
    )

    assert 'name="number"' in form
    assert 'value="signer"' in form
    assert "Tải lên bản quét của bản gốc đã ký, đóng dấu." in form
    assert "Đã ký: quyết định 88/QĐ-UBND." in page(signed)
    assert "Mã SHA-256 bản PDF đã ký" in page(signed)
    assert taken.status_code == 409
    assert "88/QĐ-UBND đã được dùng" in page(taken)
    assert Decision.objects.filter(status="draft").count() == 1


def test_the_secretary_records_the_recovery_on_the_revocation_page(ward, make_nomination, web):
    decision = issued_decision(ward, approved_files(ward, make_nomination, nominees=[person("Võ Thị Hoàn")]))
    certificate = Certificate.objects.get(decision=decision)
    certificate_mark_paid(certificate_id=certificate.pk, actor=ward.users["secretary"])
    revocation = certificate_revoke(
        certificate_id=certificate.pk, actor=ward.users["secretary"], ground="criteria_not_met", reason="Không đủ"
    )
    web("signer").post(f"/quyet-dinh/{revocation.pk}/ky/")
    revoked_on = Certificate.objects.get(pk=certificate.pk).revoked_on.isoformat()

    before = page(web("secretary").get(f"/quyet-dinh/{revocation.pk}/"))
    recorded = web("secretary").post(
        f"/quyet-dinh/{revocation.pk}/thu-hoi/", {"certificate_on": revoked_on, "money_on": revoked_on}, follow=True
    )

    assert "Ngày thu hồi tiền thưởng" in before
    assert "Phải thu hồi" in before
    assert "đồng tiền thưởng" in before
    assert "Đã ghi nhận thu hồi." in page(recorded)
    kept = Certificate.objects.get(pk=certificate.pk)
    assert kept.certificate_recovered_on.isoformat() == kept.money_recovered_on.isoformat() == revoked_on
