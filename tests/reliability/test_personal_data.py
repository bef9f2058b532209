"""Personal data (Nghị định 13/2023): CCCD, ethnicity and date of birth only for the roles that need them,
public pages show name, award, decision and organisation only, and the supervisor's reads are logged."""

from __future__ import annotations

import pytest

from demo.catalogues import seed_award_tables
from nominations.models import Certificate
from privacy.models import AccessLog
from tests.awards.award_steps import approved_files, issued_decision
from tests.conftest import SUBMIT, individual

CCCD = "079182001234"
PERSONAL = {"citizen_id", "ethnicity", "birth_date"}


def sensitive_person(name: str = "Nguyễn Thị Bảo Mật") -> dict:
    return individual(name, citizen_id=CCCD, ethnicity="Khmer", birth_date="1982-03-04")


@pytest.mark.parametrize(
    ("username", "sees"),
    [
        ("unit1", True),
        ("reviewer", True),
        ("secretary", True),
        ("supervisor", False),
        ("chair", False),
        ("member2", False),
        ("signer", False),
    ],
)
def test_nominee_personal_details_reach_only_the_roles_that_need_them(api, make_nomination, username, sees):
    nomination = make_nomination(nominees=[sensitive_person()], steps=(SUBMIT,))

    response = api(username).get(f"/api/v1/nominations/{nomination.pk}/")

    assert response.status_code == 200
    (nominee,) = response.json()["nominees"]
    shown = {key for key in PERSONAL if nominee["details"].get(key) not in (None, "")}
    assert shown == (PERSONAL if sees else set())
    assert (CCCD in response.content.decode()) is sees


def test_the_web_detail_page_shows_the_cccd_to_the_unit_reviewer_and_secretary_only(client, ward, make_nomination):
    nomination = make_nomination(nominees=[sensitive_person()], steps=(SUBMIT,))
    pages = {}
    for username in ("unit1", "reviewer", "secretary", "supervisor", "chair"):
        client.force_login(ward.users[username])
        pages[username] = client.get(f"/ho-so/{nomination.pk}/").content.decode()

    assert CCCD in pages["unit1"]
    assert CCCD in pages["reviewer"]
    assert CCCD in pages["secretary"]
    assert CCCD not in pages["supervisor"]
    assert CCCD not in pages["chair"]
    assert "Khmer" not in pages["supervisor"]


@pytest.fixture
def certificate(ward, make_nomination) -> Certificate:
    seed_award_tables(ward)
    (approved,) = approved_files(ward, make_nomination, nominees=[sensitive_person("Trần Văn Công Khai")])
    return Certificate.objects.get(decision=issued_decision(ward, [approved]))


def test_the_public_verification_answer_holds_name_award_decision_and_organisation_only(client, certificate):
    response = client.get(f"/verify/{certificate.verification_code}/?format=json")

    assert response.status_code == 200
    # The two hashes identify the documents as kept; they carry no personal data, and neither do the
    # signatures, which name the officials and the organisation who signed.
    assert set(response.json()) == {
        "signatures",
        "valid",
        "recipient",
        "award_kind",
        "decision_number",
        "issued_on",
        "organization",
        "certificate_sha256",
        "decision_sha256",
    }
    assert response.json()["recipient"].endswith("Trần Văn Công Khai")
    assert CCCD not in response.content.decode()
    signers = {s["signer"] for part in response.json()["signatures"].values() for s in part.get("signatures", [])}
    assert signers == {"Trương Minh Ký", "ỦY BAN NHÂN DÂN PHƯỜNG MỸ THẠNH"}


def test_the_public_verification_page_shows_no_cccd_ethnicity_or_birth_date(client, certificate):
    page = client.get(f"/verify/{certificate.verification_code}/").content.decode()

    assert "Trần Văn Công Khai" in page
    assert CCCD not in page
    assert "Khmer" not in page
    assert "1982" not in page
    assert "04/03" not in page


def test_the_supervisors_reads_are_logged_on_the_api_and_the_web(ward, api, client, make_nomination):
    nomination = make_nomination(nominees=[sensitive_person()], steps=(SUBMIT,))
    supervisor = ward.users["supervisor"]

    api("supervisor").get(f"/api/v1/nominations/{nomination.pk}/")
    client.force_login(supervisor)
    client.get(f"/ho-so/{nomination.pk}/", REMOTE_ADDR="10.1.2.3")

    logs = list(AccessLog.objects.order_by("id"))
    assert [(log.actor, log.nomination_id, log.role, log.channel) for log in logs] == [
        (supervisor, nomination.pk, "supervisor", "api"),
        (supervisor, nomination.pk, "supervisor", "web"),
    ]
    assert logs[1].client_ip == "10.1.2.3"


def test_every_read_that_returns_a_cccd_is_logged_and_reads_without_one_or_refused_are_not(ward, api, make_nomination):
    nomination = make_nomination(nominees=[sensitive_person()], steps=(SUBMIT,))
    plain = make_nomination(nominees=[individual("Người Không Ghi CCCD")], steps=(SUBMIT,))
    draft = make_nomination(nominees=[individual("Người Trong Bản Nháp")])

    for username in ("unit1", "reviewer", "secretary", "chair"):
        assert api(username).get(f"/api/v1/nominations/{nomination.pk}/").status_code == 200
        assert api(username).get(f"/api/v1/nominations/{plain.pk}/").status_code == 200
    assert api("supervisor").get(f"/api/v1/nominations/{draft.pk}/").status_code == 404

    logged = list(AccessLog.objects.order_by("id").values_list("actor__username", "nomination_id", "role", "kind"))
    assert logged == [
        ("unit1", nomination.pk, "unit", "detail"),
        ("reviewer", nomination.pk, "reviewer", "detail"),
        ("secretary", nomination.pk, "secretary", "detail"),
    ]
