"""Races on PostgreSQL: many threads doing the same thing at the same instant; nothing doubled, nothing lost.

The single-transition races live in tests/workflows/test_race.py (twelve threads, one winner, the rest 409).
"""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from awards.decisions import decision_create, decision_sign
from awards.issuance import decision_issue
from core.errors import Refusal
from council.services import council_vote_cast
from demo.catalogues import seed_award_tables
from nominations.models import Certificate, CouncilVote, Decision, Nomination, Nominee
from tests.awards.award_steps import TO_COUNCIL, approved_files, convene, person, signed_decision
from tests.conftest import SUBMIT
from tests.reliability.conftest import postgresql, race
from tests.workflows.lifecycle import footprint, someone
from workflows.models import AuditEntry, OutboxEvent
from workflows.selectors import flow_disagreements

pytestmark = [postgresql, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _prize_tables(ward):
    seed_award_tables(ward)


def test_a_member_casting_the_same_vote_from_many_tabs_leaves_one_vote(ward, make_nomination):
    # given a file on the agenda of an open session
    nomination = make_nomination(steps=TO_COUNCIL, nominees=[person()])
    session = convene(ward, nomination)
    nominee = nomination.nominees.get()
    member = ward.users["member2"]

    # when the member sends "agree" eight times at the same instant
    outcomes = race(
        lambda _: council_vote_cast(session_id=session.pk, actor=member, nominee_id=nominee.pk, choice="agree"),
        range(8),
    )

    # then every request is answered without error and exactly one vote row exists
    assert [o for o in outcomes if isinstance(o, BaseException)] == []
    votes = CouncilVote.objects.filter(session=session, nominee=nominee, member=member)
    assert [v.choice for v in votes] == ["agree"]


def test_a_member_changing_his_vote_concurrently_keeps_one_row_with_one_of_the_choices(ward, make_nomination):
    nomination = make_nomination(steps=TO_COUNCIL, nominees=[person()])
    session = convene(ward, nomination)
    nominee = nomination.nominees.get()
    member = ward.users["member3"]

    outcomes = race(
        lambda choice: council_vote_cast(session_id=session.pk, actor=member, nominee_id=nominee.pk, choice=choice),
        ["agree", "disagree", "abstain"] * 3,
    )

    assert [o for o in outcomes if isinstance(o, BaseException)] == []
    votes = list(CouncilVote.objects.filter(session=session, nominee=nominee, member=member))
    assert len(votes) == 1
    assert votes[0].choice in {"agree", "disagree", "abstain"}


def test_ten_decisions_signed_at_the_same_moment_get_numbers_one_to_ten(ward, make_nomination):
    # given ten drafted decisions, one per approved file
    files = approved_files(ward, make_nomination, count=10)
    drafts = [decision_create(actor=ward.users["secretary"], nomination_ids=[f.pk]) for f in files]
    signer = ward.users["signer"]

    # when the signer's ten clicks arrive together
    outcomes = race(lambda d: decision_sign(decision_id=d.pk, actor=signer), drafts)

    # then all are signed with gapless, unique numbers and each file is decided once
    assert [o for o in outcomes if isinstance(o, BaseException)] == []
    numbers = sorted(Decision.objects.values_list("number", flat=True))
    assert numbers == list(range(1, 11))
    assert len(set(Decision.objects.values_list("number_text", flat=True))) == 10
    assert Nomination.objects.filter(status="decided").count() == 10
    assert AuditEntry.objects.filter(transition="decide").count() == 10


def test_the_same_decision_signed_twice_at_once_is_numbered_once(ward, make_nomination):
    files = approved_files(ward, make_nomination, count=1)
    draft = decision_create(actor=ward.users["secretary"], nomination_ids=[files[0].pk])
    signer = ward.users["signer"]

    outcomes = race(lambda _: decision_sign(decision_id=draft.pk, actor=signer), range(6))

    signed = [o for o in outcomes if isinstance(o, Decision)]
    refused = [o for o in outcomes if isinstance(o, Refusal)]
    assert len(signed) == 1, outcomes
    assert len(refused) == 5, outcomes
    assert {r.status for r in refused} == {409}
    assert list(Decision.objects.values_list("number", flat=True)) == [1]
    assert AuditEntry.objects.filter(nomination_id=files[0].pk, transition="decide").count() == 1


def test_certificates_issued_at_the_same_moment_get_gapless_register_numbers(ward, make_nomination):
    # given eight signed decisions, two of them with two nominees
    files = approved_files(ward, make_nomination, count=6)
    files += approved_files(ward, make_nomination, nominees=[person(), person()])
    files += approved_files(ward, make_nomination, nominees=[person(), person()])
    decisions = [signed_decision(ward, [f]) for f in files]
    expected = Nominee.objects.filter(nomination__in=files).count()
    secretary = ward.users["secretary"]

    # when the secretary issues all of them at the same moment, and each one twice
    outcomes = race(lambda d: decision_issue(decision_id=d.pk, actor=secretary), decisions * 2)

    # then each decision is issued once, the loser of each pair is told 409, and register numbers are gapless
    issued = [o for o in outcomes if isinstance(o, Decision)]
    refused = [o for o in outcomes if isinstance(o, Refusal)]
    assert len(issued) == len(decisions), outcomes
    assert len(refused) == len(decisions), outcomes
    assert {r.status for r in refused} == {409}
    assert sorted(Certificate.objects.values_list("register_seq", flat=True)) == list(range(1, expected + 1))
    assert Certificate.objects.values("nominee").distinct().count() == expected


def _bulk_accept(client: APIClient, items: list[dict]) -> object:
    return client.post("/api/v1/nominations/bulk/transitions/accept/", {"items": items}, format="json")


def test_a_bulk_accept_racing_a_single_accept_does_each_file_once_and_tells_the_loser(ward, make_nomination):
    # given five submitted files
    files = [make_nomination(nominees=[someone()], steps=(SUBMIT,)) for _ in range(5)]
    contested = files[2]
    before = footprint(contested.pk)
    reviewer = ward.users["reviewer"]
    items = [{"id": str(f.pk), "version": f.version} for f in files]

    def act(which: str) -> object:
        client = APIClient()
        client.force_authenticate(reviewer)
        if which == "bulk":
            return _bulk_accept(client, items)
        return client.post(
            f"/api/v1/nominations/{contested.pk}/transitions/accept/", {"version": before.version}, format="json"
        )

    # when the bulk action and a single action on one of its items arrive together (several rounds of it)
    outcomes = race(act, ["bulk", "single"])

    # then every file is accepted exactly once, and whoever lost the contested file was told so
    assert [o for o in outcomes if isinstance(o, BaseException)] == []
    bulk, single = outcomes
    assert bulk.status_code == 200, bulk.content
    contested_result = next(r for r in bulk.json()["results"] if r["id"] == str(contested.pk))
    others = [r for r in bulk.json()["results"] if r["id"] != str(contested.pk)]
    assert {r["status"] for r in others} == {"done"}
    if single.status_code == 200:
        assert (contested_result["status"], contested_result["code"]) == ("refused", "invalid_transition")
    else:
        assert single.status_code == 409, single.content
        assert set(single.json()) >= {"detail", "code"}
        assert contested_result["status"] == "done"
    after = footprint(contested.pk)
    assert (after.status, after.version) == ("under_review", before.version + 1)
    assert (after.audit_rows, after.outbox_rows) == (before.audit_rows + 1, before.outbox_rows + 1)
    for nomination in files:
        assert AuditEntry.objects.filter(nomination_id=nomination.pk, transition="accept").count() == 1
        assert OutboxEvent.objects.filter(nomination_id=nomination.pk, event="nomination.accept").count() == 1
    assert flow_disagreements(Nomination.objects.filter(pk__in=[f.pk for f in files])) == []


def test_two_overlapping_bulk_actions_do_each_file_once_without_deadlock(ward, make_nomination):
    files = [make_nomination(nominees=[someone()], steps=(SUBMIT,)) for _ in range(6)]
    reviewer = ward.users["reviewer"]
    first = [{"id": str(f.pk), "version": f.version} for f in files[:4]]
    second = [{"id": str(f.pk), "version": f.version} for f in reversed(files[2:])]

    def act(items: list[dict]) -> object:
        client = APIClient()
        client.force_authenticate(reviewer)
        return _bulk_accept(client, items)

    outcomes = race(act, [first, second])

    assert [o.status_code for o in outcomes] == [200, 200], outcomes
    results = [r for o in outcomes for r in o.json()["results"]]
    done = [r["id"] for r in results if r["status"] == "done"]
    refused = [r for r in results if r["status"] == "refused"]
    assert sorted(done) == sorted(str(f.pk) for f in files)
    assert {r["code"] for r in refused} <= {"invalid_transition", "stale_version"}
    assert len(refused) == 2
    assert Nomination.objects.filter(pk__in=[f.pk for f in files], status="under_review").count() == 6
