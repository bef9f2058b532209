"""The audit chains as an attacker with database access would meet them: every rewrite, cut or deletion made
with raw SQL is reported by verify_audit, naming the chain; the anchors and seals refuse to be changed."""

from __future__ import annotations

import datetime
import hashlib

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.utils import timezone

from notifications.models import Notification
from notifications.services import event_deliver
from tests.awards.award_steps import VOTERS, convene, person, vote_all
from tests.conftest import ACCEPT, RECOMMEND, SUBMIT
from workflows import tasks
from workflows.audit import audit_record, decisions_chain, nomination_chain, session_chain
from workflows.audit_integrity import ALERT_EVENT, audit_seal, audit_verify
from workflows.models import AuditAnchor, AuditDigest, AuditEntry, OutboxEvent
from workflows.services import nomination_transition

TO_COUNCIL = (SUBMIT, ACCEPT, RECOMMEND)


def _pk(nomination):
    return nomination.pk.hex if connection.vendor == "sqlite" else nomination.pk


def _raw(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        return cursor.rowcount


def test_a_clean_database_verifies_clean_across_file_session_and_decision_chains(ward, make_nomination):
    # given files, a council session with votes, and a seal
    nomination = make_nomination(nominees=[person()], steps=TO_COUNCIL)
    make_nomination(nominees=[person()], steps=(SUBMIT,))
    session = convene(ward, nomination)
    vote_all(ward, session, nomination.nominees.get().pk, dict.fromkeys(VOTERS, "agree"))
    audit_seal()

    # when everything is verified
    report = audit_verify()

    # then every chain holds, the session's chain included, and nothing is reported
    assert report.problems == []
    assert report.chains == 3
    votes = AuditEntry.objects.filter(chain=session_chain(session.pk), transition="vote_cast")
    assert sorted(votes.values_list("details__member", flat=True)) == sorted(VOTERS)
    assert all(entry.key_id for entry in AuditEntry.objects.all())


def test_rewriting_an_entry_with_raw_sql_is_reported_naming_the_chain(make_nomination):
    nomination = make_nomination(steps=TO_COUNCIL)
    target = AuditEntry.objects.get(nomination_id=nomination.pk, transition="recommend")

    assert _raw("UPDATE workflows_auditentry SET comment = %s WHERE id = %s", ["Không đủ", target.pk]) == 1

    report = audit_verify()
    assert [(p.chain, p.seq) for p in report.problems] == [(nomination_chain(nomination.pk), target.seq)]
    with pytest.raises(CommandError, match=f"{nomination_chain(nomination.pk)} entry #{target.seq}"):
        call_command("verify_audit")


def test_rewriting_without_the_key_cannot_pass_as_an_old_unkeyed_entry(make_nomination):
    # given an attacker who recomputes the unkeyed SHA-256 of old entries for a rewritten tail entry
    nomination = make_nomination(steps=TO_COUNCIL)
    last = AuditEntry.objects.filter(nomination_id=nomination.pk).order_by("-seq").first()
    last.comment, last.key_id = "Sửa lén", ""
    forged = hashlib.sha256(last.canonical()).hexdigest()
    _raw(
        "UPDATE workflows_auditentry SET comment = %s, key_id = '', hash = %s WHERE id = %s",
        ["Sửa lén", forged, last.pk],
    )

    report = audit_verify()

    assert [p.chain for p in report.problems] == [nomination_chain(nomination.pk)]
    assert "unkeyed" in report.problems[0].reason


def test_truncating_a_chain_with_raw_sql_is_reported_naming_the_chain(make_nomination):
    # given a file whose last two entries are cut off: what remains still links and verifies on its own
    nomination = make_nomination(steps=TO_COUNCIL)
    length = AuditEntry.objects.filter(nomination_id=nomination.pk).count()
    deleted = _raw(
        "DELETE FROM workflows_auditentry WHERE nomination_id = %s AND seq > %s", [_pk(nomination), length - 2]
    )
    assert deleted == 2

    report = audit_verify()

    assert [p.chain for p in report.problems] == [nomination_chain(nomination.pk)]
    assert f"anchored at {length} entries, {length - 2} remain" in report.problems[0].reason
    with pytest.raises(CommandError, match=nomination_chain(nomination.pk)):
        call_command("verify_audit")


def test_deleting_a_whole_chain_with_raw_sql_is_reported_naming_the_chain(ward, make_nomination):
    nomination = make_nomination(steps=TO_COUNCIL)
    session = convene(ward, nomination)
    chain = session_chain(session.pk)
    assert AuditEntry.objects.filter(chain=chain).exists()

    _raw("DELETE FROM workflows_auditentry WHERE chain = %s", [chain])

    report = audit_verify()
    assert [p.chain for p in report.problems] == [chain]
    assert "chain deleted" in report.problems[0].reason


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_the_anchors_and_seals_refuse_update_and_delete_in_the_database(make_nomination):
    nomination = make_nomination(steps=(SUBMIT,))
    audit_seal()
    before = list(AuditAnchor.objects.values_list("chain", "length", "head_hash"))

    for statement in (
        "UPDATE workflows_auditanchor SET length = 1",
        "DELETE FROM workflows_auditanchor",
        "DELETE FROM workflows_auditdigest",
        "UPDATE workflows_auditdigest SET mac = ''",
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            _raw(statement)

    assert list(AuditAnchor.objects.values_list("chain", "length", "head_hash")) == before
    assert AuditDigest.objects.count() == 1
    assert nomination.pk


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_deleting_a_chain_with_its_anchors_behind_the_trigger_is_caught_by_the_seal(make_nomination):
    # given a sealed log, and an attacker who can switch the append-only trigger off
    nomination = make_nomination(steps=TO_COUNCIL)
    make_nomination(nominees=[person()], steps=(SUBMIT,))
    seal = audit_seal()
    chain = nomination_chain(nomination.pk)

    _raw("ALTER TABLE workflows_auditanchor DISABLE TRIGGER workflows_auditanchor_append_only")
    _raw("DELETE FROM workflows_auditanchor WHERE chain = %s", [chain])
    _raw("ALTER TABLE workflows_auditanchor ENABLE TRIGGER workflows_auditanchor_append_only")
    _raw("DELETE FROM workflows_auditentry WHERE chain = %s", [chain])

    report = audit_verify()

    assert [p.chain for p in report.problems] == [f"seal:{seal.pk}"]
    assert "anchors were changed" in report.problems[0].reason


def test_an_unsealed_log_older_than_the_seal_period_is_reported(make_nomination, settings):
    make_nomination(steps=(SUBMIT,))
    settings.VINHDANH_AUDIT_SEAL_OVERDUE = datetime.timedelta(seconds=-1)

    report = audit_verify()

    assert [p.chain for p in report.problems] == ["seal"]
    audit_seal()
    assert audit_verify().problems == []


def test_entries_written_under_a_retired_key_still_verify_after_rotation(ward, make_nomination, settings):
    nomination = make_nomination(steps=(SUBMIT, ACCEPT))
    old_key = settings.VINHDANH_AUDIT_KEY
    settings.VINHDANH_AUDIT_KEY = "rotated-" + "k" * 40
    settings.VINHDANH_AUDIT_RETIRED_KEYS = [old_key]
    nomination_transition(
        nomination_id=nomination.pk, name="recommend", actor=ward.users["reviewer"], version=nomination.version
    )
    key_ids = set(AuditEntry.objects.filter(nomination_id=nomination.pk).values_list("key_id", flat=True))

    assert len(key_ids) == 2
    assert audit_verify().problems == []
    settings.VINHDANH_AUDIT_RETIRED_KEYS = []
    assert "unknown key" in audit_verify().problems[0].reason


def test_the_scheduled_check_alerts_the_administrators_when_a_chain_breaks(ward, make_nomination):
    nomination = make_nomination(steps=TO_COUNCIL)
    assert tasks.verify_audit() == []
    assert not OutboxEvent.objects.filter(event=ALERT_EVENT).exists()

    _raw("DELETE FROM workflows_auditentry WHERE nomination_id = %s AND seq > 1", [_pk(nomination)])
    broken = tasks.verify_audit()

    alert = OutboxEvent.objects.get(event=ALERT_EVENT)
    assert broken == [nomination_chain(nomination.pk)]
    assert nomination_chain(nomination.pk) in alert.payload["chains"]
    assert ward.users["admin"].pk in alert.payload["recipient_ids"]
    assert ward.users["unit1"].pk not in alert.payload["recipient_ids"]


def test_the_alert_reaches_the_administrators_inbox(ward, make_nomination):
    nomination = make_nomination(steps=(SUBMIT,))
    _raw("UPDATE workflows_auditentry SET actor_name = 'x' WHERE nomination_id = %s", [_pk(nomination)])

    tasks.verify_audit()
    event_deliver(event_id=OutboxEvent.objects.get(event=ALERT_EVENT).pk)

    notice = Notification.objects.get(recipient=ward.users["admin"], event=ALERT_EVENT)
    assert nomination_chain(nomination.pk) in notice.message


def test_a_chain_that_is_not_a_files_takes_its_own_lock_and_sequence(ward):
    chain = decisions_chain(ward.organization.pk)
    with transaction.atomic():
        first = audit_record(chain=chain, event="decision.drafted", actor=ward.users["secretary"], details={"n": 1})
        second = audit_record(chain=chain, event="decision.signed", actor=ward.users["signer"], details={"n": 2})

    assert (first.seq, second.seq, second.prev_hash) == (1, 2, first.hash)
    assert list(AuditAnchor.objects.filter(chain=chain).values_list("length", flat=True).order_by("length")) == [1, 2]
    assert audit_verify().problems == []
    assert first.at <= timezone.now()


def test_the_seal_and_the_check_are_on_celery_beats_schedule(settings):
    from config.celery import app

    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}

    assert {"workflows.seal_audit", "workflows.verify_audit"} <= scheduled
    app.loader.import_default_modules()
    assert {"workflows.seal_audit", "workflows.verify_audit"} <= set(app.tasks)
