"""Reads of the lifecycle: the work queue and the consistency check between flow and state."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce
from viewflow.workflow.models import Task

from nominations.models import UNIT_ROLES, Nomination, Organization, Unit

from .flows import TASK_FOR_STATE, role_permission
from .permissions import grants_of
from .services import OPEN_TASK_STATUSES
from .states import TERMINAL


def _task_scope(user: Any) -> Q:
    org_type = ContentType.objects.get_for_model(Organization, for_concrete_model=False)
    unit_type = ContentType.objects.get_for_model(Unit, for_concrete_model=False)
    scope = Q(owner_id=user.pk)
    for grant in grants_of(user):
        if grant.role in UNIT_ROLES:
            if grant.unit_id is not None:
                scope |= Q(
                    owner_permission=role_permission(grant.role),
                    owner_permission_content_type=unit_type,
                    owner_permission_obj_pk=str(grant.unit_id),
                )
        else:
            scope |= Q(
                owner_permission=role_permission(grant.role),
                owner_permission_content_type=org_type,
                owner_permission_obj_pk=str(grant.organization_id),
            )
    return scope


def queue_for(user: Any) -> QuerySet[Nomination]:
    """Nominations with a human task waiting for this user or one of his or her roles, oldest deadline first."""
    waiting = Task.objects.filter(
        _task_scope(user),
        process_id=OuterRef("process__pk"),
        flow_task_type="HUMAN",
        status__in=OPEN_TASK_STATUSES,
    )
    return (
        Nomination.objects.filter(Exists(waiting))
        .select_related("round", "award_kind", "unit")
        .annotate(deadline=Coalesce("due_on", "round__closes_on"))
        .order_by("deadline", "submitted_at", "created_at")
    )


def flow_disagreements(nominations: QuerySet[Nomination] | None = None) -> list[tuple[Any, str, str]]:
    """(nomination id, state, what is wrong) for every file whose open tasks do not match its state."""
    problems: list[tuple[Any, str, str]] = []
    qs = (nominations if nominations is not None else Nomination.objects.all()).select_related("process")
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
        expected = TASK_FOR_STATE.get(nomination.status)
        if nomination.status in TERMINAL or expected is None:
            if open_names:
                problems.append((nomination.pk, nomination.status, f"open tasks in a final state: {open_names}"))
        elif open_names != [expected[0]]:
            problems.append((nomination.pk, nomination.status, f"expected task {expected[0]}, found {open_names}"))
    return problems
