"""Faults: the database connection dropped in the middle of a request.

Whatever was under way happened whole or not at all (status, version, audit, outbox, numbers agree), and a
retry once the database is back works. The broker and worker faults are covered in
tests/notifications/test_workers.py (a worker killed mid-delivery; the broker stopped during a transition
and restarted) and tests/notifications/test_delivery.py (a sender dying holding its rows; events a crash
left in the outbox are delivered by the sweep).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import psycopg
import pytest
from django.db import OperationalError, close_old_connections, connection
from django.db.utils import InterfaceError
from rest_framework.test import APIClient

import awards.decisions
import awards.issuance
import workflows.services
from awards.decisions import decision_create, decision_sign
from awards.issuance import decision_issue
from config.celery import app as celery_app
from council.services import council_vote_cast
from demo.catalogues import seed_award_tables
from nominations.models import Certificate, CouncilVote, Decision, Nomination
from notifications.models import Delivery, Notification
from notifications.tasks import sweep_outbox
from tests.awards.award_steps import TO_COUNCIL, approved_files, convene, person, signed_decision
from tests.conftest import SUBMIT
from tests.reliability import figures
from tests.reliability.conftest import postgresql
from tests.workflows.lifecycle import footprint, someone
from workflows.models import AuditEntry, OutboxEvent
from workflows.selectors import flow_disagreements

pytestmark = [postgresql, pytest.mark.django_db(transaction=True)]

DROPPED = (OperationalError, InterfaceError)


def terminate_backend_of_this_connection() -> None:
    """Kill this thread's PostgreSQL backend from another connection, as a failover or restart would."""
    pid = connection.connection.info.backend_pid
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(**params, autocommit=True) as admin:
        # The timeout makes the call wait until the backend is really gone.
        assert admin.execute("SELECT pg_terminate_backend(%s, 5000)", [pid]).fetchone()[0] is True
    figures.count("faults")


def close_the_socket_under_the_transaction() -> None:
    """Close the client side of the connection while a transaction is open, as a network cut would."""
    connection.connection.close()
    figures.count("faults")


def failing_once(monkeypatch: pytest.MonkeyPatch, owner: Any, name: str, fault: Callable[[], None]) -> list[int]:
    """Replace owner.name with a version that injects the fault on its first call, then behaves."""
    original = getattr(owner, name)
    calls: list[int] = []

    @functools.wraps(original)
    def patched(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) == 1:
            fault()
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, patched)
    return calls


def next_request() -> None:
    """What Django does at the start of every request: drop a connection that is no longer usable."""
    close_old_connections()
    if connection.connection is not None and connection.connection.closed:
        connection.close()


def reviewer_client(ward: Any) -> APIClient:
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(ward.users["reviewer"])
    return client


@pytest.fixture(autouse=True)
def _prize_tables(ward):
    seed_award_tables(ward)


@pytest.mark.parametrize(
    ("slow_point", "fault"),
    [
        ("outbox_emit", terminate_backend_of_this_connection),
        ("flow_advance", terminate_backend_of_this_connection),
        ("outbox_emit", close_the_socket_under_the_transaction),
        ("flow_advance", close_the_socket_under_the_transaction),
    ],
)
def test_a_transition_cut_off_from_the_database_happens_not_at_all_and_a_retry_works(
    ward, make_nomination, monkeypatch, settings, slow_point, fault
):
    # given a submitted file, and the database connection lost halfway through the reviewer's "accept"
    nomination = make_nomination(nominees=[someone()], steps=(SUBMIT,))
    before = footprint(nomination.pk)
    failing_once(monkeypatch, workflows.services, slow_point, fault)
    client = reviewer_client(ward)
    url = f"/api/v1/nominations/{nomination.pk}/transitions/accept/"

    # when the request runs into the fault
    cut = client.post(url, {"version": before.version}, format="json")

    # then the reviewer gets a server error and nothing of the transition is left behind
    assert cut.status_code == 500
    next_request()
    assert footprint(nomination.pk) == before

    # and the same request, retried, goes through once, and its notification arrives exactly once
    retried = client.post(url, {"version": before.version}, format="json")
    assert retried.status_code == 200, retried.content
    after = footprint(nomination.pk)
    assert (after.status, after.version) == ("under_review", before.version + 1)
    assert (after.audit_rows, after.outbox_rows) == (before.audit_rows + 1, before.outbox_rows + 1)
    assert flow_disagreements(Nomination.objects.filter(pk=nomination.pk)) == []
    settings.NOTIFICATIONS_SWEEP_AGE_SECONDS = 0
    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)
    sweep_outbox.apply()
    sweep_outbox.apply()  # a second sweep must not deliver anything again
    event = OutboxEvent.objects.get(nomination_id=nomination.pk, event="nomination.accept")
    assert event.processed_at is not None
    notices = Notification.objects.filter(nomination=nomination, recipient=ward.users["unit1"])
    assert notices.count() == 1  # the unit hears of the acceptance once, not of the attempt that failed
    recipients = list(Delivery.objects.filter(event=event, channel="in_app").values_list("recipient_id", flat=True))
    assert recipients
    assert len(recipients) == len(set(recipients))
    assert not OutboxEvent.objects.filter(processed_at__isnull=True).exists()


def test_a_bulk_action_cut_off_halfway_does_none_of_its_files_and_a_retry_does_all(ward, make_nomination, monkeypatch):
    files = [make_nomination(nominees=[someone()], steps=(SUBMIT,)) for _ in range(4)]
    before = {f.pk: footprint(f.pk) for f in files}
    calls = failing_once(monkeypatch, workflows.services, "outbox_emit", lambda: None)
    original = workflows.services.outbox_emit

    def third_item_fails(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) == 3:
            terminate_backend_of_this_connection()
        return original(*args, **kwargs)

    monkeypatch.setattr(workflows.services, "outbox_emit", third_item_fails)
    client = reviewer_client(ward)
    body = {"items": [{"id": str(f.pk), "version": f.version} for f in files]}

    cut = client.post("/api/v1/nominations/bulk/transitions/accept/", body, format="json")

    assert cut.status_code == 500
    next_request()
    assert {pk: footprint(pk) for pk in before} == before
    retried = client.post("/api/v1/nominations/bulk/transitions/accept/", body, format="json")
    assert retried.status_code == 200
    assert [r["status"] for r in retried.json()["results"]] == ["done"] * 4
    assert Nomination.objects.filter(pk__in=before, status="under_review").count() == 4
    assert AuditEntry.objects.filter(nomination_id__in=before, transition="accept").count() == 4


def test_signing_cut_off_takes_no_number_and_the_retry_gets_the_first_one(ward, make_nomination, monkeypatch):
    (approved,) = approved_files(ward, make_nomination)
    draft = decision_create(actor=ward.users["secretary"], nomination_ids=[approved.pk])
    failing_once(monkeypatch, awards.decisions, "outbox_emit", terminate_backend_of_this_connection)

    with pytest.raises(DROPPED):
        decision_sign(decision_id=draft.pk, actor=ward.users["signer"])

    next_request()
    draft.refresh_from_db()
    assert (draft.status, draft.number) == ("draft", None)
    assert Nomination.objects.get(pk=approved.pk).status == "approved"
    assert not AuditEntry.objects.filter(nomination_id=approved.pk, transition="decide").exists()
    signed = decision_sign(decision_id=draft.pk, actor=ward.users["signer"])
    assert (signed.number, signed.number_text) == (1, "01/QĐ-UBND")
    assert Decision.objects.filter(number__isnull=False).count() == 1


def test_issuing_cut_off_creates_no_certificate_and_the_retry_numbers_from_one(ward, make_nomination, monkeypatch):
    (approved,) = approved_files(ward, make_nomination, nominees=[person(), person()])
    decision = signed_decision(ward, [approved])
    failing_once(monkeypatch, awards.issuance, "outbox_emit", close_the_socket_under_the_transaction)

    with pytest.raises(DROPPED):
        decision_issue(decision_id=decision.pk, actor=ward.users["secretary"])

    next_request()
    assert not Certificate.objects.exists()
    assert Decision.objects.get(pk=decision.pk).status == "signed"
    decision_issue(decision_id=decision.pk, actor=ward.users["secretary"])
    assert sorted(Certificate.objects.values_list("register_seq", flat=True)) == [1, 2]
    assert Nomination.objects.get(pk=approved.pk).status == "issued"


def test_a_vote_cut_off_is_not_counted_and_the_retry_counts_once(ward, make_nomination, monkeypatch):
    nomination = make_nomination(steps=TO_COUNCIL, nominees=[person()])
    session = convene(ward, nomination)
    nominee = nomination.nominees.get()
    original_save = CouncilVote.save

    def saved_then_cut(self: CouncilVote, *args: Any, **kwargs: Any) -> None:
        original_save(self, *args, **kwargs)  # the row is written, the commit never arrives
        terminate_backend_of_this_connection()

    with monkeypatch.context() as patch:
        patch.setattr(CouncilVote, "save", saved_then_cut)
        with pytest.raises(DROPPED):
            council_vote_cast(session_id=session.pk, actor=ward.users["member2"], nominee_id=nominee.pk, choice="agree")

    next_request()
    assert not CouncilVote.objects.filter(session=session).exists()
    council_vote_cast(session_id=session.pk, actor=ward.users["member2"], nominee_id=nominee.pk, choice="agree")
    assert CouncilVote.objects.filter(session=session, member=ward.users["member2"]).count() == 1
