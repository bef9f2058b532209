"""Reads of the lifecycle: the work queue and the consistency check between flow and state."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from viewflow.workflow.models import Task

from nominations.access import grants_of
from nominations.models import UNIT_ROLES, Nomination, Nominee, Role
from nominations.states import TERMINAL, Status
from workflows.flows import TASK_FOR_STATE, task_waiting
from workflows.models import AuditEntry
from workflows.services import OPEN_TASK_STATUSES


def _states_waiting_for(role: str, scope: str) -> list[str]:
    return [
        state
        for state, (_, task_role, task_scope) in TASK_FOR_STATE.items()
        if (task_role, task_scope) == (role, scope)
    ]


def queue_scope(user: Any) -> Q:
    """The files whose open human task waits for one of the user's roles.

    The flows hand each state's task to one role (TASK_FOR_STATE), and check_workflows proves every
    file's open task agrees with its state; so the queue is read from the file's own indexed row
    instead of joining every open task in the organisation.
    """
    scope = Q(pk__in=[])
    for grant in grants_of(user):
        if grant.role in UNIT_ROLES:
            states = _states_waiting_for(grant.role, "unit")
            if grant.unit_id is not None and states:
                scope |= Q(unit_id=grant.unit_id, status__in=states)
        else:
            scope |= _body_scope(grant, user)
    return scope


def _body_scope(grant: Any, user: Any) -> Q:
    """Files waiting for one of the organisation's roles; under review, the organisation's steps decide whose."""
    org = Q(organization_id=grant.organization_id)
    stepped = Q(organization__review_in_steps=True, status=Status.UNDER_REVIEW)
    unassigned = Q(review_assignment__isnull=True)
    if grant.role == Role.REVIEW_HEAD:
        return org & stepped & (unassigned | Q(review_assignment__proposal__gt=""))
    if grant.role == Role.REVIEW_CLERK:
        return org & (Q(status=Status.SUBMITTED) | (stepped & unassigned))
    states = _states_waiting_for(grant.role, "organization")
    if not states:
        return Q(pk__in=[])
    if grant.role != Role.REVIEWER:
        return org & Q(status__in=states)
    # A case officer holds the files assigned to him or her (to the absent colleague, when standing in).
    officer = grant.on_behalf_of or user.pk
    return org & (
        Q(status__in=[s for s in states if s != Status.UNDER_REVIEW])
        | Q(status=Status.UNDER_REVIEW, organization__review_in_steps=False)
        | (stepped & Q(review_assignment__officer_id=officer, review_assignment__proposal=""))
    )


def queue_for(user: Any) -> QuerySet[Nomination]:
    """Nominations with a human task waiting for one of this user's roles, oldest deadline first."""
    return (
        Nomination.objects.filter(queue_scope(user))
        .select_related("round", "award_kind", "unit")
        .order_by("deadline", "submitted_at", "created_at", "id")
    )


def queue_page(user: Any, *, page: int = 1, page_size: int = 50) -> list[Nomination]:
    """One page of the user's queue, each file with its unit, nominee count and latest audit entry.

    The page's ids come first, in deadline order, from the narrow queue query; the counts and the latest
    entry are then subqueries over those ids alone, so the statements stay the same (at most three after
    the user's roles) however long the queue, and no Count() groups the whole queue.
    """
    offset = (max(page, 1) - 1) * page_size
    ids = list(queue_for(user).values_list("pk", flat=True)[offset : offset + page_size])
    if not ids:
        return []
    latest = AuditEntry.objects.filter(nomination_id=OuterRef("pk")).order_by("-seq")
    nominees = (
        Nominee.objects.filter(nomination_id=OuterRef("pk"))
        .order_by()
        .values("nomination_id")
        .annotate(total=Count("pk"))
        .values("total")
    )
    rows = (
        Nomination.objects.filter(pk__in=ids)
        .select_related("award_kind", "unit")
        .annotate(
            nominee_count=Coalesce(Subquery(nominees, output_field=IntegerField()), 0),
            latest_transition=Subquery(latest.values("transition")[:1]),
            latest_actor_name=Subquery(latest.values("actor_name")[:1]),
            latest_at=Subquery(latest.values("at")[:1]),
        )
    )
    by_id = {row.pk: row for row in rows}
    return [by_id[pk] for pk in ids if pk in by_id]


def flow_disagreements(nominations: QuerySet[Nomination] | None = None) -> list[tuple[Any, str, str]]:
    """(nomination id, state, what is wrong) for every file whose open tasks do not match its state."""
    problems: list[tuple[Any, str, str]] = []
    qs = (nominations if nominations is not None else Nomination.objects.all()).select_related(
        "process", "organization", "review_assignment"
    )
    for nomination in qs.iterator(chunk_size=2000):
        process = getattr(nomination, "process", None)
        if process is None:
            problems.append((nomination.pk, nomination.status, "no workflow process"))
            continue
        open_names = [
            task.flow_task.name
            for task in Task.objects.filter(
                process_id=process.pk, flow_task_type="HUMAN", status__in=OPEN_TASK_STATUSES
            )
        ]
        expected = task_waiting(nomination)
        if nomination.status in TERMINAL or expected is None:
            if open_names:
                problems.append((nomination.pk, nomination.status, f"open tasks in a final state: {open_names}"))
        elif open_names != [expected[0]]:
            problems.append((nomination.pk, nomination.status, f"expected task {expected[0]}, found {open_names}"))
    return problems
