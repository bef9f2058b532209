"""The queue's deadline is kept on the file by its writers: due date when set, else the round's closing date."""

import datetime

import pytest
from django.urls import reverse

from core.errors import Refusal
from nominations.models import Nomination
from tests.conftest import ACCEPT, SUBMIT, individual
from workflows.models import OutboxEvent
from workflows.rounds import round_reschedule
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
    later = rnd.closes_on + datetime.timedelta(days=15)

    _round, moved = round_reschedule(round_id=rnd.pk, actor=ward.users["admin"], opens_on=rnd.opens_on, closes_on=later)

    assert moved == 1
    assert Nomination.objects.get(pk=draft.pk).deadline == later
    assert Nomination.objects.get(pk=submitted.pk).deadline == submitted.due_on
    event = OutboxEvent.objects.get(event="round.rescheduled")
    assert event.payload["after"]["closes_on"] == later.isoformat()
    assert event.actor_id == ward.users["admin"].pk


def test_saving_a_round_does_not_touch_its_files(make_nomination, ward):
    draft = make_nomination(nominees=[individual("Lê Thị Một")])
    rnd = ward.rounds["current"]
    rnd.closes_on = rnd.closes_on + datetime.timedelta(days=15)

    rnd.save()

    assert Nomination.objects.get(pk=draft.pk).deadline == ward.rounds["current"].closes_on - datetime.timedelta(
        days=15
    )


def test_a_round_cannot_close_before_it_opens_and_nothing_moves(make_nomination, ward):
    draft = make_nomination(nominees=[individual("Lê Thị Một")])
    rnd = ward.rounds["current"]

    with pytest.raises(Refusal) as refused:
        round_reschedule(
            round_id=rnd.pk,
            actor=ward.users["admin"],
            opens_on=rnd.closes_on,
            closes_on=rnd.closes_on - datetime.timedelta(days=1),
        )

    assert refused.value.code == "validation_error"
    assert Nomination.objects.get(pk=draft.pk).deadline == rnd.closes_on
    assert type(rnd).objects.get(pk=rnd.pk).closes_on == rnd.closes_on
    assert not OutboxEvent.objects.filter(event="round.rescheduled").exists()


def test_the_admin_moves_a_rounds_dates_through_the_service(make_nomination, ward, client):
    draft = make_nomination(nominees=[individual("Lê Thị Một")])
    rnd = ward.rounds["current"]
    later = rnd.closes_on + datetime.timedelta(days=10)
    client.force_login(ward.users["admin"])
    url = reverse("admin:nominations_round_change", args=[rnd.pk])
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data = {key: ("" if value is None else value) for key, value in data.items()}
    data["closes_on"] = later.isoformat()
    data["opens_on"] = rnd.opens_on.isoformat()

    response = client.post(url, data)

    assert response.status_code == 302, response.content[-1500:]
    assert Nomination.objects.get(pk=draft.pk).deadline == later
    assert OutboxEvent.objects.filter(event="round.rescheduled", actor_id=ward.users["admin"].pk).exists()


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
