"""Review in steps: intake, assignment, the officer's appraisal and the head's decision, each a human task."""

from __future__ import annotations

import pytest
from viewflow.workflow.models import Task

from nominations.models import Membership, Nomination, ReviewAssignment, Role, User
from notifications.recipients import recipients_for
from tests.awards.award_steps import person
from tests.conftest import SUBMIT
from tests.workflows.review_body import _post, _version
from workflows.models import AuditEntry, OutboxEvent
from workflows.selectors import flow_disagreements
from workflows.services import OPEN_TASK_STATUSES


def _queue(api, who):
    return {row["id"] for row in api(who).get("/api/v1/queue/").json()["results"]}


def _open_task(nomination):
    task = Task.objects.get(
        process__nominationprocess__nomination_id=nomination.pk, flow_task_type="HUMAN", status__in=OPEN_TASK_STATUSES
    )
    return task.flow_task.name, task.owner.username if task.owner else None


def test_a_file_goes_through_intake_assignment_appraisal_and_the_heads_decision(ward, api, body, make_nomination):
    nomination = make_nomination(steps=(SUBMIT,), nominees=[person()])
    # intake: the clerk receives the file
    assert str(nomination.pk) in _queue(api, "clerk")
    received = _post(api, "clerk", nomination, "transitions/accept", {"version": _version(nomination)})
    assert received.status_code == 200, received.content
    assert received.json()["review"]["step"] == "assign"
    assert _open_task(nomination) == ("assign", None)
    assert str(nomination.pk) in _queue(api, "head")
    assert str(nomination.pk) not in _queue(api, "reviewer")
    # assignment: the head picks officer2, who alone gets the file
    assigned = _post(api, "head", nomination, "review/assign", {"officer": "officer2"})
    assert assigned.status_code == 200, assigned.content
    assert _open_task(nomination) == ("appraise", "officer2")
    assert str(nomination.pk) in _queue(api, "officer2")
    assert str(nomination.pk) not in _queue(api, "reviewer")
    assert str(nomination.pk) not in _queue(api, "head")
    told = recipients_for(OutboxEvent.objects.get(event="nomination.assign"))
    assert [u.username for u in told] == ["officer2"]
    # appraisal: officer2 proposes, and may not move the file himself
    direct = _post(
        api, "officer2", nomination, "transitions/recommend", {"version": _version(nomination), "comment": "x"}
    )
    assert (direct.status_code, direct.json()["code"]) == (403, "head_decides")
    proposed = _post(
        api, "officer2", nomination, "review/propose", {"proposal": "recommend", "opinion": "Đủ tiêu chuẩn"}
    )
    assert proposed.status_code == 200, proposed.content
    assert proposed.json()["review"]["step"] == "decision"
    assert _open_task(nomination)[0] == "review_decision"
    assert str(nomination.pk) in _queue(api, "head")
    # the head's decision: send back with a note, then accept the revised proposal
    sent_back = _post(api, "head", nomination, "review/decide", {"accept": False, "note": "Ghi rõ số năm công tác"})
    assert sent_back.status_code == 200, sent_back.content
    assert sent_back.json()["review"]["sent_back_note"] == "Ghi rõ số năm công tác"
    assert _open_task(nomination) == ("appraise", "officer2")
    _post(api, "officer2", nomination, "review/propose", {"proposal": "recommend", "opinion": "Đủ 5 năm công tác"})
    decided = _post(api, "head", nomination, "review/decide", {"accept": True})
    assert decided.status_code == 200, decided.content
    assert decided.json()["status"] == "recommended"
    assert _open_task(nomination) == ("schedule_council", None)
    # the whole history is in the audit chain, one status all along, and the flow agrees with the state
    transitions = list(AuditEntry.objects.filter(nomination=nomination).values_list("transition", flat=True))
    assert transitions[transitions.index("accept") :] == [
        "accept",
        "assign",
        "propose",
        "send_back",
        "propose",
        "recommend",
    ]
    assert flow_disagreements(Nomination.objects.filter(pk=nomination.pk)) == []


def test_the_clerk_may_return_a_file_at_once(ward, api, body, make_nomination):
    nomination = make_nomination(steps=(SUBMIT,), nominees=[person()])
    _post(api, "clerk", nomination, "transitions/accept", {"version": _version(nomination)})

    returned = _post(
        api,
        "clerk",
        nomination,
        "transitions/return_for_revision",
        {"version": _version(nomination), "comment": "Thiếu biên bản họp"},
    )

    assert returned.status_code == 200, returned.content
    assert returned.json()["status"] == "returned"
    assert flow_disagreements(Nomination.objects.filter(pk=nomination.pk)) == []


def _at_decision(api, nomination, officer="officer2", proposal="recommend"):
    _post(api, "clerk", nomination, "transitions/accept", {"version": _version(nomination)})
    _post(api, "head", nomination, "review/assign", {"officer": officer})
    _post(api, officer, nomination, "review/propose", {"proposal": proposal, "opinion": "Ý kiến"})


def test_the_head_may_not_decide_on_his_own_appraisal_where_the_body_asks_for_segregation(
    ward, api, body, make_nomination
):
    Membership.objects.create(user=User.objects.get(username="head"), organization=body, role=Role.REVIEWER)
    nomination = make_nomination(steps=(SUBMIT,), nominees=[person()])
    _at_decision(api, nomination, officer="head")
    before = _version(nomination)

    refused = _post(api, "head", nomination, "review/decide", {"accept": True})

    assert (refused.status_code, refused.json()["code"]) == (403, "segregation_of_duties")
    assert Nomination.objects.get(pk=nomination.pk).status == "under_review"
    assert _version(nomination) == before


def test_without_segregation_one_person_may_run_every_step(ward, api, body, make_nomination):
    body.review_segregation = False
    body.save(update_fields=["review_segregation"])
    Membership.objects.create(user=User.objects.get(username="head"), organization=body, role=Role.REVIEWER)
    nomination = make_nomination(steps=(SUBMIT,), nominees=[person()])
    _at_decision(api, nomination, officer="head")

    decided = _post(api, "head", nomination, "review/decide", {"accept": True})

    assert decided.status_code == 200, decided.content
    assert decided.json()["status"] == "recommended"


@pytest.mark.parametrize(
    ("who", "path", "data", "status", "code"),
    [
        ("reviewer", "review/assign", {"officer": "officer2"}, 403, "assigner_only"),
        ("head", "review/assign", {"officer": "secretary"}, 400, "not_an_officer"),
        ("officer2", "review/propose", {"proposal": "recommend", "opinion": "x"}, 409, "wrong_review_step"),
        ("head", "review/decide", {"accept": True}, 409, "wrong_review_step"),
    ],
)
def test_refusals_at_the_assignment_step_change_nothing(
    ward, api, body, make_nomination, who, path, data, status, code
):
    nomination = make_nomination(steps=(SUBMIT,), nominees=[person()])
    _post(api, "clerk", nomination, "transitions/accept", {"version": _version(nomination)})
    before = (_version(nomination), AuditEntry.objects.filter(nomination=nomination).count())

    response = _post(api, who, nomination, path, data)

    assert (response.status_code, response.json()["code"]) == (status, code)
    assert not ReviewAssignment.objects.exists()
    assert (_version(nomination), AuditEntry.objects.filter(nomination=nomination).count()) == before
    assert _open_task(nomination) == ("assign", None)


@pytest.mark.parametrize(
    ("who", "data", "status", "code"),
    [
        ("reviewer", {"proposal": "recommend", "opinion": "x"}, 403, "not_the_officer"),
        ("officer2", {"proposal": "recognize", "opinion": "x"}, 400, "invalid_proposal"),
        ("officer2", {"proposal": "recommend", "opinion": " "}, 400, "opinion_required"),
    ],
)
def test_refused_proposals_change_nothing(ward, api, body, make_nomination, who, data, status, code):
    nomination = make_nomination(steps=(SUBMIT,), nominees=[person()])
    _post(api, "clerk", nomination, "transitions/accept", {"version": _version(nomination)})
    _post(api, "head", nomination, "review/assign", {"officer": "officer2"})

    response = _post(api, who, nomination, "review/propose", data)

    assert (response.status_code, response.json()["code"]) == (status, code)
    assert ReviewAssignment.objects.get().proposal == ""
    assert _open_task(nomination) == ("appraise", "officer2")


def test_sending_back_needs_a_note(ward, api, body, make_nomination):
    nomination = make_nomination(steps=(SUBMIT,), nominees=[person()])
    _at_decision(api, nomination)

    response = _post(api, "head", nomination, "review/decide", {"accept": False, "note": ""})

    assert (response.status_code, response.json()["code"]) == (400, "note_required")
    assert ReviewAssignment.objects.get().proposal == "recommend"


def test_a_ward_reviewing_in_one_step_keeps_one_appraisal_task(ward, api, make_nomination):
    nomination = make_nomination(steps=(SUBMIT,), nominees=[person()])

    accepted = _post(api, "reviewer", nomination, "transitions/accept", {"version": _version(nomination)})

    assert accepted.json()["review"] is None
    assert _open_task(nomination) == ("appraise", None)
    assert str(nomination.pk) in _queue(api, "reviewer")


def test_the_desk_counts_files_per_state_and_per_holder_and_shows_each_files_tasks(ward, api, body, make_nomination):
    waiting = make_nomination(steps=(SUBMIT,), nominees=[person()])
    assigned = [make_nomination(steps=(SUBMIT,), nominees=[person()]) for _ in range(2)]
    for nomination in assigned:
        _post(api, "clerk", nomination, "transitions/accept", {"version": _version(nomination)})
        _post(api, "head", nomination, "review/assign", {"officer": "officer2"})

    clerk = api("clerk").get("/api/v1/queue/counts/").json()
    head = api("head").get("/api/v1/queue/counts/").json()
    tasks = api("head").get(f"/api/v1/nominations/{assigned[0].pk}/tasks/").json()
    hidden = api("unit2").get(f"/api/v1/nominations/{waiting.pk}/tasks/")

    assert clerk["by_state"] == {"submitted": 1}
    assert head["by_holder"] == [{"username": "officer2", "name": "Đoàn Thị Duyệt", "files": 2}]
    assert [(t["task"], t["holder"], t["finished"] is None) for t in tasks] == [
        ("prepare", "Ngô Thị Hồng", False),
        ("intake", "Lê Văn Tiếp", False),
        ("assign", "Hồ Văn Trưởng", False),
        ("appraise", "Đoàn Thị Duyệt", True),
    ]
    assert all(t["seconds"] is not None for t in tasks[:3])
    assert hidden.status_code == 404


def test_a_rule_by_unit_assigns_the_officer_as_the_file_enters_review(ward, api, body, make_nomination):
    from nominations.models import AssignmentRule

    unit = ward.users["unit1"].memberships.get().unit
    AssignmentRule.objects.create(organization=body, unit=unit, officer=User.objects.get(username="officer2"))
    AssignmentRule.objects.create(organization=body, officer=ward.users["reviewer"])
    nomination = make_nomination(steps=(SUBMIT,), nominees=[person()])
    other = make_nomination(submitter="unit2", steps=(("unit2", "submit", ""),), nominees=[person()])

    received = _post(api, "clerk", nomination, "transitions/accept", {"version": _version(nomination)})
    _post(api, "clerk", other, "transitions/accept", {"version": _version(other)})

    assert received.json()["review"]["step"] == "appraise"
    assert received.json()["review"]["officer"] == "officer2"
    assert _open_task(nomination) == ("appraise", "officer2")
    assert _open_task(other) == ("appraise", "reviewer")
    assert str(nomination.pk) in _queue(api, "officer2")
    assert flow_disagreements(Nomination.objects.filter(pk__in=[nomination.pk, other.pk])) == []


def test_the_case_officer_excludes_a_nominee_while_appraising_and_others_may_not(ward, api, body, make_nomination):
    nomination = make_nomination(steps=(SUBMIT,), nominees=[person(), person()])
    _post(api, "clerk", nomination, "transitions/accept", {"version": _version(nomination)})
    _post(api, "head", nomination, "review/assign", {"officer": "officer2"})
    nominee = nomination.nominees.order_by("id").last()

    other = _post(api, "reviewer", nomination, f"nominees/{nominee.pk}/exclude", {"reason": "Lý do"})
    own = _post(api, "officer2", nomination, f"nominees/{nominee.pk}/exclude", {"reason": "Chưa đủ thời gian"})

    assert (other.status_code, other.json()["code"]) == (403, "head_decides")
    assert own.status_code == 200, own.content
    assert {n["id"]: n["result"] for n in own.json()["nominees"]}[nominee.pk] == "excluded"
