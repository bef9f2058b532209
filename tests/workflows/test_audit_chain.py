"""The audit log is a hash chain per nomination: it verifies, and tampering with it is found."""

from __future__ import annotations

import itertools

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from tests.conftest import ACCEPT, RECOMMEND, SUBMIT
from tests.workflows.lifecycle import someone
from workflows.audit import verify_chain
from workflows.models import AuditEntry


def test_the_raw_statements_below_name_the_audit_table():
    assert AuditEntry._meta.db_table == "workflows_auditentry"


def chain_of(nomination):
    return list(AuditEntry.objects.filter(nomination_id=nomination.pk).order_by("seq"))


def test_a_files_chain_links_each_entry_to_the_previous_one(make_nomination):
    nomination = make_nomination(steps=(SUBMIT, ACCEPT, RECOMMEND))
    entries = chain_of(nomination)

    assert [entry.seq for entry in entries] == list(range(1, len(entries) + 1))
    assert entries[0].prev_hash == ""
    assert all(later.prev_hash == earlier.hash for earlier, later in itertools.pairwise(entries))
    assert len({entry.hash for entry in entries}) == len(entries)
    assert verify_chain(entries) is None


def test_every_chain_verifies_through_the_command(make_nomination, capsys):
    make_nomination(nominees=[someone()], steps=(SUBMIT, ACCEPT, RECOMMEND))
    make_nomination(nominees=[someone()], steps=(SUBMIT,))

    call_command("verify_audit")

    assert "2" in capsys.readouterr().out


def test_changing_a_comment_with_raw_sql_breaks_that_entry(make_nomination):
    # given a file with a recorded recommendation
    nomination = make_nomination(steps=(SUBMIT, ACCEPT, RECOMMEND))
    target = AuditEntry.objects.get(nomination_id=nomination.pk, transition="recommend")

    # when someone rewrites its comment behind the application's back
    with connection.cursor() as cursor:
        cursor.execute("UPDATE workflows_auditentry SET comment = %s WHERE id = %s", ["Không đủ điều kiện", target.pk])

    # then verification names exactly that entry as the first broken link
    broken = verify_chain(chain_of(nomination))
    assert broken is not None
    assert (broken.nomination_id, broken.seq) == (nomination.pk, target.seq)
    assert "hash" in broken.reason
    with pytest.raises(CommandError, match=f"#{target.seq}"):
        call_command("verify_audit")


def test_rewriting_an_entry_and_its_hash_breaks_the_next_link(make_nomination):
    nomination = make_nomination(steps=(SUBMIT, ACCEPT, RECOMMEND))
    entries = chain_of(nomination)
    forged = entries[-3]
    forged.comment = "Sửa lén"
    new_hash = forged.compute_hash()

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE workflows_auditentry SET comment = %s, hash = %s WHERE id = %s", ["Sửa lén", new_hash, forged.pk]
        )

    broken = verify_chain(chain_of(nomination))
    assert broken is not None
    assert broken.seq == forged.seq + 1
    assert "link" in broken.reason


def test_deleting_a_middle_entry_is_caught(make_nomination):
    nomination = make_nomination(steps=(SUBMIT, ACCEPT, RECOMMEND))
    entries = chain_of(nomination)
    middle = entries[len(entries) // 2]

    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM workflows_auditentry WHERE id = %s", [middle.pk])

    broken = verify_chain(chain_of(nomination))
    assert broken is not None
    assert broken.seq == middle.seq + 1
    with pytest.raises(CommandError):
        call_command("verify_audit")


def test_deleting_the_last_entries_and_renumbering_is_caught(make_nomination):
    nomination = make_nomination(steps=(SUBMIT, ACCEPT, RECOMMEND))
    entries = chain_of(nomination)
    removed = entries[1]

    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM workflows_auditentry WHERE id = %s", [removed.pk])
        for entry in entries[2:]:
            cursor.execute("UPDATE workflows_auditentry SET seq = %s WHERE id = %s", [entry.seq - 1, entry.pk])

    broken = verify_chain(chain_of(nomination))
    assert broken is not None
    assert broken.seq == removed.seq


def test_changing_the_actor_or_time_breaks_the_entry(make_nomination, ward):
    nomination = make_nomination(steps=(SUBMIT, ACCEPT))
    accept = AuditEntry.objects.get(nomination_id=nomination.pk, transition="accept")

    AuditEntry.objects.filter(pk=accept.pk).update(actor_name="secretary")

    broken = verify_chain(chain_of(nomination))
    assert broken is not None
    assert broken.seq == accept.seq
