"""Claiming a file from the queue: the waiting task becomes the claimer's, shown on every queue."""

from __future__ import annotations

import pytest
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from core.errors import Refusal
from nominations.models import Nomination, Role
from tests.conftest import SUBMIT
from workflows.claims import task_claim
from workflows.models import AuditEntry


def open_task(nomination) -> Task:
    return Task.objects.get(
        process__nominationprocess__nomination_id=nomination.pk,
        flow_task_type="HUMAN",
        status__in=(STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED),
    )


@pytest.fixture
def second_reviewer(ward):
    from nominations.models import Membership

    user = type(ward.users["reviewer"]).objects.create(username="reviewer2", full_name="Lâm Thị Thẩm")
    reviewer_grant = Membership.objects.filter(user=ward.users["reviewer"], role=Role.REVIEWER).first()
    Membership.objects.create(
        user=user, role=Role.REVIEWER, organization=reviewer_grant.organization, unit=reviewer_grant.unit
    )
    ward.users["reviewer2"] = user
    return user


def test_the_reviewer_claims_a_submitted_file_from_the_queue(web, ward, make_nomination):
    # given a submitted file waiting for the reviewers
    nomination = make_nomination(steps=(SUBMIT,))
    assert open_task(nomination).owner_id is None
    reviewer = web("reviewer")

    # when the reviewer presses "claim" on the queue
    response = reviewer.post(f"/hang-doi/{nomination.pk}/nhan/")

    # then the task is assigned to the reviewer, with an audit entry, and the queue says so
    assert response.status_code == 302
    task = open_task(nomination)
    assert (task.status, task.owner_id) == (STATUS.ASSIGNED, ward.users["reviewer"].pk)
    assert task.assigned is not None
    entry = AuditEntry.objects.filter(nomination_id=nomination.pk).order_by("-seq").first()
    assert (entry.transition, entry.source, entry.target) == ("claim", "submitted", "submitted")
    assert "Trần Văn Học" in reviewer.get("/hang-doi/").content.decode()


def test_the_claimed_file_can_still_be_received(web, ward, make_nomination):
    nomination = make_nomination(steps=(SUBMIT,))
    task_claim(nomination_id=nomination.pk, actor=ward.users["reviewer"])

    response = web("reviewer").post(
        f"/ho-so/{nomination.pk}/thao-tac/", {"transition": "accept", "version": nomination.version, "comment": ""}
    )

    assert response.status_code == 302
    assert Nomination.objects.get(pk=nomination.pk).status == "under_review"


def test_a_file_claimed_by_another_is_not_claimed_again(ward, make_nomination, second_reviewer):
    # given a file the first reviewer claimed
    nomination = make_nomination(steps=(SUBMIT,))
    task_claim(nomination_id=nomination.pk, actor=ward.users["reviewer"])
    entries = AuditEntry.objects.filter(nomination_id=nomination.pk).count()

    # when the second reviewer claims it
    with pytest.raises(Refusal) as refused:
        task_claim(nomination_id=nomination.pk, actor=second_reviewer)

    # then refused; the owner and the history are unchanged
    assert refused.value.code == "already_claimed"
    assert open_task(nomination).owner_id == ward.users["reviewer"].pk
    assert AuditEntry.objects.filter(nomination_id=nomination.pk).count() == entries


def test_claiming_twice_is_harmless(ward, make_nomination):
    nomination = make_nomination(steps=(SUBMIT,))
    task_claim(nomination_id=nomination.pk, actor=ward.users["reviewer"])
    entries = AuditEntry.objects.filter(nomination_id=nomination.pk).count()

    task_claim(nomination_id=nomination.pk, actor=ward.users["reviewer"])

    assert AuditEntry.objects.filter(nomination_id=nomination.pk).count() == entries


def test_a_file_not_in_my_queue_cannot_be_claimed(web, ward, make_nomination):
    # given a submitted file: it waits for reviewers, not for the secretary, who may still see it
    nomination = make_nomination(steps=(SUBMIT,))

    # when the supervisor (reads everything) tries to claim it
    with pytest.raises(Refusal) as refused:
        task_claim(nomination_id=nomination.pk, actor=ward.users["supervisor"])

    # then refused, the task stays unassigned
    assert refused.value.code == "not_in_queue"
    assert open_task(nomination).owner_id is None
    assert not AuditEntry.objects.filter(nomination_id=nomination.pk, transition="claim").exists()
