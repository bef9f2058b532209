"""API.md 1.1 "Substitutes": an absence hands the absent user's work to a substitute for its period."""

from __future__ import annotations

import datetime

import pytest
from viewflow.workflow.models import Task

from core import clock
from demo.pki import seed_signing_keys
from nominations.models import Absence, Decision, Membership, Nomination, Role, User
from notifications.recipients import recipients_for
from tests.accounts.otp import api_client_for
from tests.awards.award_steps import approved_files, person
from tests.conftest import PASSWORD, SUBMIT
from workflows.absences import absences_begin
from workflows.claims import task_claim
from workflows.models import AuditEntry, OutboxEvent
from workflows.services import OPEN_TASK_STATUSES

TODAY = datetime.date.today


@pytest.fixture
def api(ward):
    """A client per call with the user loaded afresh, as each request loads it (roles change with absences)."""

    def client_for(username):
        return api_client_for(User.objects.get(username=username))

    return client_for


@pytest.fixture
def colleague(ward):
    """A second reviewer of the ward, and a vice-chairman who may stand in for the signer."""
    reviewer2 = User.objects.create_user("reviewer2", password=PASSWORD, full_name="Đoàn Thị Duyệt")
    Membership.objects.create(user=reviewer2, organization=ward.organization, role=Role.REVIEWER)
    deputy = User.objects.create_user("deputy", password=PASSWORD, full_name="Phan Văn Phó")
    Membership.objects.create(user=deputy, organization=ward.organization, role=Role.BROADCASTER)
    ward.users.update(reviewer2=reviewer2, deputy=deputy)
    return reviewer2


def _absence(api, who, substitute, starts=0, ends=5):
    today = clock.today()
    return api(who).post(
        "/api/v1/absences/",
        {
            "starts_on": (today + datetime.timedelta(days=starts)).isoformat(),
            "ends_on": (today + datetime.timedelta(days=ends)).isoformat(),
            "substitute": substitute,
        },
    )


def _queue(api, who):
    return {row["id"] for row in api(who).get("/api/v1/queue/").json()["results"]}


def _owner(nomination):
    task = Task.objects.get(
        process__nominationprocess__nomination_id=nomination.pk, flow_task_type="HUMAN", status__in=OPEN_TASK_STATUSES
    )
    return task.owner.username if task.owner else None


def test_the_signers_substitute_signs_and_the_decision_records_for_whom(ward, api, make_nomination, colleague):
    # given the signer away with the deputy as substitute, and a drafted decision
    (approved,) = approved_files(ward, make_nomination)
    response = _absence(api, "signer", "deputy")
    assert response.status_code == 201, response.content
    decision = api("secretary").post("/api/v1/decisions/", {"nominations": [str(approved.pk)]}, format="json")
    assert decision.status_code == 201, decision.content
    # when the deputy signs, with his own key
    seed_signing_keys(ward.organization, [ward.users["deputy"]])
    signed = api("deputy").post(f"/api/v1/decisions/{decision.json()['id']}/sign/", {})
    # then the decision is signed by the deputy for the signer
    assert signed.status_code == 200, signed.content
    assert (signed.json()["signed_by"], signed.json()["signed_for"]) == ("deputy", "signer")
    assert Decision.objects.get(pk=decision.json()["id"]).signed_for == ward.users["signer"]
    assert signed.json()["signature"]["signatures"][0]["signer"] == "Phan Văn Phó"


def test_the_signer_signing_in_person_records_no_substitute(ward, api, make_nomination):
    (approved,) = approved_files(ward, make_nomination)
    decision = api("secretary").post("/api/v1/decisions/", {"nominations": [str(approved.pk)]}, format="json")

    signed = api("signer").post(f"/api/v1/decisions/{decision.json()['id']}/sign/", {})

    assert signed.status_code == 200, signed.content
    assert (signed.json()["signed_by"], signed.json()["signed_for"]) == ("signer", None)


def test_while_the_reviewer_is_away_the_substitute_gets_the_queue_the_claimed_task_and_the_notices(
    ward, api, make_nomination, colleague
):
    # given a submitted file the deputy (not a reviewer) cannot see in a queue, one the reviewer claimed
    claimed = make_nomination(steps=(SUBMIT,), nominees=[person()])
    task_claim(nomination_id=claimed.pk, actor=ward.users["reviewer"])
    assert _queue(api, "deputy") == set()
    # when the reviewer records an absence from today with the deputy as substitute
    response = _absence(api, "reviewer", "deputy")
    # then the claimed task moved, with both names in the file's history
    assert response.status_code == 201, response.content
    assert _owner(claimed) == "deputy"
    entry = AuditEntry.objects.filter(nomination=claimed).latest("seq")
    assert entry.transition == "reassign"
    assert "Trần Văn Học" in entry.comment
    assert "Phan Văn Phó" in entry.comment
    # and the queue and new files reach the deputy, who may act on them
    fresh = make_nomination(steps=(SUBMIT,), nominees=[person()])
    assert _queue(api, "deputy") == {str(claimed.pk), str(fresh.pk)}
    accepted = api("deputy").post(f"/api/v1/nominations/{fresh.pk}/transitions/accept/", {"version": fresh.version})
    assert accepted.status_code == 200, accepted.content
    # and notices for the reviewer's role go to the deputy instead of the reviewer
    event = OutboxEvent.objects.filter(event="nomination.submit", nomination=fresh).get()
    told = {user.username for user in recipients_for(event)}
    assert "deputy" in told
    assert "reviewer" not in told
    # and the deputy was told of the handover by name
    handover = OutboxEvent.objects.get(event="absence.recorded")
    assert [user.username for user in recipients_for(handover)] == ["deputy"]


def test_an_absence_that_starts_later_hands_over_on_its_first_day(ward, api, make_nomination, colleague):
    nomination = make_nomination(steps=(SUBMIT,), nominees=[person()])
    task_claim(nomination_id=nomination.pk, actor=ward.users["reviewer"])

    response = _absence(api, "reviewer", "reviewer2", starts=2, ends=4)
    before = _owner(nomination)
    moved = absences_begin(on=clock.today() + datetime.timedelta(days=2))

    assert response.status_code == 201
    assert (before, moved, _owner(nomination)) == ("reviewer", 1, "reviewer2")


def test_after_a_cancelled_absence_the_substitute_holds_nothing(ward, api, make_nomination, colleague):
    nomination = make_nomination(steps=(SUBMIT,), nominees=[person()])
    absence = _absence(api, "reviewer", "deputy").json()

    cancelled = api("reviewer").post(f"/api/v1/absences/{absence['id']}/cancel/")
    listed = api("reviewer").get("/api/v1/absences/").json()

    assert cancelled.status_code == 200
    assert cancelled.json()["cancelled"] is True
    assert [(a["id"], a["cancelled"]) for a in listed] == [(absence["id"], True)]
    assert _queue(api, "deputy") == set()
    refused = api("deputy").post(f"/api/v1/nominations/{nomination.pk}/transitions/accept/", {"version": 2})
    assert refused.status_code == 404  # a broadcaster again, who sees no files at all


def test_someone_else_cannot_cancel_an_absence(ward, api, colleague):
    absence = _absence(api, "reviewer", "deputy").json()

    response = api("deputy").post(f"/api/v1/absences/{absence['id']}/cancel/")

    assert response.status_code == 404
    assert Absence.objects.get(pk=absence["id"]).cancelled_at is None


@pytest.mark.parametrize(
    ("substitute", "starts", "ends", "status", "code"),
    [
        ("reviewer", 0, 3, 400, "invalid_substitute"),
        ("nobody", 0, 3, 400, "invalid_substitute"),
        ("city_reviewer", 0, 3, 400, "invalid_substitute"),
        ("deputy", 3, 1, 400, "invalid_period"),
        ("deputy", -5, -1, 400, "invalid_period"),
    ],
)
def test_an_invalid_absence_is_refused_and_nothing_is_recorded(
    ward, api, colleague, substitute, starts, ends, status, code
):

    if substitute == "city_reviewer":
        User.objects.create_user("city_reviewer", password=PASSWORD)

    response = _absence(api, "reviewer", substitute, starts, ends)

    assert (response.status_code, response.json()["code"]) == (status, code)
    assert not Absence.objects.exists()
    assert not OutboxEvent.objects.filter(event="absence.recorded").exists()


def test_overlapping_absences_are_refused(ward, api, colleague):
    _absence(api, "reviewer", "deputy", 0, 5)

    mine = _absence(api, "reviewer", "reviewer2", 3, 8)
    theirs = _absence(api, "reviewer2", "reviewer", 1, 2)

    assert (mine.status_code, mine.json()["code"]) == (409, "absence_overlap")
    assert (theirs.status_code, theirs.json()["code"]) == (409, "substitute_absent")
    assert Absence.objects.count() == 1


def test_an_administrator_reassigns_a_task_with_a_reason(ward, api, make_nomination, colleague):
    nomination = make_nomination(steps=(SUBMIT,), nominees=[person()])
    task_claim(nomination_id=nomination.pk, actor=ward.users["reviewer"])

    response = api("admin").post(
        f"/api/v1/nominations/{nomination.pk}/task/reassign/", {"to": "reviewer2", "reason": "Cân đối công việc"}
    )

    assert response.status_code == 200, response.content
    assert _owner(nomination) == "reviewer2"
    entry = AuditEntry.objects.filter(nomination=nomination).latest("seq")
    assert (entry.transition, entry.actor_name) == ("reassign", "admin")
    assert "Trần Văn Học" in entry.comment
    assert "Cân đối công việc" in entry.comment
    event = OutboxEvent.objects.get(event="nomination.task_reassigned")
    assert {u.username for u in recipients_for(event)} == {"reviewer", "reviewer2"}


@pytest.mark.parametrize(
    ("who", "to", "reason", "status", "code"),
    [
        ("reviewer", "reviewer2", "Lý do", 403, "admin_only"),
        ("admin", "reviewer2", "", 400, "reason_required"),
        ("admin", "secretary", "Lý do", 400, "not_a_holder"),
        ("admin", "nobody", "Lý do", 400, "not_a_holder"),
    ],
)
def test_a_refused_reassignment_changes_nothing(ward, api, make_nomination, colleague, who, to, reason, status, code):
    nomination = make_nomination(steps=(SUBMIT,), nominees=[person()])
    task_claim(nomination_id=nomination.pk, actor=ward.users["reviewer"])
    entries = AuditEntry.objects.filter(nomination=nomination).count()

    response = api(who).post(f"/api/v1/nominations/{nomination.pk}/task/reassign/", {"to": to, "reason": reason})

    assert (response.status_code, response.json()["code"]) == (status, code)
    assert _owner(nomination) == "reviewer"
    assert AuditEntry.objects.filter(nomination=nomination).count() == entries
    assert Nomination.objects.get(pk=nomination.pk).status == "submitted"
