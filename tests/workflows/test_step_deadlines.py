"""Each step of review has its own deadline in working days, shown on the file and reminded to its holder."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from viewflow.workflow.models import Task

from nominations.calendar import add_working_days
from nominations.models import User
from notifications.deadlines import step_reminders_run
from notifications.recipients import recipients_for
from tests.awards.award_steps import person
from tests.conftest import SUBMIT
from tests.workflows.review_body import _post, _version
from workflows.desk import task_history
from workflows.models import OutboxEvent
from workflows.services import OPEN_TASK_STATUSES


def _open(nomination) -> Task:
    return Task.objects.get(
        process__nominationprocess__nomination_id=nomination.pk, flow_task_type="HUMAN", status__in=OPEN_TASK_STATUSES
    )


def _step_events() -> list[tuple[str, str, list[str]]]:
    return [
        (e.event, e.payload["step"], [u.username for u in recipients_for(e)])
        for e in OutboxEvent.objects.filter(event__startswith="deadline.step").order_by("pk")
    ]


@pytest.fixture
def at_assignment(ward, api, body, make_nomination):
    nomination = make_nomination(steps=(SUBMIT,), nominees=[person()])
    received = _post(api, "clerk", nomination, "transitions/accept", {"version": _version(nomination)})
    assert received.status_code == 200, received.content
    return nomination


def test_the_assignment_step_is_due_after_its_working_days_and_reminded_to_the_head(ward, at_assignment):
    began = timezone.localdate(_open(at_assignment).created)
    due = add_working_days(began, 1, organization_id=ward.organization.pk)

    before = step_reminders_run(today=began)
    on_the_day = step_reminders_run(today=due)
    again = step_reminders_run(today=due)
    late = step_reminders_run(today=due + datetime.timedelta(days=1))

    assert (before, on_the_day, again, late) == (0, 1, 0, 1)
    events = _step_events()
    # the head or the intake clerk assigns the case officer
    assert events[0] == ("deadline.step_approaching", "assign", ["clerk", "head"])
    # once late, the head of the body hears too (here the head is the holder; the Chairman signs above him)
    assert events[1][0:2] == ("deadline.step_passed", "assign")
    assert "head" in events[1][2]
    row = next(r for r in task_history(at_assignment) if r["task"] == "assign")
    assert row["due_on"] == due


def test_the_appraisal_step_is_reminded_to_the_assigned_officer_with_the_organisations_days(
    ward,
    api,
    at_assignment,
):
    organization = ward.organization
    organization.review_step_working_days = {**organization.review_step_working_days, "appraise": 2}
    organization.save(update_fields=["review_step_working_days"])
    assert _post(api, "head", at_assignment, "review/assign", {"officer": "officer2"}).status_code == 200
    began = timezone.localdate(_open(at_assignment).created)
    due = add_working_days(began, 2, organization_id=organization.pk)

    step_reminders_run(today=due)

    assert _step_events() == [("deadline.step_approaching", "appraise", ["officer2"])]
    rows = {r["task"]: r for r in task_history(at_assignment)}
    assert rows["appraise"]["due_on"] == due
    assert rows["appraise"]["late"] is False


def test_the_files_page_shows_each_steps_due_date_and_a_late_one(ward, client, at_assignment):
    task = _open(at_assignment)
    Task.objects.filter(pk=task.pk).update(created=task.created - datetime.timedelta(days=30))
    client.force_login(User.objects.get(username="head"))

    page = " ".join(client.get(f"/ho-so/{at_assignment.pk}/").content.decode().split())

    due = add_working_days(
        timezone.localdate(task.created) - datetime.timedelta(days=30), 1, organization_id=ward.organization.pk
    )
    assert f'{due:%d/%m/%Y} <span class="tag tag-danger">quá hạn</span>' in page
