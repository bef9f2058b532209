"""API.md "Authentication", "Catalogues" and "Nominations", used as a new integrator would: from the contract alone."""

from __future__ import annotations

import datetime
import io
import json
import re
import uuid
from typing import Any

import pytest
import yaml
from django.core.cache import cache
from django.urls import Resolver404, resolve
from rest_framework.test import APIClient
from rest_framework.throttling import ScopedRateThrottle

from demo.files import DEMO_PDF
from tests.conftest import PASSWORD
from tests.workflows.lifecycle import footprint, someone

AWARD_CODES = {
    "giay_khen",
    "tuyen_duong_phat_thanh",
    "cong_dan_hoc_tap",
    "gia_dinh_hoc_tap",
    "dong_ho_hoc_tap",
    "don_vi_hoc_tap",
    "cong_dong_hoc_tap",
}
# Every path API.md names, as written there.
CONTRACT_PATHS = [
    "/api/v1/auth/token/",
    "/api/v1/me/",
    "/api/v1/rounds/",
    "/api/v1/award-kinds/",
    "/api/v1/units/",
    "/api/v1/nominations/",
    "/api/v1/nominations/{id}/",
    "/api/v1/nominations/{id}/attachments/",
    "/api/v1/nominations/{id}/transitions/{name}/",
    "/api/v1/queue/",
    "/api/v1/nominations/bulk/transitions/{name}/",
    "/api/v1/nominations/{id}/nominees/import/",
    "/api/v1/award-kinds/{code}/template.xlsx",
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
    "/api/v1/notifications/",
    "/api/v1/notifications/{id}/read/",
    "/api/v1/reports/rounds/{id}/",
]
# This issue's own endpoints: these must exist.
LIFECYCLE_PATHS = CONTRACT_PATHS[:10]


def rows(body: Any) -> list[dict[str, Any]]:
    """Clients accept both shapes: a plain list, or {"count", "next", "previous", "results"}."""
    if isinstance(body, dict):
        assert set(body) >= {"count", "next", "previous", "results"}
        return body["results"]
    assert isinstance(body, list)
    return body


def assert_error(response: Any, status: int, code: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.content
    body = response.json()
    assert isinstance(body.get("detail"), str)
    assert body["detail"]
    assert isinstance(body.get("code"), str)
    assert body["code"]
    if code is not None:
        assert body["code"] == code
    return body


def reset_sign_in_throttle() -> None:
    """The sign-in throttle counts per client address across tests; only its own counter is cleared."""
    cache.delete(ScopedRateThrottle.cache_format % {"scope": "auth", "ident": "127.0.0.1"})


def token_client(username: str) -> APIClient:
    reset_sign_in_throttle()
    client = APIClient()
    response = client.post("/api/v1/auth/token/", {"username": username, "password": PASSWORD}, format="json")
    assert response.status_code == 200
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    return client


def new_nomination(client: APIClient, ward: Any, **overrides: Any) -> dict[str, Any]:
    body = {
        "round": ward.rounds["current"].pk,
        "award_kind": "giay_khen",
        "title": "Đề nghị tặng Giấy khen năm nay",
        "summary": "Thành tích xuất sắc",
        "nominees": [someone()],
        **overrides,
    }
    response = client.post("/api/v1/nominations/", body, format="json")
    assert response.status_code == 201, response.content
    return response.json()


def attach_all(client: APIClient, nomination_id: str) -> None:
    for kind in ("proposal", "minutes", "achievement_report"):
        upload = io.BytesIO(DEMO_PDF)
        upload.name = f"{kind}.pdf"
        response = client.post(
            f"/api/v1/nominations/{nomination_id}/attachments/", {"file": upload, "kind": kind}, format="multipart"
        )
        assert response.status_code == 201, response.content


def move(client: APIClient, nomination_id: str, name: str, comment: str = "") -> dict[str, Any]:
    version = client.get(f"/api/v1/nominations/{nomination_id}/").json()["version"]
    response = client.post(
        f"/api/v1/nominations/{nomination_id}/transitions/{name}/", {"version": version, "comment": comment}
    )
    assert response.status_code == 200, response.content
    return response.json()


# --- authentication and identity ---------------------------------------------------------------------------


def test_a_token_from_the_password_opens_every_other_call(ward):
    reset_sign_in_throttle()
    anonymous = APIClient()

    response = anonymous.post("/api/v1/auth/token/", {"username": "unit1", "password": PASSWORD}, format="json")

    assert response.status_code == 200
    assert set(response.json()) == {"token", "expiry"}
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    me = client.get("/api/v1/me/")
    assert me.status_code == 200
    assert me.json()["username"] == "unit1"


@pytest.mark.parametrize(
    "body",
    [
        {"username": "unit1", "password": "sai-mat-khau"},
        {"username": "khong-co-ai", "password": PASSWORD},
        {"username": "unit1"},
        {},
    ],
)
def test_bad_credentials_answer_400_with_detail_and_code(ward, body):
    reset_sign_in_throttle()
    assert_error(APIClient().post("/api/v1/auth/token/", body, format="json"), 400)


def test_a_bad_token_or_none_is_refused_with_the_error_shape(ward):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef")
    assert client.get("/api/v1/me/").status_code in (401, 403)
    assert_error(client.get("/api/v1/me/"), client.get("/api/v1/me/").status_code)
    response = APIClient().get("/api/v1/nominations/")
    assert response.status_code in (401, 403)
    assert_error(response, response.status_code)


def test_a_browser_session_works_too(ward):
    reset_sign_in_throttle()
    client = APIClient()
    signed_in = client.post("/accounts/login/", {"username": "reviewer", "password": PASSWORD}, format="multipart")
    assert signed_in.status_code == 302

    assert client.get("/api/v1/me/").json()["roles"] == ["reviewer"]


def test_me_describes_the_user_unit_and_roles(ward):
    me = token_client("unit1").get("/api/v1/me/").json()

    assert set(me) >= {"username", "full_name", "organization", "unit", "roles"}
    assert me["full_name"] == "Ngô Thị Hồng"
    assert me["organization"] == "Phường Mỹ Thạnh"
    assert me["unit"] == {"id": ward.units["Hội Liên hiệp Phụ nữ phường"].pk, "name": "Hội Liên hiệp Phụ nữ phường"}
    assert me["roles"] == ["submitter"]


def test_me_for_body_people_and_the_admin(api):
    chair = api("chair").get("/api/v1/me/").json()
    assert set(chair["roles"]) == {"council_chair", "council_member"}
    admin = api("admin").get("/api/v1/me/").json()
    assert admin["unit"] is None
    assert "admin" in admin["roles"]


# --- catalogues ----------------------------------------------------------------------------------------------


def test_rounds_list_their_window_and_whether_they_are_open(api, ward):
    listed = rows(api("unit1").get("/api/v1/rounds/").json())

    assert listed
    for row in listed:
        assert set(row) >= {"id", "name", "kind", "opens_on", "closes_on", "is_open"}
        assert row["kind"] in ("annual", "interim", "final")
        datetime.date.fromisoformat(row["opens_on"])
        datetime.date.fromisoformat(row["closes_on"])
    current = next(row for row in listed if row["id"] == ward.rounds["current"].pk)
    assert current["is_open"] is True
    assert all(row["is_open"] is False for row in listed if row["id"] != current["id"])


def test_award_kinds_include_all_seven_with_track_and_nominee_kinds(api):
    listed = rows(api("unit2").get("/api/v1/award-kinds/").json())

    by_code = {row["code"]: row for row in listed}
    assert set(by_code) >= AWARD_CODES
    for row in listed:
        assert set(row) >= {"id", "code", "name", "track", "nominee_kinds"}
        assert row["track"] in ("commendation", "title")
        assert row["nominee_kinds"]
    assert by_code["giay_khen"]["track"] == "commendation"
    assert by_code["gia_dinh_hoc_tap"]["track"] == "title"
    assert by_code["gia_dinh_hoc_tap"]["nominee_kinds"] == ["household"]


def test_units_list_the_wards_units(api, ward):
    listed = rows(api("reviewer").get("/api/v1/units/").json())

    assert {row["name"] for row in listed} >= {"Hội Liên hiệp Phụ nữ phường", "Khóm Đông Thạnh"}
    assert all(set(row) >= {"id", "name", "kind", "parent"} for row in listed)


# --- creating and reading -------------------------------------------------------------------------------------


def test_a_submitter_creates_a_draft_for_his_own_unit(ward):
    client = token_client("unit1")

    created = new_nomination(client, ward)

    assert created["status"] == "draft"
    assert created["version"] == 1
    assert created["unit"] == ward.units["Hội Liên hiệp Phụ nữ phường"].pk
    assert created["award_kind"] == "giay_khen"
    assert created["round"] == ward.rounds["current"].pk
    assert [n["result"] for n in created["nominees"]] == ["pending"]
    assert created["history"][0]["transition"] == "create"


@pytest.mark.parametrize("username", ["reviewer", "secretary", "supervisor", "signer"])
def test_only_a_submitter_may_create(api, ward, username):
    body = {"round": ward.rounds["current"].pk, "award_kind": "giay_khen", "title": "x", "nominees": [someone()]}

    assert_error(api(username).post("/api/v1/nominations/", body), 403)


@pytest.mark.parametrize(
    "overrides",
    [
        {"award_kind": "khong_co"},
        {"round": 999999},
        {"title": ""},
        {"nominees": [{"kind": "clan", "name": "Dòng họ Nguyễn"}]},
        {"nominees": [{"kind": "individual", "name": "A", "details": {"citizen_id": "123"}}]},
        {"nominees": [{"kind": "alien", "name": "A"}]},
    ],
)
def test_bad_input_on_create_answers_400_and_creates_nothing(api, ward, overrides):
    from nominations.models import Nomination

    body = {"round": ward.rounds["current"].pk, "award_kind": "giay_khen", "title": "Đề nghị", **overrides}

    assert_error(api("unit1").post("/api/v1/nominations/", body), 400)
    assert not Nomination.objects.exists()


def test_the_detail_has_every_field_of_the_contract_and_history_oldest_first(ward, api):
    owner = api("unit1")
    created = new_nomination(owner, ward)
    attach_all(owner, created["id"])
    move(owner, created["id"], "submit")
    move(api("reviewer"), created["id"], "accept", "Tiếp nhận")

    detail = api("reviewer").get(f"/api/v1/nominations/{created['id']}/").json()

    assert set(detail) >= {
        "id",
        "reference",
        "round",
        "award_kind",
        "unit",
        "status",
        "version",
        "title",
        "summary",
        "nominees",
        "attachments",
        "available_transitions",
        "history",
    }
    assert detail["status"] == "under_review"
    assert detail["version"] == 3
    assert all(set(n) >= {"id", "kind", "name", "result"} for n in detail["nominees"])
    assert [a["kind"] for a in detail["attachments"]] == ["proposal", "minutes", "achievement_report"]
    assert set(detail["available_transitions"]) == {"return_for_revision", "reject", "recommend"}
    assert [h["transition"] for h in detail["history"]] == ["create", "attach", "attach", "attach", "submit", "accept"]
    for entry in detail["history"]:
        assert set(entry) >= {"transition", "source", "target", "actor", "at", "comment"}
    assert detail["history"][-1] == {**detail["history"][-1], "actor": "reviewer", "comment": "Tiếp nhận"}
    assert (detail["history"][-1]["source"], detail["history"][-1]["target"]) == ("submitted", "under_review")
    stamps = [datetime.datetime.fromisoformat(h["at"]) for h in detail["history"]]
    assert stamps == sorted(stamps)


def test_an_unknown_or_malformed_id_is_404(api):
    assert_error(api("unit1").get(f"/api/v1/nominations/{uuid.uuid4()}/"), 404)
    assert api("unit1").get("/api/v1/nominations/not-a-uuid/").status_code == 404


# --- listing ---------------------------------------------------------------------------------------------------


def test_the_list_shows_what_the_user_may_see_and_filters(ward, api, make_nomination):
    draft = make_nomination(nominees=[someone()])
    submitted = make_nomination(nominees=[someone()], steps=(("unit1", "submit", ""),))
    radio = make_nomination(award="tuyen_duong_phat_thanh", nominees=[someone()], steps=(("unit1", "submit", ""),))
    other_unit = make_nomination(submitter="unit2", nominees=[someone()])

    def ids(client: APIClient, query: str = "") -> set[str]:
        response = client.get(f"/api/v1/nominations/{query}")
        assert response.status_code == 200
        return {row["id"] for row in rows(response.json())}

    owner, reviewer = api("unit1"), api("reviewer")
    assert ids(owner) == {str(draft.pk), str(submitted.pk), str(radio.pk)}
    assert ids(reviewer) == {str(submitted.pk), str(radio.pk)}
    assert ids(api("unit2")) == {str(other_unit.pk)}
    assert ids(owner, "?status=draft") == {str(draft.pk)}
    assert ids(owner, "?status=submitted&award_kind=tuyen_duong_phat_thanh") == {str(radio.pk)}
    assert ids(owner, f"?round={ward.rounds['current'].pk}&award_kind=giay_khen") == {str(draft.pk), str(submitted.pk)}
    assert ids(owner, "?round=999999") == set()
    row = rows(owner.get("/api/v1/nominations/?status=submitted").json())[0]
    assert set(row) >= {"id", "reference", "round", "award_kind", "unit", "status", "version", "title"}


def test_a_long_list_pages_with_absolute_next_links(ward, api, make_nomination):
    for _ in range(3):
        make_nomination(nominees=[someone()], attachments=())

    first = api("unit1").get("/api/v1/nominations/?page_size=2").json()

    if isinstance(first, dict):
        assert first["count"] == 3
        assert len(first["results"]) == 2
        assert first["next"].startswith("http")
        second = api("unit1").get(first["next"]).json()
        assert len(second["results"]) == 1
        assert second["next"] is None
    else:
        assert len(first) == 3


# --- editing ----------------------------------------------------------------------------------------------------


def test_patch_edits_a_draft_and_raises_its_version(ward, api, make_nomination):
    nomination = make_nomination(nominees=[someone()])

    response = api("unit1").patch(
        f"/api/v1/nominations/{nomination.pk}/",
        {"version": nomination.version, "title": "Trích yếu mới", "nominees": [someone(), someone()]},
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["title"] == "Trích yếu mới"
    assert body["version"] == nomination.version + 1
    assert len(body["nominees"]) == 2
    assert body["history"][-1]["transition"] == "edit"


def test_patch_works_on_a_returned_file_then_it_can_be_resubmitted(ward, api, make_nomination):
    nomination = make_nomination(
        nominees=[someone()],
        steps=(("unit1", "submit", ""), ("reviewer", "accept", ""), ("reviewer", "return_for_revision", "Bổ sung")),
    )
    owner = api("unit1")

    patched = owner.patch(f"/api/v1/nominations/{nomination.pk}/", {"summary": "Đã bổ sung biên bản"})
    assert patched.status_code == 200
    resubmitted = move(owner, str(nomination.pk), "submit")
    assert resubmitted["status"] == "submitted"


@pytest.mark.parametrize(
    ("state_steps", "username", "status"),
    [
        ((("unit1", "submit", ""),), "unit1", 409),
        ((("unit1", "submit", ""), ("reviewer", "accept", "")), "unit1", 409),
        ((), "unit2", 404),
        ((), "reviewer", 404),
        (
            (("unit1", "submit", ""), ("reviewer", "accept", ""), ("reviewer", "return_for_revision", "Bổ sung")),
            "reviewer",
            403,
        ),
        ((("unit1", "submit", ""),), "supervisor", 403),
    ],
)
def test_patch_is_refused_outside_draft_or_returned_or_the_own_unit(
    api, make_nomination, state_steps, username, status
):
    nomination = make_nomination(nominees=[someone()], steps=state_steps)
    before = footprint(nomination.pk)

    response = api(username).patch(f"/api/v1/nominations/{nomination.pk}/", {"title": "Sửa trái phép"})

    assert_error(response, status)
    assert footprint(nomination.pk) == before
    assert type(nomination).objects.get(pk=nomination.pk).title == nomination.title


def test_patch_with_a_stale_version_is_409_and_changes_nothing(api, make_nomination):
    nomination = make_nomination(nominees=[someone()])
    api("unit1").patch(f"/api/v1/nominations/{nomination.pk}/", {"version": 1, "title": "Lần một"})
    before = footprint(nomination.pk)

    response = api("unit1").patch(f"/api/v1/nominations/{nomination.pk}/", {"version": 1, "title": "Lần hai"})

    assert_error(response, 409, "stale_version")
    assert footprint(nomination.pk) == before


# --- transitions ------------------------------------------------------------------------------------------------


def test_a_full_title_life_through_the_api(ward, api):
    khom = api("unit2")
    created = new_nomination(
        khom,
        ward,
        award_kind="gia_dinh_hoc_tap",
        nominees=[{"kind": "household", "name": "Hộ ông Nguyễn Văn Tư", "details": {"address": "Khóm Đông Thạnh"}}],
    )
    attach_all(khom, created["id"])
    assert move(khom, created["id"], "submit")["status"] == "submitted"
    assert move(api("reviewer"), created["id"], "accept")["status"] == "under_review"

    recognised = move(api("reviewer"), created["id"], "recognize", "Đạt tiêu chí")

    assert recognised["status"] == "approved"
    assert [n["result"] for n in recognised["nominees"]] == ["approved"]


def test_transition_errors_follow_the_contract(ward, api, make_nomination):
    nomination = make_nomination(nominees=[someone()], steps=(("unit1", "submit", ""), ("reviewer", "accept", "")))
    path = f"/api/v1/nominations/{nomination.pk}/transitions"
    before = footprint(nomination.pk)

    assert_error(api("unit2").post(f"{path}/reject/", {"version": before.version, "comment": "x"}), 404, "not_found")
    assert_error(api("unit1").post(f"{path}/reject/", {"version": before.version, "comment": "x"}), 403)
    assert_error(api("reviewer").post(f"{path}/reject/", {"version": before.version - 1, "comment": "x"}), 409)
    assert_error(api("reviewer").post(f"{path}/accept/", {"version": before.version}), 409, "invalid_transition")
    assert_error(api("reviewer").post(f"{path}/reject/", {"version": before.version}), 400, "comment_required")
    assert_error(api("reviewer").post(f"{path}/reject/", {"comment": "x"}), 400)
    assert_error(api("reviewer").post(f"{path}/reject/", {"version": "abc", "comment": "x"}), 400)
    assert_error(api("reviewer").post(f"{path}/fly/", {"version": before.version}), 404)
    assert footprint(nomination.pk) == before


def test_a_missing_attachment_refusal_names_what_is_missing(api, make_nomination):
    nomination = make_nomination(nominees=[someone()], attachments=("proposal",))

    response = api("unit1").post(
        f"/api/v1/nominations/{nomination.pk}/transitions/submit/",
        {"version": nomination.version},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    body = assert_error(response, 400, "missing_attachments")
    assert "minutes" in body["detail"]
    assert "achievement_report" in body["detail"]


def test_errors_are_vietnamese_by_default_and_english_on_request(api, make_nomination):
    nomination = make_nomination(nominees=[someone()], steps=(("unit1", "submit", ""), ("reviewer", "accept", "")))
    path = f"/api/v1/nominations/{nomination.pk}/transitions/reject/"

    vietnamese = assert_error(api("reviewer").post(path, {"version": nomination.version}), 400, "comment_required")
    english = assert_error(
        api("reviewer").post(path, {"version": nomination.version}, HTTP_ACCEPT_LANGUAGE="en"), 400, "comment_required"
    )

    assert vietnamese["detail"] != english["detail"]
    assert re.search(r"[ạảãáàâấầẩẫậăắằẳẵặđẹẻẽéèêếềểễệịỉĩíìọỏõóòôốồổỗộơớờởỡợụủũúùưứừửữựỵỷỹýỳ]", vietnamese["detail"])
    assert "comment" in english["detail"].lower()
    not_found_en = assert_error(api("unit2").post(path, {"version": 1}, HTTP_ACCEPT_LANGUAGE="en"), 404, "not_found")
    assert not_found_en["detail"] == "Not found."


# --- the queue --------------------------------------------------------------------------------------------------


def test_the_queue_lists_what_waits_for_the_user_oldest_deadline_first(ward, api, make_nomination):
    submit = ("unit1", "submit", "")
    later = make_nomination(nominees=[someone()], steps=(submit,))
    sooner = make_nomination(nominees=[someone()], steps=(submit, ("reviewer", "accept", "")))
    recommended = make_nomination(
        nominees=[someone()], steps=(submit, ("reviewer", "accept", ""), ("reviewer", "recommend", "Đủ"))
    )
    draft = make_nomination(nominees=[someone()])
    today = datetime.date.today()
    for nomination, days in ((later, 9), (sooner, 2)):
        due = today + datetime.timedelta(days=days)
        type(nomination).objects.filter(pk=nomination.pk).update(due_on=due, deadline=due)

    queue = rows(api("reviewer").get("/api/v1/queue/").json())

    assert [row["id"] for row in queue] == [str(sooner.pk), str(later.pk)]
    assert [row["due_on"] for row in queue] == [
        (today + datetime.timedelta(days=2)).isoformat(),
        (today + datetime.timedelta(days=9)).isoformat(),
    ]
    assert [row["available_transitions"] for row in queue] == [
        ["return_for_revision", "reject", "recommend"],
        ["accept"],
    ]
    assert [row["id"] for row in rows(api("secretary").get("/api/v1/queue/").json())] == [str(recommended.pk)]
    assert str(draft.pk) in {row["id"] for row in rows(api("unit1").get("/api/v1/queue/").json())}
    assert rows(api("unit2").get("/api/v1/queue/").json()) == []
    assert rows(api("supervisor").get("/api/v1/queue/").json()) == []


# --- the schema -------------------------------------------------------------------------------------------------


def _resolves(path: str) -> bool:
    for sample in (str(uuid.uuid4()), "1"):
        concrete = path.replace("{id}", sample).replace("{name}", "submit").replace("{code}", "giay_khen")
        try:
            resolve(concrete)
            return True
        except Resolver404:
            continue
    return False


def _shape(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "{}", path)


def test_the_openapi_schema_is_public_and_documents_every_existing_endpoint(db):
    response = APIClient().get("/api/schema/")

    assert response.status_code == 200
    text = response.content.decode()
    schema = json.loads(text) if text.lstrip().startswith("{") else yaml.safe_load(text)
    assert schema["openapi"].startswith("3.")
    documented = {_shape(path) for path in schema["paths"]}
    existing = [path for path in CONTRACT_PATHS if _resolves(path)]
    assert set(LIFECYCLE_PATHS) <= set(existing)
    missing = [path for path in existing if _shape(path) not in documented]
    assert missing == []
    transition = schema["paths"][
        next(p for p in schema["paths"] if _shape(p) == _shape("/api/v1/nominations/{id}/transitions/{name}/"))
    ]
    assert "post" in transition
    nominations = schema["paths"]["/api/v1/nominations/"]
    assert {"get", "post"} <= set(nominations)
    assert {p["name"] for p in nominations["get"].get("parameters", [])} >= {"status", "round", "award_kind"}
