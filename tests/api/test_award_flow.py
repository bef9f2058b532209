"""A file from submission to a verified certificate through the public API alone, as API.md describes it."""

from __future__ import annotations

import io

import pytest
from docx import Document
from pypdf import PdfReader
from rest_framework.test import APIClient

from demo.catalogues import seed_award_tables
from demo.files import DEMO_PDF
from nominations.models import User
from tests.accounts.otp import code_of, enrolled
from tests.conftest import PASSWORD


@pytest.fixture(autouse=True)
def _prize_tables(ward):
    seed_award_tables(ward)


def signed_in(username: str) -> APIClient:
    """A client that signs in with a token, as an outside system would; the signer with the second factor."""
    client = APIClient()
    body = {"username": username, "password": PASSWORD}
    if username == "signer":
        body["otp"] = code_of(enrolled(User.objects.get(username=username)))
    response = client.post("/api/v1/auth/token/", body, format="json")
    assert response.status_code == 200, response.content
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    return client


def results(body):
    return body["results"] if isinstance(body, dict) and "results" in body else body


def text_of(pdf: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())


def transition(client: APIClient, nomination_id: str, name: str, comment: str = "") -> dict:
    current = client.get(f"/api/v1/nominations/{nomination_id}/").json()
    response = client.post(
        f"/api/v1/nominations/{nomination_id}/transitions/{name}/",
        {"version": current["version"], "comment": comment},
        format="json",
    )
    assert response.status_code == 200, response.content
    return response.json()


def test_a_file_goes_from_submission_to_a_verified_certificate_through_the_api(ward):
    unit1, reviewer, secretary = signed_in("unit1"), signed_in("reviewer"), signed_in("secretary")
    signer = signed_in("signer")

    # The unit files two nominees, attaches the required documents and submits.
    current_round = next(r for r in signed_in("unit1").get("/api/v1/rounds/").json() if r["is_open"])
    created = unit1.post(
        "/api/v1/nominations/",
        {
            "round": current_round["id"],
            "award_kind": "giay_khen",
            "title": "Đề nghị tặng Giấy khen cho hội viên tiêu biểu",
            "summary": "Thành tích xuất sắc trong phong trào xây dựng xã hội học tập",
            "nominees": [
                {
                    "kind": "individual",
                    "name": "Nguyễn Thị Ánh Tuyết",
                    "details": {"honorific": "Bà", "gender": "female", "birth_year": 1982},
                    "achievements": "Có thành tích xuất sắc trong phong trào học tập suốt đời",
                },
                {"kind": "individual", "name": "Phạm Văn Đức", "details": {"honorific": "Ông"}},
            ],
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    nomination_id = created.json()["id"]
    for kind in ("proposal", "minutes", "achievement_report"):
        upload = io.BytesIO(DEMO_PDF)
        upload.name = f"{kind}.pdf"
        response = unit1.post(
            f"/api/v1/nominations/{nomination_id}/attachments/", {"file": upload, "kind": kind}, format="multipart"
        )
        assert response.status_code == 201, response.content
    transition(unit1, nomination_id, "submit")
    transition(reviewer, nomination_id, "accept")
    assert transition(reviewer, nomination_id, "recommend", "Đủ điều kiện")["status"] == "recommended"

    # The secretary convenes the council.
    response = secretary.post(
        "/api/v1/council-sessions/",
        {"title": "Phiên họp xét khen thưởng", "held_on": "2026-01-20", "nominations": [nomination_id]},
        format="json",
    )
    assert response.status_code == 201, response.content
    session = response.json()
    assert session["status"] == "open"
    assert unit1.get(f"/api/v1/nominations/{nomination_id}/").json()["status"] == "in_council"
    tuyet, duc = (item["nominee"] for item in session["items"])
    assert all(item["recused"] == ["member1"] for item in session["items"])  # member1 belongs to the unit

    # Members vote; member1 is recused; member4 is absent and sends a written ballot.
    votes_url = f"/api/v1/council-sessions/{session['id']}/votes/"
    recused = signed_in("member1").post(votes_url, {"nominee": tuyet, "choice": "agree"}, format="json")
    assert (recused.status_code, recused.json()["code"]) == (403, "recused")
    for username in ("chair", "member2", "member3"):
        member = signed_in(username)
        assert member.post(votes_url, {"nominee": tuyet, "choice": "agree"}, format="json").status_code == 200
        assert member.post(votes_url, {"nominee": duc, "choice": "disagree"}, format="json").status_code == 200
    early = secretary.post(f"/api/v1/council-sessions/{session['id']}/close/")
    assert (early.status_code, early.json()["code"]) == (400, "no_quorum")  # 3 of 5, 4 needed
    ballot = io.BytesIO(DEMO_PDF)
    ballot.name = "phieu-bieu-quyet.pdf"
    written = secretary.post(
        votes_url, {"nominee": tuyet, "choice": "agree", "member": "member4", "ballot": ballot}, format="multipart"
    )
    assert written.status_code == 200, written.content
    assert written.json()["in_writing"] is True

    closed = signed_in("chair").post(f"/api/v1/council-sessions/{session['id']}/close/")
    assert closed.status_code == 200, closed.content
    tally = {item["nominee"]: item for item in closed.json()["items"]}
    assert closed.json()["quorum_met"] is True
    assert (tally[tuyet]["agree"], tally[tuyet]["result"]) == (4, "approved")
    assert (tally[duc]["disagree"], tally[duc]["result"]) == (3, "not_approved")
    late = signed_in("member2").post(votes_url, {"nominee": duc, "choice": "agree"}, format="json")
    assert late.status_code == 409
    minutes = secretary.get(f"/api/v1/council-sessions/{session['id']}/minutes.pdf")
    assert minutes["Content-Type"] == "application/pdf"
    assert unit1.get(f"/api/v1/nominations/{nomination_id}/").json()["status"] == "approved"

    # The secretary drafts the decision; the signer signs it and it gets its number.
    response = secretary.post(
        "/api/v1/decisions/", {"nominations": [nomination_id], "summary": "Về việc tặng Giấy khen"}, format="json"
    )
    assert response.status_code == 201, response.content
    decision = response.json()
    assert decision["status"] == "draft"
    refused = secretary.post(f"/api/v1/decisions/{decision['id']}/sign/")
    assert refused.status_code == 403
    signed = signer.post(f"/api/v1/decisions/{decision['id']}/sign/")
    assert signed.status_code == 200, signed.content
    assert signed.json()["number"] == "01/QĐ-UBND"
    assert signed.json()["signed_on"]
    assert unit1.get(f"/api/v1/nominations/{nomination_id}/").json()["status"] == "decided"
    pdf = secretary.get(f"/api/v1/decisions/{decision['id']}/document.pdf")
    assert "01/QĐ-UBND" in text_of(pdf.content)
    assert "Bà Nguyễn Thị Ánh Tuyết" in text_of(pdf.content)
    docx = secretary.get(f"/api/v1/decisions/{decision['id']}/document.docx")
    paragraphs = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "01/QĐ-UBND" in paragraphs

    # Issuance: one certificate for the approved nominee only.
    issued = secretary.post(f"/api/v1/decisions/{decision['id']}/issue/")
    assert issued.status_code == 200, issued.content
    detail = unit1.get(f"/api/v1/nominations/{nomination_id}/").json()
    assert detail["status"] == "issued"
    assert {n["name"]: n["result"] for n in detail["nominees"]} == {
        "Nguyễn Thị Ánh Tuyết": "approved",
        "Phạm Văn Đức": "not_approved",
    }
    certificates = results(unit1.get(f"/api/v1/certificates/?nomination={nomination_id}").json())
    assert len(certificates) == 1
    certificate = certificates[0]
    assert certificate["recipient"] == "Nguyễn Thị Ánh Tuyết"
    assert certificate["award_kind"] == "giay_khen"
    assert certificate["decision_number"] == "01/QĐ-UBND"
    assert int(certificate["prize_amount"]) == 710_000
    assert certificate["status"] == "valid"
    document = unit1.get(f"/api/v1/certificates/{certificate['id']}/document.pdf")
    assert "Nguyễn Thị Ánh Tuyết" in text_of(document.content)

    # Anyone can verify it, without signing in.
    verify_path = certificate["verify_url"].split("://", 1)[1].split("/", 1)[1]
    public = APIClient().get(f"/{verify_path}?format=json")
    assert public.status_code == 200
    assert public.json()["valid"] is True
    assert public.json()["decision_number"] == "01/QĐ-UBND"

    # A revocation by its own decision makes verification say so.
    response = secretary.post(
        f"/api/v1/certificates/{certificate['id']}/revoke/",
        {"ground": "false_declaration", "reason": "Kê khai thành tích không trung thực"},
        format="json",
    )
    assert response.status_code == 201, response.content
    revocation = signer.post(f"/api/v1/decisions/{response.json()['id']}/sign/").json()
    assert revocation["number"] == "02/QĐ-UBND"
    assert APIClient().get(f"/{verify_path}?format=json").json()["valid"] is False
    assert results(unit1.get(f"/api/v1/certificates/?nomination={nomination_id}").json())[0]["status"] == "revoked"


def test_the_new_endpoints_are_in_the_openapi_schema(ward):
    schema = APIClient().get("/api/schema/", {"format": "json"}).json()

    for path in [
        "/api/v1/council-sessions/",
        "/api/v1/council-sessions/{id}/",
        "/api/v1/council-sessions/{id}/votes/",
        "/api/v1/council-sessions/{id}/close/",
        "/api/v1/council-sessions/{id}/minutes.pdf",
        "/api/v1/decisions/",
        "/api/v1/decisions/{id}/sign/",
        "/api/v1/decisions/{id}/issue/",
        "/api/v1/decisions/{id}/document.pdf",
        "/api/v1/decisions/{id}/document.docx",
        "/api/v1/certificates/",
        "/api/v1/certificates/{id}/document.pdf",
    ]:
        assert path in schema["paths"], path


def test_another_units_clerk_sees_no_session_or_certificate(ward, api):
    assert api("unit2").get("/api/v1/council-sessions/999/").status_code == 404
    assert results(api("unit2").get("/api/v1/certificates/").json()) == []


def test_a_broadcast_appears_in_the_broadcasters_list_and_is_marked_aired(ward, make_nomination, api):
    from tests.awards.award_steps import approved_files, signed_decision

    files = approved_files(ward, make_nomination, award="tuyen_duong_phat_thanh")
    signed_decision(ward, files)

    listed = results(api("broadcaster").get("/api/v1/broadcasts/?status=scheduled").json())
    aired = api("broadcaster").post(f"/api/v1/broadcasts/{listed[0]['id']}/aired/")
    by_unit = api("unit1").post(f"/api/v1/broadcasts/{listed[0]['id']}/aired/")

    assert len(listed) == 1
    assert aired.status_code == 200
    assert aired.json()["status"] == "aired"
    assert by_unit.status_code == 404


def test_the_broadcaster_prints_the_radio_script(ward, make_nomination, api):
    from tests.awards.award_steps import approved_files, pdf_text, person, signed_decision

    files = approved_files(ward, make_nomination, award="tuyen_duong_phat_thanh", nominees=[person("Hồ Thị Kim Yến")])
    signed_decision(ward, files)
    [broadcast] = results(api("broadcaster").get("/api/v1/broadcasts/").json())

    response = api("broadcaster").get(f"/api/v1/broadcasts/{broadcast['id']}/script.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(b"".join(response.streaming_content) if response.streaming else response.content)
    assert "BẢN TIN TRUYỀN THANH" in text
    assert "Hồ Thị Kim Yến" in text
    assert api("unit2").get(f"/api/v1/broadcasts/{broadcast['id']}/script.pdf").status_code == 404
