"""Who is told of what: recipients by role and unit (SPEC.md §4)."""

from __future__ import annotations

import datetime

import pytest
from django.db import transaction

from nominations.models import Membership, Role
from notifications.recipients import recipients_for
from tests.conftest import ACCEPT, RECOMMEND, SUBMIT
from workflows.audit import outbox_emit
from workflows.models import OutboxEvent


def usernames(event: OutboxEvent) -> set[str]:
    return {user.username for user in recipients_for(event)}


def last(nomination, name: str) -> OutboxEvent:
    return OutboxEvent.objects.filter(nomination=nomination, event=f"nomination.{name}").latest("pk")


@pytest.mark.django_db
def test_a_submitted_file_reaches_the_reviewers_queue_and_the_supervisor_not_the_clerk_who_sent_it(make_nomination):
    nomination = make_nomination(steps=(SUBMIT,))

    assert usernames(last(nomination, "submit")) == {"reviewer", "supervisor"}


@pytest.mark.django_db
def test_every_clerk_and_the_head_of_the_submitting_unit_hear_of_its_file(ward, make_nomination):
    Membership.objects.create(
        user=ward.users["member2"],
        organization=ward.organization,
        unit=ward.units["Hội Liên hiệp Phụ nữ phường"],
        role=Role.UNIT_HEAD,
    )
    nomination = make_nomination(steps=(SUBMIT, ACCEPT))

    assert usernames(last(nomination, "accept")) == {"unit1", "member2"}


@pytest.mark.django_db
def test_a_recommended_file_is_a_task_for_the_council_secretary(make_nomination):
    nomination = make_nomination(steps=(SUBMIT, ACCEPT, RECOMMEND))

    assert usernames(last(nomination, "recommend")) == {"unit1", "secretary"}


@pytest.mark.django_db
def test_a_rejection_reaches_the_unit_and_the_supervisor(make_nomination):
    nomination = make_nomination(steps=(SUBMIT, ACCEPT, ("reviewer", "reject", "Thiếu minh chứng")))

    assert usernames(last(nomination, "reject")) == {"unit1", "supervisor"}


@pytest.mark.django_db
def test_a_council_agenda_reaches_every_member_and_the_chair(ward):
    with transaction.atomic():
        event = outbox_emit(
            event="council.agenda",
            organization_id=ward.organization.pk,
            actor=ward.users["secretary"],
            payload={"session": 1, "title": "Phiên họp quý IV", "held_on": "2025-11-20"},
        )

    assert usernames(event) == {"chair", "member1", "member2", "member3", "member4"}


@pytest.mark.django_db
def test_a_passed_deadline_escalates_to_the_head_of_the_body(ward, make_nomination):
    nomination = make_nomination(steps=(SUBMIT,))
    with transaction.atomic():
        event = outbox_emit(
            event="deadline.passed",
            nomination=nomination,
            organization_id=nomination.organization_id,
            unit_id=nomination.unit_id,
            payload={"due_on": datetime.date(2025, 3, 3).isoformat()},
        )

    # The reviewing association has no head on record, so the Chairman who signs is told.
    assert usernames(event) == {"reviewer", "signer"}


@pytest.mark.django_db
def test_the_annual_report_reminder_reaches_every_units_clerks(ward):
    with transaction.atomic():
        event = outbox_emit(
            event="report.annual_due",
            organization_id=ward.organization.pk,
            payload={"year": 2025, "due_on": "2025-11-15"},
        )

    assert usernames(event) == {"unit1", "unit2"}


@pytest.mark.django_db
def test_people_named_in_the_payload_are_the_only_recipients(ward):
    with transaction.atomic():
        event = outbox_emit(
            event="council.vote_reminder",
            organization_id=ward.organization.pk,
            payload={"recipient_ids": [ward.users["member3"].pk], "title": "Phiên họp quý IV"},
        )

    assert usernames(event) == {"member3"}
