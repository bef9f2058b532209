"""The flow hands out work but keeps no status: its open tasks always agree with the file's state."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from demo.files import seed_files
from nominations.models import Nomination
from nominations.states import TERMINAL
from tests.workflows.lifecycle import WALKS, footprint, someone
from workflows.flows import TASK_FOR_STATE
from workflows.selectors import flow_disagreements
from workflows.services import OPEN_TASK_STATUSES


def open_task(nomination: Nomination) -> Task:
    return Task.objects.get(process_id=nomination.process.pk, flow_task_type="HUMAN", status__in=OPEN_TASK_STATUSES)


def test_the_demo_files_in_every_state_agree_with_their_flow(ward):
    # given the demo's files of past rounds and the current one, in their many states
    seed_files(ward)
    states = set(Nomination.objects.values_list("status", flat=True))
    assert {"draft", "submitted", "under_review", "returned", "recommended", "rejected", "withdrawn"} <= states
    assert "approved" in states

    # then every file has exactly the task its state calls for, and final files have none
    assert flow_disagreements() == []
    for nomination in Nomination.objects.all():
        expected = TASK_FOR_STATE.get(nomination.status)
        names = footprint(nomination.pk).open_tasks
        assert names == ((expected[0],) if expected and nomination.status not in TERMINAL else ())


@pytest.mark.parametrize("state", WALKS)
def test_each_state_waits_for_the_role_that_may_move_it(make_nomination, state):
    nomination = make_nomination(nominees=[someone()], steps=WALKS[state])

    assert flow_disagreements(Nomination.objects.filter(pk=nomination.pk)) == []
    if state in ("rejected", "withdrawn"):
        assert footprint(nomination.pk).open_tasks == ()
    else:
        task = open_task(nomination)
        name, role, _ = TASK_FOR_STATE[state]
        assert task.flow_task.name == name
        assert task.owner_permission == f"vinhdanh.role_{role}"


def test_a_cancelled_task_is_reported(make_nomination):
    nomination = make_nomination(nominees=[someone()], steps=WALKS["under_review"])
    healthy = make_nomination(nominees=[someone()], steps=WALKS["submitted"])

    Task.objects.filter(pk=open_task(nomination).pk).update(status=STATUS.CANCELED)

    problems = flow_disagreements()
    assert [(nomination_id, state) for nomination_id, state, _ in problems] == [(nomination.pk, "under_review")]
    assert "appraise" in problems[0][2]
    assert healthy.pk not in {p[0] for p in problems}


def test_a_status_changed_behind_the_services_back_is_reported(make_nomination):
    nomination = make_nomination(nominees=[someone()], steps=WALKS["submitted"])

    Nomination.objects.filter(pk=nomination.pk).update(status="recommended")

    problems = flow_disagreements()
    assert len(problems) == 1
    nomination_id, state, reason = problems[0]
    assert (nomination_id, state) == (nomination.pk, "recommended")
    assert "schedule_council" in reason
    assert "intake" in reason


def test_a_final_file_with_an_open_task_is_reported(make_nomination):
    nomination = make_nomination(nominees=[someone()], steps=WALKS["under_review"])

    Nomination.objects.filter(pk=nomination.pk).update(status="rejected")

    assert [p[:2] for p in flow_disagreements()] == [(nomination.pk, "rejected")]


def test_a_file_without_a_process_is_reported(make_nomination):
    nomination = make_nomination(nominees=[someone()])
    process = nomination.process
    Task.objects.filter(process_id=process.pk).delete()
    process.delete()

    assert [p[:2] for p in flow_disagreements()] == [(nomination.pk, "draft")]


def test_the_check_command_passes_then_fails_on_a_disagreement(make_nomination, capsys):
    nomination = make_nomination(nominees=[someone()], steps=WALKS["under_review"])

    call_command("check_workflows")
    assert capsys.readouterr().out.strip()

    Task.objects.filter(pk=open_task(nomination).pk).update(status=STATUS.CANCELED)
    with pytest.raises(CommandError):
        call_command("check_workflows")
    assert str(nomination.pk) in capsys.readouterr().err
