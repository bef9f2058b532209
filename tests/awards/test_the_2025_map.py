"""The ward renamed and merged: what was signed before downloads byte for byte; new documents carry the successor."""

from __future__ import annotations

import datetime

import pytest

from awards.decisions import decision_create, decision_sign
from core import clock
from core.errors import Refusal
from demo.catalogues import seed_award_tables
from demo.pki import seed_signing_keys
from nominations.letterhead import body_of, parent_on
from nominations.models import (
    Certificate,
    CouncilSession,
    Nomination,
    Organization,
    OrganizationLevel,
    Succession,
    User,
)
from tests.accounts.otp import api_client_for, verified_login
from tests.awards.award_steps import approved_files, issued_decision, pdf_text, person
from tests.conftest import ACCEPT, SUBMIT
from workflows.succession import organization_merge, organization_rename


@pytest.fixture(autouse=True)
def _prize_tables(ward):
    seed_award_tables(ward)


@pytest.fixture
def admin(db):
    return User.objects.create(username="quantri", is_superuser=True, is_staff=True)


@pytest.fixture
def my_thoi(ward):
    return Organization.objects.create(
        name="Phường Mỹ Thới",
        level=OrganizationLevel.WARD,
        parent=ward.organization.parent.parent,
        issuing_body="ỦY BAN NHÂN DÂN PHƯỜNG MỸ THỚI",
        place_name="Mỹ Thới",
    )


def _downloads(client, decision, certificate, session) -> dict[str, bytes]:
    return {
        "decision.pdf": client.get(f"/api/v1/decisions/{decision.pk}/document.pdf").content,
        "decision.docx": client.get(f"/api/v1/decisions/{decision.pk}/document.docx").content,
        "certificate.pdf": client.get(f"/api/v1/certificates/{certificate.pk}/document.pdf").content,
        "minutes.pdf": client.get(f"/api/v1/council-sessions/{session.pk}/minutes.pdf").content,
    }


def test_renaming_and_merging_the_ward_leaves_signed_documents_as_they_were(ward, make_nomination, api, admin, my_thoi):
    today = clock.today()
    signed_before = issued_decision(ward, approved_files(ward, make_nomination, nominees=[person("Lê Thị Trước")]))
    certificate = Certificate.objects.get(decision=signed_before)
    session = CouncilSession.objects.get()
    still_open = approved_files(ward, make_nomination, nominees=[person("Lê Văn Sau")])[0]
    before = _downloads(api("secretary"), signed_before, certificate, session)
    province = ward.organization.parent.parent

    organization_rename(
        actor=admin,
        organization_id=ward.organization.pk,
        effective_on=today + datetime.timedelta(days=1),
        name="Phường Mỹ Thạnh",
        issuing_body="ỦY BAN NHÂN DÂN PHƯỜNG MỸ THẠNH",
        place_name="Mỹ Thạnh",
        parent_id=province.pk,
        act_number="Nghị quyết số 1654/NQ-UBTVQH15",
        act_date=datetime.date(2025, 6, 16),
        act_body="Ủy ban Thường vụ Quốc hội",
        kind="transfer",
    )
    merger = organization_merge(
        actor=admin,
        predecessor_id=ward.organization.pk,
        successor_id=my_thoi.pk,
        effective_on=today + datetime.timedelta(days=2),
        act_number="Nghị quyết số 1654/NQ-UBTVQH15",
        act_date=datetime.date(2025, 6, 16),
        act_body="Ủy ban Thường vụ Quốc hội",
        move_people=True,
    )
    after = _downloads(api("secretary"), signed_before, certificate, session)

    assert after == before
    assert all(after.values())
    assert "ỦY BAN NHÂN DÂN PHƯỜNG MỸ THẠNH" in pdf_text(after["decision.pdf"])
    # The open file, its campaign and the people went to the successor; the signed decision stayed.
    assert Nomination.objects.get(pk=still_open.pk).organization == my_thoi
    assert merger.moved["files"] == 1
    assert merger.moved["campaigns"] == 1
    assert signed_before.organization_id == ward.organization.pk
    ward.organization.refresh_from_db()
    assert (ward.organization.successor, ward.organization.valid_to) == (my_thoi, today + datetime.timedelta(days=1))

    with clock.replay_on(today + datetime.timedelta(days=3)):
        # Fresh users, as a new request would load them, with their roles in the successor.
        secretary, signer = (User.objects.get(username=name) for name in ("secretary", "signer"))
        draft = decision_create(actor=secretary, nomination_ids=[still_open.pk])
        # a key certifies its holder at one organisation: the successor's signer signs with a key issued there
        seed_signing_keys(my_thoi, [signer])
        signed_after = decision_sign(decision_id=draft.pk, actor=signer)
    ward.users.update(secretary=secretary, signer=signer)
    new_text = pdf_text(api("secretary").get(f"/api/v1/decisions/{signed_after.pk}/document.pdf").content)

    assert signed_after.organization == my_thoi
    assert "ỦY BAN NHÂN DÂN PHƯỜNG MỸ THỚI" in new_text
    assert "MỸ THẠNH" not in new_text
    assert "LONG XUYÊN" not in new_text
    assert "Mỹ Thới, ngày" in new_text
    # The plan the successor carries on is cited as its author issued it.
    assert "Kế hoạch số 244/KH-UBND ngày 15 tháng 3 năm 2024 của Ủy ban nhân dân phường Mỹ Thạnh" in " ".join(
        new_text.split()
    )
    # Headers and parents as they were on each date.
    assert body_of(ward.organization, today).place_name == "Mỹ Thạnh"
    assert body_of(ward.organization, today + datetime.timedelta(days=1)).place_name == "Mỹ Thạnh"
    assert parent_on(Organization.objects.get(pk=ward.organization.pk), today).name == "Thành phố Long Xuyên"
    assert parent_on(ward.organization, today + datetime.timedelta(days=1)) == province


def test_only_an_administrator_records_a_merger_with_its_act_and_only_once(ward, admin, my_thoi):
    act = {
        "act_number": "Nghị quyết số 1654/NQ-UBTVQH15",
        "act_date": datetime.date(2025, 6, 16),
        "act_body": "Ủy ban Thường vụ Quốc hội",
    }
    merge = {"predecessor_id": ward.organization.pk, "successor_id": my_thoi.pk, "effective_on": clock.today()}

    with pytest.raises(Refusal) as by_secretary:
        organization_merge(actor=ward.users["secretary"], **merge, **act)
    with pytest.raises(Refusal) as without_act:
        organization_merge(actor=admin, **merge, **{**act, "act_number": " "})
    organization_merge(actor=admin, **merge, **act)
    with pytest.raises(Refusal) as twice:
        organization_merge(actor=admin, **merge, **act)

    assert (by_secretary.value.status, by_secretary.value.code) == (403, "admin_only")
    assert without_act.value.code == "act_required"
    assert (twice.value.status, twice.value.code) == (409, "already_succeeded")
    assert Succession.objects.count() == 1


def test_the_administrator_records_the_merger_in_the_admin(ward, admin, my_thoi, make_nomination):
    from django.test import Client

    open_file = make_nomination(nominees=[person("Lê Thị Chuyển")])
    client = Client()
    verified_login(client, admin)

    response = client.post(
        "/admin/nominations/succession/add/",
        {
            "predecessor": ward.organization.pk,
            "successor": my_thoi.pk,
            "effective_on": "2025-07-01",
            "act_number": "Nghị quyết số 1654/NQ-UBTVQH15",
            "act_date": "2025-06-16",
            "act_body": "Ủy ban Thường vụ Quốc hội",
            "move_people": "on",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    succession = Succession.objects.get()
    assert (succession.kind, succession.recorded_by) == ("merger", admin)
    assert Nomination.objects.get(pk=open_file.pk).organization == my_thoi
    ward.organization.refresh_from_db()
    assert ward.organization.valid_to == datetime.date(2025, 6, 30)


def test_the_successor_reads_the_files_the_predecessor_decided_and_no_other_ward_does(
    ward, make_nomination, api, admin, my_thoi
):
    rejected = make_nomination(steps=(SUBMIT, ACCEPT, ("reviewer", "reject", "Chưa đủ tiêu chuẩn")))
    other_ward = Organization.objects.create(
        name="Phường Bình Đức", level=OrganizationLevel.WARD, issuing_body="ỦY BAN NHÂN DÂN PHƯỜNG BÌNH ĐỨC"
    )
    outsider = User.objects.create(username="ngoai", full_name="Người phường khác")
    outsider.memberships.create(organization=other_ward, role="reviewer")

    organization_merge(
        actor=admin,
        predecessor_id=ward.organization.pk,
        successor_id=my_thoi.pk,
        effective_on=clock.today(),
        act_number="1654/NQ-UBTVQH15",
        act_date=datetime.date(2025, 6, 16),
        act_body="Ủy ban Thường vụ Quốc hội",
        move_people=True,
    )

    assert Nomination.objects.get(pk=rejected.pk).organization == ward.organization  # decided: it stays
    reviewer = User.objects.get(username="reviewer")
    assert {m.organization for m in reviewer.memberships.all()} == {my_thoi}
    read = api("reviewer").get(f"/api/v1/nominations/{rejected.pk}/")
    assert read.status_code == 200
    assert read.json()["status"] == "rejected"
    listed = api("reviewer").get("/api/v1/nominations/?page_size=100").json()["results"]
    assert str(rejected.pk) in {row["id"] for row in listed}
    assert api_client_for(outsider).get(f"/api/v1/nominations/{rejected.pk}/").status_code == 404
