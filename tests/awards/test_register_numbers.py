"""The register's numbers, the signer block and the dated "Căn cứ" lines of a decision."""

from __future__ import annotations

import datetime

import pytest

from awards.decisions import decision_create, decision_sign
from awards.documents import decision_pdf
from council.services import council_session_close
from demo.catalogues import seed_award_tables
from demo.pki import seed_signing_keys
from nominations.models import (
    Decision,
    DocumentRegister,
    Membership,
    Nomination,
    NumberingMode,
    RegisterKind,
    Role,
    SignerPosition,
    User,
)
from tests.awards.award_steps import (
    TO_COUNCIL,
    VOTERS,
    approved_files,
    convene,
    new_chairman,
    paper_scan,
    pdf_text,
    person,
    vote_all,
)
from tests.conftest import individual
from workflows.services import nomination_transition


@pytest.fixture(autouse=True)
def _prize_tables(ward):
    seed_award_tables(ward)


@pytest.fixture
def chairman(ward):
    user = new_chairman(ward, "Lê Văn Chánh")
    seed_signing_keys(ward.organization, [user])
    return user


@pytest.fixture
def clerk(ward):
    user = User.objects.create(username="vanthu", full_name="Mai Thị Văn")
    Membership.objects.create(user=user, organization=ward.organization, role=Role.CLERK)
    ward.users["vanthu"] = user
    return user


@pytest.fixture
def from_register(ward):
    return DocumentRegister.objects.create(
        organization=ward.organization, kind=RegisterKind.DECISION, mode=NumberingMode.REGISTER, symbol="QĐ-UBND"
    )


def _draft(ward, make_nomination, name=None):
    files = approved_files(ward, make_nomination, nominees=[person(name)])
    return decision_create(actor=ward.users["secretary"], nomination_ids=[files[0].pk])


def test_the_chairman_signs_in_his_own_name_and_a_deputy_for_him(ward, make_nomination, chairman):
    Membership.objects.filter(user=ward.users["signer"], role=Role.SIGNER).update(position=SignerPosition.VICE_CHAIRMAN)
    by_chairman = decision_sign(decision_id=_draft(ward, make_nomination).pk, actor=chairman)
    by_deputy = decision_sign(decision_id=_draft(ward, make_nomination).pk, actor=ward.users["signer"])

    chairman_text = pdf_text(decision_pdf(by_chairman))
    deputy_text = pdf_text(decision_pdf(by_deputy))

    assert "KT. CHỦ TỊCH" not in chairman_text
    assert "CHỦ TỊCH Lê Văn Chánh" in chairman_text
    assert "PHÓ CHỦ TỊCH" not in chairman_text
    assert "KT. CHỦ TỊCH PHÓ CHỦ TỊCH Trương Minh Ký" in deputy_text


def test_the_number_typed_by_the_signer_appears_and_a_duplicate_is_refused(ward, make_nomination, api, from_register):
    first, second = _draft(ward, make_nomination), _draft(ward, make_nomination)
    signer = api("signer")

    signed = signer.post(
        f"/api/v1/decisions/{first.pk}/sign/", {"number": "125/QĐ-UBND", "signed_on": "2026-01-05"}, format="json"
    )
    taken = signer.post(f"/api/v1/decisions/{second.pk}/sign/", {"number": "125/QĐ-UBND"}, format="json")

    assert signed.status_code == 200, signed.json()
    assert signed.json()["number"] == "125/QĐ-UBND"
    text = pdf_text(signer.get(f"/api/v1/decisions/{first.pk}/document.pdf").content)
    assert "Số: 125/QĐ-UBND" in text
    assert "ngày 05 tháng 01 năm 2026" in text
    assert (taken.status_code, taken.json()["code"]) == (409, "number_taken")
    refused = Decision.objects.get(pk=second.pk)
    assert (refused.status, refused.number, refused.number_text, refused.signed_on) == ("draft", None, "", None)
    assert set(refused.nominations.values_list("status", flat=True)) == {"approved"}


def test_a_register_number_is_required_and_the_app_numbered_one_takes_none(ward, make_nomination, api, from_register):
    draft = _draft(ward, make_nomination)

    missing = api("signer").post(f"/api/v1/decisions/{draft.pk}/sign/", {}, format="json")
    garbled = api("signer").post(f"/api/v1/decisions/{draft.pk}/sign/", {"number": "một trăm"}, format="json")
    future = api("signer").post(
        f"/api/v1/decisions/{draft.pk}/sign/", {"number": "7/QĐ-UBND", "signed_on": "2999-01-01"}, format="json"
    )
    from_register.delete()
    app_numbered = api("signer").post(f"/api/v1/decisions/{draft.pk}/sign/", {"number": "7/QĐ-UBND"}, format="json")

    assert (missing.status_code, missing.json()["code"]) == (400, "number_required")
    assert (garbled.status_code, garbled.json()["code"]) == (400, "invalid_number")
    assert (future.status_code, future.json()["code"]) == (400, "signed_on_in_future")
    assert (app_numbered.status_code, app_numbered.json()["code"]) == (400, "numbered_by_app")
    assert Decision.objects.get(pk=draft.pk).status == "draft"


def test_the_van_thu_records_the_number_and_who_signed(ward, make_nomination, api, clerk, from_register):
    draft = _draft(ward, make_nomination)

    nameless = api("vanthu").post(f"/api/v1/decisions/{draft.pk}/sign/", {"number": "09/QĐ-UBND"}, format="json")
    not_signer = api("vanthu").post(
        f"/api/v1/decisions/{draft.pk}/sign/", {"number": "09/QĐ-UBND", "signer": "reviewer"}, format="json"
    )
    without_scan = api("vanthu").post(
        f"/api/v1/decisions/{draft.pk}/sign/",
        {"number": "9/QĐ-UBND", "signed_on": "2026-02-03", "signer": "signer"},
        format="json",
    )
    recorded = api("vanthu").post(
        f"/api/v1/decisions/{draft.pk}/sign/",
        {"number": "9/QĐ-UBND", "signed_on": "2026-02-03", "signer": "signer", "signed_scan": paper_scan()},
        format="multipart",
    )

    assert (nameless.status_code, nameless.json()["code"]) == (400, "signer_required")
    assert (not_signer.status_code, not_signer.json()["code"]) == (400, "not_a_signer")
    # the signer's key on the server is the signer's to use: a number recorded for him comes with the scan
    assert (without_scan.status_code, without_scan.json()["code"]) == (409, "signature_required")
    assert recorded.status_code == 200, recorded.json()
    assert recorded.json()["signature"]["kind"] == "paper"
    decision = Decision.objects.get(pk=draft.pk)
    assert (decision.number_text, decision.signed_on) == ("09/QĐ-UBND", datetime.date(2026, 2, 3))
    assert decision.signed_by == ward.users["signer"]
    assert decision.signed_scan.read().startswith(b"%PDF")


def test_the_van_thu_does_not_sign_where_the_app_numbers(ward, make_nomination, api, clerk):
    draft = _draft(ward, make_nomination)

    refused = api("vanthu").post(f"/api/v1/decisions/{draft.pk}/sign/", {"signer": "signer"}, format="json")

    assert (refused.status_code, refused.json()["code"]) == (403, "signer_only")
    assert Decision.objects.get(pk=draft.pk).status == "draft"


def test_the_decree_cited_is_the_one_in_force_on_the_decision_date(ward, make_nomination, from_register):
    before = decision_sign(
        decision_id=_draft(ward, make_nomination).pk,
        actor=ward.users["signer"],
        number="40/QĐ-UBND",
        signed_on=datetime.date(2025, 6, 20),
    )
    after = decision_sign(
        decision_id=_draft(ward, make_nomination).pk,
        actor=ward.users["signer"],
        number="41/QĐ-UBND",
        signed_on=datetime.date(2025, 7, 2),
    )

    before_text = pdf_text(decision_pdf(before))
    after_text = pdf_text(decision_pdf(after))

    assert "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022" in before_text
    assert "Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023" in before_text
    assert "152/2025" not in before_text
    assert "Nghị định số 152/2025/NĐ-CP" in after_text
    assert "98/2023" not in after_text
    assert "Kế hoạch số 244/KH-UBND ngày 15 tháng 3 năm 2024 của Ủy ban nhân dân phường Mỹ Thạnh" in after_text


def test_the_decision_cites_the_units_own_to_trinh_not_the_internal_reference(ward, make_nomination, api):
    nomination = make_nomination(nominees=[individual("Hồ Thị Mười Một")])
    edited = api("unit1").patch(
        f"/api/v1/nominations/{nomination.pk}/",
        {"version": nomination.version, "proposal_number": "12/TTr-HPN", "proposal_date": "2026-03-04"},
        format="json",
    )
    assert edited.status_code == 200, edited.json()
    for who, name, comment in TO_COUNCIL:
        nomination_transition(
            nomination_id=nomination.pk,
            name=name,
            actor=ward.users[who],
            version=Nomination.objects.get(pk=nomination.pk).version,
            comment=comment,
        )
    session = convene(ward, nomination)
    for nominee in nomination.nominees.all():
        vote_all(ward, session, nominee.pk, dict.fromkeys(VOTERS, "agree"))
    council_session_close(session_id=session.pk, actor=ward.users["chair"])
    draft = decision_create(actor=ward.users["secretary"], nomination_ids=[nomination.pk])

    text = pdf_text(decision_pdf(draft))

    assert edited.json()["proposal_date"] == "2026-03-04"
    assert "Xét đề nghị của Hội Liên hiệp Phụ nữ phường tại Tờ trình số 12/TTr-HPN ngày 04 tháng 3 năm 2026" in text
    assert nomination.reference not in text
