"""Many clients perform the same transition at the same instant: exactly one wins, every other gets 409."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection

from core.errors import Refusal
from nominations.models import Nomination
from tests.conftest import SUBMIT
from tests.workflows.lifecycle import footprint, public_audit_rows, someone
from workflows.models import OutboxEvent
from workflows.selectors import flow_disagreements
from workflows.services import nomination_transition

THREADS = 12
PROJECT = Path(settings.BASE_DIR)


def _on_postgresql_or_service_mode() -> bool:
    url = os.environ.get("DATABASE_URL", "")
    return url.startswith(("postgres://", "postgresql://")) or os.environ.get("VINHDANH_SERVICE_TESTS") == "1"


postgresql = pytest.mark.skipif(
    not _on_postgresql_or_service_mode(), reason="a real row-lock race needs PostgreSQL (DATABASE_URL)"
)


def race(attempts: list[tuple[Any, str, str]], nomination_id: Any, version: int) -> list[Any]:
    """Run every (actor, transition, comment) in its own thread, all released together by a barrier."""
    barrier = threading.Barrier(len(attempts))
    outcomes: list[Any] = [None] * len(attempts)

    def attempt(index: int, actor: Any, name: str, comment: str) -> None:
        try:
            barrier.wait(timeout=30)
            outcomes[index] = nomination_transition(
                nomination_id=nomination_id, name=name, actor=actor, version=version, comment=comment
            )
        except Refusal as refusal:
            outcomes[index] = refusal
        except Exception as exc:
            outcomes[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(i, *a)) for i, a in enumerate(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


@postgresql
@pytest.mark.django_db(transaction=True)
def test_many_threads_submit_the_same_version_and_exactly_one_wins(ward, make_nomination):
    # given a complete draft at version v
    nomination = make_nomination(nominees=[someone()])
    before = footprint(nomination.pk)

    # when twelve clients submit it with version v at the same instant
    outcomes = race([(ward.users["unit1"], "submit", "")] * THREADS, nomination.pk, before.version)

    # then one succeeds, every other is refused with 409, and the file records a single submission
    winners = [o for o in outcomes if isinstance(o, Nomination)]
    losers = [o for o in outcomes if isinstance(o, Refusal)]
    assert len(winners) == 1, outcomes
    assert len(losers) == THREADS - 1, outcomes
    assert {refusal.status for refusal in losers} == {409}
    after = footprint(nomination.pk)
    assert (after.status, after.version) == ("submitted", before.version + 1)
    assert after.audit_rows == before.audit_rows + 1
    assert after.outbox_rows == before.outbox_rows + 1
    assert public_audit_rows(nomination.pk) == 1
    assert OutboxEvent.objects.filter(nomination_id=nomination.pk, event="nomination.submit").count() == 1
    assert flow_disagreements(Nomination.objects.filter(pk=nomination.pk)) == []


@postgresql
@pytest.mark.django_db(transaction=True)
def test_competing_transitions_on_one_file_leave_a_single_winner(ward, make_nomination):
    # given a submitted file: the unit wants it back while reviewers take it in
    nomination = make_nomination(nominees=[someone()], steps=(SUBMIT,))
    before = footprint(nomination.pk)
    attempts = [(ward.users["unit1"], "withdraw", "Rút"), (ward.users["reviewer"], "accept", "")] * (THREADS // 2)

    outcomes = race(attempts, nomination.pk, before.version)

    winners = [o for o in outcomes if isinstance(o, Nomination)]
    assert len(winners) == 1, outcomes
    assert all(isinstance(o, Refusal) and o.status == 409 for o in outcomes if o is not winners[0]), outcomes
    after = footprint(nomination.pk)
    assert after.status in ("withdrawn", "under_review")
    assert (after.version, after.audit_rows, after.outbox_rows) == (
        before.version + 1,
        before.audit_rows + 1,
        before.outbox_rows + 1,
    )
    assert flow_disagreements(Nomination.objects.filter(pk=nomination.pk)) == []


def test_a_race_through_the_api_on_a_sqlite_file_gives_409s_never_a_server_error(tmp_path):
    # The test run's own SQLite database lives in memory with a shared cache, where concurrent writers fail
    # at once with "table is locked" instead of waiting; a deployment's SQLite is a file, so the race is run
    # in a separate process against a file, each thread with its own connection, as under a threaded server.
    result = subprocess.run(
        [sys.executable, "-m", "tests.workflows.sqlite_race", str(tmp_path / "race.sqlite3"), str(tmp_path), "12"],
        cwd=PROJECT,
        env={k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])

    codes = sorted(status for status, _ in report["answers"])
    assert codes == [200] + [409] * 11, report
    assert report["status"] == "submitted"
    assert report["version"] == report["start_version"] + 1
    assert (report["new_audit_rows"], report["new_outbox_rows"]) == (1, 1)
