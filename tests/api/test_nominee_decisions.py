"""API.md 1.1 "Per-nominee decisions": exclude and restore one nominee of a file under review."""

from __future__ import annotations

import pytest

from awards.issuance import decision_issue
from core.errors import Refusal
from council.services import council_session_close, council_vote_cast
from nominations.models import Certificate, Nomination, Nominee
from notifications.recipients import recipients_for
from tests.awards.award_steps import VOTERS, convene, person, signed_decision, vote_all
from tests.conftest import ACCEPT, RECOMMEND, SUBMIT
from workflows.models import AuditEntry, OutboxEvent

UNDER_REVIEW = (SUBMIT, ACCEPT)


def _url(nomination, nominee, action):
    return f"/api/v1/nominations/{nomination.pk}/nominees/{nominee.pk}/{action}/"


def test_the_reviewer_excludes_one_nominee_with_a_reason_and_the_unit_is_told(ward, api, make_nomination):
    nomination = make_nomination(steps=UNDER_REVIEW, nominees=[person(), person()])
    kept, dropped = nomination.nominees.order_by("id")

    response = api("reviewer").post(_url(nomination, dropped, "exclude"), {"reason": "Chưa đủ 2 năm công tác"})

    assert response.status_code == 200, response.content
    results = {n["id"]: n["result"] for n in response.json()["nominees"]}
    assert results == {kept.pk: "pending", dropped.pk: "excluded"}
    assert response.json()["status"] == "under_review"
    assert Nominee.objects.get(pk=dropped.pk).result_reason == "Chưa đủ 2 năm công tác"
    entry = AuditEntry.objects.filter(nomination=nomination).latest("seq")
    assert (entry.transition, entry.actor.username) == ("nominee_excluded", "reviewer")
    assert "Chưa đủ 2 năm công tác" in entry.comment
    event = OutboxEvent.objects.get(event="nomination.nominee_excluded")
    assert "unit1" in {user.username for user in recipients_for(event)}


def test_restore_puts_the_nominee_back_to_pending(ward, api, make_nomination):
    nomination = make_nomination(steps=UNDER_REVIEW, nominees=[person(), person()])
    nominee = nomination.nominees.order_by("id").last()
    api("reviewer").post(_url(nomination, nominee, "exclude"), {"reason": "Thiếu minh chứng"})

    response = api("reviewer").post(_url(nomination, nominee, "restore"), {"reason": "Đã có minh chứng"})

    assert response.status_code == 200
    assert Nominee.objects.get(pk=nominee.pk).result == "pending"
    assert list(
        AuditEntry.objects.filter(nomination=nomination, transition__startswith="nominee_").values_list(
            "transition", flat=True
        )
    ) == ["nominee_excluded", "nominee_restored"]


@pytest.mark.parametrize(
    ("who", "steps", "reason", "status", "code"),
    [
        ("reviewer", UNDER_REVIEW, "", 400, "reason_required"),
        ("reviewer", UNDER_REVIEW, "   ", 400, "reason_required"),
        ("unit1", UNDER_REVIEW, "Lý do", 403, "reviewer_only"),
        ("secretary", UNDER_REVIEW, "Lý do", 403, "reviewer_only"),
        ("reviewer", (SUBMIT,), "Lý do", 409, "not_under_review"),
        ("reviewer", (*UNDER_REVIEW, RECOMMEND), "Lý do", 409, "not_under_review"),
    ],
)
def test_refusals_change_nothing(ward, api, make_nomination, who, steps, reason, status, code):
    nomination = make_nomination(steps=steps, nominees=[person(), person()])
    nominee = nomination.nominees.order_by("id").first()
    before = (Nomination.objects.get(pk=nomination.pk).version, AuditEntry.objects.count(), OutboxEvent.objects.count())

    response = api(who).post(_url(nomination, nominee, "exclude"), {"reason": reason})

    assert response.status_code == status, response.content
    assert response.json()["code"] == code
    assert Nominee.objects.get(pk=nominee.pk).result == "pending"
    after = (Nomination.objects.get(pk=nomination.pk).version, AuditEntry.objects.count(), OutboxEvent.objects.count())
    assert after == before


def test_restoring_a_nominee_still_in_is_a_conflict(ward, api, make_nomination):
    nomination = make_nomination(steps=UNDER_REVIEW, nominees=[person()])
    nominee = nomination.nominees.get()

    response = api("reviewer").post(_url(nomination, nominee, "restore"), {"reason": "Lý do"})

    assert (response.status_code, response.json()["code"]) == (409, "nominee_result_conflict")


def test_a_nominee_of_another_file_is_not_found(ward, api, make_nomination):
    nomination = make_nomination(steps=UNDER_REVIEW, nominees=[person()])
    other = make_nomination(steps=UNDER_REVIEW, nominees=[person()])

    response = api("reviewer").post(_url(nomination, other.nominees.get(), "exclude"), {"reason": "Lý do"})

    assert response.status_code == 404
    assert Nominee.objects.get(pk=other.nominees.get().pk).result == "pending"


def test_the_council_votes_only_on_nominees_still_in_and_the_decision_follows(ward, api, make_nomination):
    nomination = make_nomination(steps=UNDER_REVIEW, nominees=[person(), person()])
    kept, dropped = nomination.nominees.order_by("id")
    api("reviewer").post(_url(nomination, dropped, "exclude"), {"reason": "Đã được khen năm trước"})
    api("reviewer").post(
        f"/api/v1/nominations/{nomination.pk}/transitions/recommend/",
        {"version": Nomination.objects.get(pk=nomination.pk).version, "comment": "Đủ điều kiện"},
    )
    session = convene(ward, nomination)

    with pytest.raises(Refusal) as refused:
        council_vote_cast(session_id=session.pk, actor=ward.users["chair"], nominee_id=dropped.pk, choice="agree")
    vote_all(ward, session, kept.pk, dict.fromkeys(VOTERS, "agree"))
    council_session_close(session_id=session.pk, actor=ward.users["chair"])
    decision = signed_decision(ward, [Nomination.objects.get(pk=nomination.pk)])
    decision_issue(decision_id=decision.pk, actor=ward.users["secretary"])

    assert refused.value.status in (400, 409)
    assert Nominee.objects.get(pk=dropped.pk).result == "excluded"
    assert list(Certificate.objects.filter(decision=decision).values_list("nominee_id", flat=True)) == [kept.pk]


def test_a_file_whose_every_nominee_is_excluded_cannot_be_recommended(ward, api, make_nomination):
    nomination = make_nomination(steps=UNDER_REVIEW, nominees=[person()])
    api("reviewer").post(_url(nomination, nomination.nominees.get(), "exclude"), {"reason": "Không đủ tiêu chuẩn"})

    response = api("reviewer").post(
        f"/api/v1/nominations/{nomination.pk}/transitions/recommend/",
        {"version": Nomination.objects.get(pk=nomination.pk).version, "comment": "x"},
    )

    assert (response.status_code, response.json()["code"]) == (400, "no_pending_nominees")
    assert Nomination.objects.get(pk=nomination.pk).status == "under_review"
