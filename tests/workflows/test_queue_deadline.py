"""The queue's deadline is kept on the file by its writers: due date when set, else the round's closing date."""

import datetime

import pytest

from nominations.models import Nomination
from tests.conftest import ACCEPT, SUBMIT, individual
from workflows.selectors import queue_for

pytestmark = pytest.mark.django_db


def test_a_draft_waits_until_the_round_closes(make_nomination, ward):
    nomination = make_nomination()

    assert nomination.deadline == ward.rounds["current"].closes_on


def test_submission_sets_the_appraisal_due_date_as_the_deadline(make_nomination):
    nomination = make_nomination(steps=(SUBMIT,))

    assert nomination.due_on is not None
    assert nomination.deadline == nomination.due_on


def test_a_return_falls_back_to_the_round_closing_date(make_nomination, ward):
    nomination = make_nomination(steps=(SUBMIT, ACCEPT, ("reviewer", "return_for_revision", "Bổ sung biên bản")))

    assert nomination.due_on is None
    assert nomination.deadline == ward.rounds["current"].closes_on


def test_moving_a_round_closing_date_moves_the_files_without_a_due_date(make_nomination, ward):
    draft = make_nomination(nominees=[individual("Lê Thị Một")])
    submitted = make_nomination(nominees=[individual("Lê Thị Hai")], steps=(SUBMIT,))
    rnd = ward.rounds["current"]
    rnd.closes_on = rnd.closes_on + datetime.timedelta(days=15)

    rnd.save()

    assert Nomination.objects.get(pk=draft.pk).deadline == rnd.closes_on
    assert Nomination.objects.get(pk=submitted.pk).deadline == submitted.due_on


def test_the_queue_follows_the_roles_and_states_that_the_flows_wait_for(make_nomination, ward):
    draft = make_nomination(nominees=[individual("Lê Thị Một")])
    submitted = make_nomination(nominees=[individual("Lê Thị Hai")], steps=(SUBMIT,))
    reviewing = make_nomination(nominees=[individual("Lê Thị Ba")], steps=(SUBMIT, ACCEPT))
    withdrawn = make_nomination(nominees=[individual("Lê Thị Bốn")], steps=(("unit1", "withdraw", ""),))

    assert set(queue_for(ward.users["reviewer"])) == {submitted, reviewing}
    assert set(queue_for(ward.users["unit1"])) == {draft}
    assert list(queue_for(ward.users["unit2"])) == []
    assert list(queue_for(ward.users["supervisor"])) == []
    assert withdrawn not in set(queue_for(ward.users["unit1"]))
