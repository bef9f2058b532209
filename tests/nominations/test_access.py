"""Who may see and move a file: every demo role × every public transition × every state (API.md, SPEC.md §1)."""

from __future__ import annotations

import io

import pytest

from demo.files import DEMO_PDF
from nominations.models import Membership, Nomination, Role, User
from nominations.states import PUBLIC_TRANSITIONS
from tests.conftest import SUBMIT, individual
from tests.workflows.lifecycle import (
    DEMO_ROLES,
    WALKS,
    can_see,
    expected_status,
    footprint,
    some_household,
    someone,
)

STATES = [*WALKS, "under_review_title"]


def build(make_nomination, state: str) -> Nomination:
    """A complete file of unit1 in the given state (the title-track one is a Gia đình học tập file)."""
    if state == "under_review_title":
        return make_nomination(
            award="gia_dinh_hoc_tap",
            nominees=[some_household()],
            steps=WALKS["under_review"],
        )
    # a distinct person per file, so the duplicate-award guard stays out of the way
    return make_nomination(nominees=[someone()], steps=WALKS[state])


def url(nomination: Nomination, name: str | None = None) -> str:
    base = f"/api/v1/nominations/{nomination.pk}/"
    return f"{base}transitions/{name}/" if name else base


@pytest.mark.parametrize("name", PUBLIC_TRANSITIONS)
@pytest.mark.parametrize("state", STATES)
def test_every_role_gets_exactly_the_answer_the_contract_gives(api, make_nomination, state, name):
    # given one complete file of unit1 in this state
    shared = build(make_nomination, state)
    status, track = shared.status, shared.award_kind.track
    winners = []
    for username in DEMO_ROLES:
        expected = expected_status(username, name, status=status, track=track)
        # a success needs its own file: the shared one must stay in its state for the next user
        nomination = build(make_nomination, state) if expected == 200 else shared
        before = footprint(nomination.pk)

        # when this user asks for the transition with the current version and a comment
        response = api(username).post(url(nomination, name), {"version": before.version, "comment": "Lý do"})

        # then the answer is the contract's, and a refusal changed nothing
        assert response.status_code == expected, (username, state, name, response.json())
        assert set(response.json()) >= ({"id", "status"} if expected == 200 else {"detail", "code"})
        if expected == 200:
            winners.append(username)
            assert footprint(nomination.pk).version == before.version + 1
        else:
            assert footprint(nomination.pk) == before
    # exactly one kind of person may perform each possible transition
    assert len(winners) <= 1


@pytest.mark.parametrize("state", STATES)
def test_available_transitions_match_what_each_role_may_do(api, make_nomination, state):
    nomination = build(make_nomination, state)
    for username in DEMO_ROLES:
        response = api(username).get(url(nomination))
        if not can_see(username, status=nomination.status, owner="unit1"):
            assert response.status_code == 404, username
            continue
        expected = [
            name
            for name in PUBLIC_TRANSITIONS
            if expected_status(username, name, status=nomination.status, track=nomination.award_kind.track) == 200
        ]
        assert response.status_code == 200, username
        assert response.json()["available_transitions"] == expected, username


def test_another_units_file_answers_404_never_403(api, make_nomination):
    draft = build(make_nomination, "draft")
    submitted = build(make_nomination, "submitted")
    returned = build(make_nomination, "returned")
    for nomination in (draft, submitted, returned):
        client = api("unit2")
        assert client.get(url(nomination)).status_code == 404
        for name in PUBLIC_TRANSITIONS:
            response = client.post(url(nomination, name), {"version": nomination.version, "comment": "x"})
            assert response.status_code == 404
            assert response.json()["code"] == "not_found"
        assert client.patch(url(nomination), {"title": "Sửa"}).status_code == 404
        upload = io.BytesIO(DEMO_PDF)
        upload.name = "a.pdf"
        response = client.post(
            url(nomination) + "attachments/", {"file": upload, "kind": "evidence"}, format="multipart"
        )
        assert response.status_code == 404
        # and the answer is the same as for a file that does not exist
        assert client.get("/api/v1/nominations/00000000-0000-0000-0000-000000000000/").status_code == 404
        listed = client.get("/api/v1/nominations/").json()
        rows = listed["results"] if isinstance(listed, dict) else listed
        assert str(nomination.pk) not in {row["id"] for row in rows}


@pytest.mark.parametrize("username", ["reviewer", "secretary", "chair", "member1", "signer", "supervisor"])
def test_drafts_stay_inside_their_unit(api, make_nomination, username):
    draft = build(make_nomination, "draft")
    submitted = build(make_nomination, "submitted")
    client = api(username)

    listed = client.get("/api/v1/nominations/").json()
    ids = {row["id"] for row in (listed["results"] if isinstance(listed, dict) else listed)}

    assert client.get(url(draft)).status_code == 404
    assert str(draft.pk) not in ids
    assert client.get(url(submitted)).status_code == 200
    assert str(submitted.pk) in ids


def test_the_supervisor_reads_every_submitted_file_and_changes_nothing(api, make_nomination):
    client = api("supervisor")
    for state in ("submitted", "under_review", "returned", "recommended", "rejected", "withdrawn"):
        nomination = build(make_nomination, state)
        before = footprint(nomination.pk)
        detail = client.get(url(nomination))
        assert detail.status_code == 200
        assert detail.json()["available_transitions"] == []
        for name in PUBLIC_TRANSITIONS:
            response = client.post(url(nomination, name), {"version": before.version, "comment": "Giám sát"})
            assert response.status_code == 403, (state, name)
            assert response.json()["code"] == "read_only"
        assert client.patch(url(nomination), {"title": "Giám sát sửa"}).status_code == 403
        upload = io.BytesIO(DEMO_PDF)
        upload.name = "a.pdf"
        assert (
            client.post(url(nomination) + "attachments/", {"file": upload, "kind": "evidence"}, format="multipart")
        ).status_code == 403
        assert footprint(nomination.pk) == before
    response = client.post("/api/v1/nominations/", {"round": 1, "award_kind": "giay_khen", "title": "x"})
    assert response.status_code in (400, 403)
    assert not Nomination.objects.filter(created_by__username="supervisor").exists()


def _submitter_and_reviewer(ward) -> User:
    user = User.objects.create_user(username="kiemnhiem", password="x", full_name="Cán bộ kiêm nhiệm")
    Membership.objects.create(
        user=user, organization=ward.organization, unit=ward.units["Hội Liên hiệp Phụ nữ phường"], role=Role.SUBMITTER
    )
    Membership.objects.create(
        user=user, organization=ward.organization, unit=ward.units["Hội Khuyến học phường"], role=Role.REVIEWER
    )
    return user


def test_the_submitter_never_appraises_his_own_file(ward, api, make_nomination):
    # given a person who both submits for unit1 and reviews for the ward, and a file he submitted
    user = _submitter_and_reviewer(ward)
    ward.users["kiemnhiem"] = user
    nomination = make_nomination(submitter="kiemnhiem", steps=(("kiemnhiem", "submit", ""),))
    before = footprint(nomination.pk)

    # when he tries to accept it
    response = api("kiemnhiem").post(url(nomination, "accept"), {"version": before.version})

    # then he is refused for segregation of duties, nothing changed, and accept is not offered to him
    assert response.status_code == 403
    assert response.json()["code"] == "segregation_of_duties"
    assert footprint(nomination.pk) == before
    assert "accept" not in api("kiemnhiem").get(url(nomination)).json()["available_transitions"]
    # while the ward's other reviewer may
    assert api("reviewer").post(url(nomination, "accept"), {"version": before.version}).status_code == 200


def test_a_reviewer_from_the_nominating_unit_may_not_appraise_a_colleagues_file(ward, api, make_nomination):
    user = _submitter_and_reviewer(ward)
    nomination = make_nomination(steps=(SUBMIT,))
    client = api("unit1")
    client.force_authenticate(user)

    response = client.post(url(nomination, "accept"), {"version": nomination.version})

    assert response.status_code == 403
    assert response.json()["code"] == "segregation_of_duties"


def test_a_file_created_by_unit1_is_not_appraised_by_its_creator_even_via_another_unit(ward, make_nomination):
    nomination = make_nomination(nominees=[individual("Trần Thị B")], steps=(SUBMIT,))
    assert nomination.created_by_id == ward.users["unit1"].pk
    Membership.objects.create(
        user=ward.users["unit1"],
        organization=ward.organization,
        unit=ward.units["Hội Khuyến học phường"],
        role=Role.REVIEWER,
    )
    from core.errors import Refusal
    from workflows.services import nomination_transition

    user = User.objects.get(pk=ward.users["unit1"].pk)
    with pytest.raises(Refusal) as caught:
        nomination_transition(nomination_id=nomination.pk, name="accept", actor=user, version=nomination.version)
    assert caught.value.code == "segregation_of_duties"
