import uuid

from nominations.models import Nomination, NomineeResult
from scoring.defaults import seed_default_criteria
from scoring.services import score_review
from tests.conftest import SUBMIT, individual
from workflows.models import AuditEntry, OutboxEvent


def state(nomination: Nomination) -> tuple[str, int, int, int]:
    fresh = Nomination.objects.get(pk=nomination.pk)
    return fresh.status, fresh.version, fresh.audit_entries.count(), fresh.outbox_events.count()


def item(nomination: Nomination, version: int | None = None) -> dict:
    current = Nomination.objects.get(pk=nomination.pk).version
    return {"id": str(nomination.pk), "version": current if version is None else version}


def test_bulk_accept_does_each_file_that_passes_and_reports_each_refusal(api, make_nomination):
    first = make_nomination(nominees=[individual("Trần Thị Một")], steps=(SUBMIT,))
    second = make_nomination(nominees=[individual("Trần Thị Hai")], steps=(SUBMIT,))
    stale = make_nomination(nominees=[individual("Trần Thị Ba")], steps=(SUBMIT,))
    draft = make_nomination(nominees=[individual("Trần Thị Bốn")])
    before = {n.pk: state(n) for n in (stale, draft)}
    missing = str(uuid.uuid4())

    response = api("reviewer").post(
        "/api/v1/nominations/bulk/transitions/accept/",
        {
            "items": [item(first), item(stale, version=1), item(draft), {"id": missing, "version": 1}, item(second)],
            "comment": "Tiếp nhận đợt 1",
        },
        format="json",
    )

    assert response.status_code == 200
    body = response.json()
    assert [(r["id"], r["status"], r["code"]) for r in body["results"]] == [
        (str(first.pk), "done", None),
        (str(stale.pk), "refused", "stale_version"),
        (str(draft.pk), "refused", "not_found"),
        (missing, "refused", "not_found"),
        (str(second.pk), "done", None),
    ]
    assert all(r["detail"] for r in body["results"] if r["status"] == "refused")
    for done in (first, second):
        assert Nomination.objects.get(pk=done.pk).status == "under_review"
        accepted = AuditEntry.objects.filter(nomination_id=done.pk, transition="accept")
        assert list(accepted.values_list("comment", flat=True)) == ["Tiếp nhận đợt 1"]
    assert {n.pk: state(n) for n in (stale, draft)} == before
    events = OutboxEvent.objects.filter(event="nomination.accept")
    assert sorted(e.nomination_id for e in events) == sorted([first.pk, second.pk])
    assert {e.payload["batch"] for e in events} == {body["batch"]}


def test_bulk_submit_refuses_a_file_whose_guard_fails_and_still_submits_the_others(api, make_nomination):
    complete = make_nomination(nominees=[individual("Trần Thị Một")])
    incomplete = make_nomination(nominees=[individual("Trần Thị Hai")], attachments=("proposal",))
    before = state(incomplete)

    response = api("unit1").post(
        "/api/v1/nominations/bulk/transitions/submit/",
        {"items": [item(complete), item(incomplete)]},
        format="json",
    )

    assert [(r["status"], r["code"]) for r in response.json()["results"]] == [
        ("done", None),
        ("refused", "missing_attachments"),
    ]
    assert Nomination.objects.get(pk=complete.pk).status == "submitted"
    assert state(incomplete) == before


def test_a_file_listed_twice_is_done_once(api, make_nomination):
    nomination = make_nomination(steps=(SUBMIT,))

    response = api("reviewer").post(
        "/api/v1/nominations/bulk/transitions/accept/",
        {"items": [item(nomination), item(nomination)]},
        format="json",
    )

    assert [r["status"] for r in response.json()["results"]] == ["done", "refused"]
    assert AuditEntry.objects.filter(nomination_id=nomination.pk, transition="accept").count() == 1


def test_bulk_recognition_sets_each_households_result_by_its_scores(ward, api, make_nomination):
    criteria = {s.award_kind.code: s for s in seed_default_criteria(ward.award_kinds)}["gia_dinh_hoc_tap"]
    steps = (("unit2", "submit", ""), ("reviewer", "accept", ""))
    files = [
        make_nomination(
            submitter="unit2",
            award="gia_dinh_hoc_tap",
            nominees=[
                {"kind": "household", "name": f"Hộ {n}", "details": {"address": "Khóm Đông Thạnh"}},
                {"kind": "household", "name": f"Hộ {n} khác", "details": {"address": "Khóm Đông Thạnh"}},
            ],
            steps=steps,
        )
        for n in range(3)
    ]
    for nomination in files:
        passing = nomination.nominees.order_by("order").first()
        score_review(
            nomination_id=nomination.pk,
            actor=ward.users["reviewer"],
            scores=[
                {"nominee": passing.pk, "criterion": c.code, "points": c.max_points} for c in criteria.criteria.all()
            ],
        )

    response = api("reviewer").post(
        "/api/v1/nominations/bulk/transitions/recognize/",
        {"items": [item(n) for n in files], "comment": "Công nhận"},
        format="json",
    )

    assert [r["status"] for r in response.json()["results"]] == ["done"] * 3
    for nomination in files:
        results = list(nomination.nominees.order_by("order").values_list("result", flat=True))
        assert results == [NomineeResult.APPROVED, NomineeResult.NOT_APPROVED]
    assert (
        OutboxEvent.objects.filter(event="nomination.recognize", unit_id=ward.units["Khóm Đông Thạnh"].pk).count() == 3
    )


def test_an_unknown_bulk_transition_is_not_found_and_changes_nothing(api, make_nomination):
    nomination = make_nomination(steps=(SUBMIT,))
    before = state(nomination)

    response = api("reviewer").post(
        "/api/v1/nominations/bulk/transitions/decide/", {"items": [item(nomination)]}, format="json"
    )

    assert (response.status_code, response.json()["code"]) == (404, "unknown_transition")
    assert state(nomination) == before
