"""The hot paths send a fixed number of SQL statements: a regression shows here before it shows in production.

The counts include the savepoints Django and viewflow open inside the test's transaction; the outbox
relay runs after commit, which a test transaction never reaches, so it is not counted here.
"""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Callable, Iterator

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from demo.catalogues import Ward
from nominations.models import Nomination, User
from tests.conftest import ACCEPT, SUBMIT, individual
from workflows.selectors import queue_page
from workflows.services import apply_transition, lock_nomination, nomination_transition

# lock, guarded UPDATE, audit (last link + INSERT + the chain's anchor INSERT), outbox INSERT, open tasks with
# their process (one query), task completed (one UPDATE), viewflow's Switch (INSERT, link, savepoint pair,
# UPDATE), next task (INSERT, link), the transaction's own savepoint pair inside the test's transaction, and the
# intake's cross-unit duplicate check (the file's keys, live files elsewhere, the register: three SELECTs).
TRANSITION_STATEMENTS = 20
# The same, plus the caller's roles and the duplicate check asked once more when the caller's rules are checked.
HUMAN_STEP_STATEMENTS = TRANSITION_STATEMENTS + 4
# Roles, the page's ids, the page's rows with their counts and latest audit entry.
QUEUE_PAGE_STATEMENTS = 3


@contextlib.contextmanager
def statements(expected: int) -> Iterator[None]:
    """Exactly `expected` statements inside the block; the failure lists what was sent."""
    with CaptureQueriesContext(connection) as captured:
        yield
    sent = [q["sql"][:160] for q in captured.captured_queries]
    assert len(sent) == expected, f"{len(sent)} statements instead of {expected}:\n" + "\n".join(sent)


def test_a_transition_on_a_locked_file_sends_a_fixed_number_of_statements(
    make_nomination: Callable[..., Nomination], ward: Ward
) -> None:
    # given a submitted file
    nomination = make_nomination(steps=(SUBMIT,))
    reviewer = ward.users["reviewer"]
    # when the reviewer's acceptance is applied to the locked file
    with statements(TRANSITION_STATEMENTS), transaction.atomic():
        locked = lock_nomination(nomination.pk)
        apply_transition(nomination=locked, name="accept", actor=reviewer)
    # then the file moved
    assert Nomination.objects.get(pk=nomination.pk).status == "under_review"


def test_a_reviewer_action_sends_a_fixed_number_of_statements(
    make_nomination: Callable[..., Nomination], ward: Ward
) -> None:
    # given a submitted file and the reviewer as a request would load him (roles not read yet)
    nomination = make_nomination(steps=(SUBMIT,))
    reviewer = User.objects.get(pk=ward.users["reviewer"].pk)
    # when the reviewer accepts it through the public service
    with statements(HUMAN_STEP_STATEMENTS):
        nomination_transition(nomination_id=nomination.pk, name="accept", actor=reviewer, version=nomination.version)
    # then the file moved
    assert Nomination.objects.get(pk=nomination.pk).status == "under_review"


def _read_page(user_id: int, page: int = 1) -> list[tuple[str, str, int, str | None, datetime.date | None]]:
    """A page as the queue shows it, touching every column it displays."""
    user = User.objects.get(pk=user_id)
    return [
        (row.reference, row.unit.name, row.nominee_count, row.latest_transition, row.deadline)
        for row in queue_page(user, page=page, page_size=50)
    ]


@pytest.mark.parametrize("more_files", [0, 4])
def test_a_queue_page_sends_the_same_statements_however_long_the_queue(
    make_nomination: Callable[..., Nomination],
    ward: Ward,
    more_files: int,
) -> None:
    # given a queue of two files, or six
    for index in range(2 + more_files):
        make_nomination(nominees=[individual(f"Trần Văn Hàng Đợi {index}")], steps=(SUBMIT,))
    reviewer_id = ward.users["reviewer"].pk
    # when the reviewer reads the first page and everything it shows
    with statements(QUEUE_PAGE_STATEMENTS + 1):  # + the user, loaded as a request would
        rows = _read_page(reviewer_id)
    # then every file is there, once
    assert len(rows) == 2 + more_files


def test_a_queue_page_shows_unit_nominee_count_and_latest_entry_in_deadline_order(
    make_nomination: Callable[..., Nomination], ward: Ward
) -> None:
    # given two submitted files, the second with two nominees and already accepted, and a draft
    first = make_nomination(nominees=[individual("Lê Thị Một")], steps=(SUBMIT,))
    second = make_nomination(nominees=[individual("Lê Thị Hai"), individual("Lê Văn Ba")], steps=(SUBMIT, ACCEPT))
    make_nomination(nominees=[individual("Lê Thị Bốn")])
    earlier = first.due_on - datetime.timedelta(days=1)
    Nomination.objects.filter(pk=second.pk).update(due_on=earlier, deadline=earlier)
    # when the reviewer reads the first page
    rows = _read_page(ward.users["reviewer"].pk)
    # then the nearer deadline comes first, each row with its own unit, count and latest audit entry
    assert rows == [
        (second.reference, second.unit.name, 2, "accept", first.due_on - datetime.timedelta(days=1)),
        (first.reference, first.unit.name, 1, "submit", first.due_on),
    ]
    # and the page past the end is empty
    assert _read_page(ward.users["reviewer"].pk, page=2) == []
