"""The transition service: the only writer of a nomination's status.

Each transition is one transaction: lock the row, check visibility, permission, state,
version and guards, change the state, append the audit entry and the outbox event, and
hand the next human task to the workflow engine.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from core import clock
from core.errors import Refusal, invalid_transition, not_found, stale_version, version_required
from nominations import access as permissions
from nominations.calendar import add_working_days
from nominations.models import Nomination, NomineeResult
from nominations.states import PUBLIC_TRANSITIONS, Status, transitions_from
from workflows import hooks
from workflows.assignment import assign_by_rule
from workflows.audit import audit_append, outbox_emit
from workflows.flows import flow_for_track
from workflows.models import NominationProcess

OPEN_TASK_STATUSES = (STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED)


def version_bump(nomination: Nomination) -> None:
    """One more version for a change that leaves the file in its state (its nominees, review steps, imports)."""
    Nomination.objects.filter(pk=nomination.pk).update(version=F("version") + 1, updated_at=timezone.now())
    nomination.version += 1


def lock_nomination(nomination_id: Any) -> Nomination:
    try:
        return (
            Nomination.objects.select_for_update(of=("self",))
            .select_related("round", "award_kind", "unit", "organization")
            .get(pk=nomination_id)
        )
    except (Nomination.DoesNotExist, ValueError) as exc:
        raise not_found() from exc


def guard_refusal(nomination: Nomination, name: str) -> Refusal | None:
    transition = next(
        t
        for t in nomination.get_all_status_transitions()  # type: ignore[attr-defined]
        if t.name == name and t.source in (nomination.status, "*")
    )
    for condition in transition.conditions:
        refusal = condition.guard(nomination)
        if refusal is not None:
            return refusal
    return None


def _apply_side_fields(nomination: Nomination, name: str, actor: Any) -> dict[str, Any]:
    """Fields that change with the status, besides it."""
    today = clock.today()
    org = nomination.organization
    if name == "submit":
        # The appraisal deadline runs from receipt (SPEC.md §3).
        days = org.consultation_working_days if nomination.needs_consultation else org.appraisal_working_days
        return {
            "submitted_by_id": actor.pk,
            "submitted_at": timezone.now(),
            "due_on": add_working_days(today, days, organization_id=org.pk),
        }
    if name in ("return_for_revision", "reject", "recommend", "recognize", "withdraw"):
        return {"due_on": None}
    return {}


def _apply_nominee_results(nomination: Nomination, name: str, comment: str) -> None:
    pending = nomination.nominees.filter(result=NomineeResult.PENDING)
    if name == "withdraw":
        pending.update(result=NomineeResult.WITHDRAWN, result_reason=comment)
    elif name == "reject":
        pending.update(result=NomineeResult.NOT_APPROVED, result_reason=comment)
    elif name == "recognize":
        # Each nominee passes or fails the title's criteria on the reviewer's scores (scoring answers).
        hooks.recognized.send(sender=Nomination, nomination=nomination)


def apply_transition(
    *,
    nomination: Nomination,
    name: str,
    actor: Any,
    comment: str = "",
    client_ip: str | None = None,
    extra_fields: dict[str, Any] | None = None,
    payload: dict[str, Any] | None = None,
) -> Nomination:
    """Perform a transition on a nomination the caller has locked and checked; used by every service."""
    source = nomination.status
    nomination._transition_comment = comment  # type: ignore[attr-defined]
    getattr(nomination, name)()
    target = nomination.status
    fields = {**_apply_side_fields(nomination, name, actor), **(extra_fields or {})}
    if "due_on" in fields:
        fields["deadline"] = fields["due_on"] or nomination.round.closes_on
    updated = Nomination.objects.filter(pk=nomination.pk, version=nomination.version, status=source).update(
        status=target, version=F("version") + 1, updated_at=timezone.now(), **fields
    )
    if updated != 1:
        raise stale_version(nomination.version)
    nomination.version += 1
    for key, value in fields.items():
        setattr(nomination, key, value)
    _apply_nominee_results(nomination, name, comment)
    audit_append(
        nomination=nomination,
        transition=name,
        source=source,
        target=target,
        actor=actor,
        comment=comment,
        client_ip=client_ip,
    )
    outbox_emit(
        event=f"nomination.{name}",
        nomination=nomination,
        organization_id=nomination.organization_id,
        unit_id=nomination.unit_id,
        actor=actor,
        payload={"source": source, "target": target, "comment": comment, **(payload or {})},
    )
    assigned = None
    if target == Status.UNDER_REVIEW and nomination.organization.review_in_steps:
        assigned = assign_by_rule(nomination=nomination, actor=actor)
    flow_advance(nomination=nomination, actor=actor)
    if assigned is not None:
        Task.objects.filter(
            process__nominationprocess__nomination_id=nomination.pk,
            flow_task_type="HUMAN",
            status__in=OPEN_TASK_STATUSES,
        ).update(owner=assigned.officer, status=STATUS.ASSIGNED, assigned=timezone.now())
    hooks.transition_applied.send(
        sender=Nomination, nomination=nomination, name=name, source=source, target=target, actor=actor
    )
    return nomination


def check_requested_transition(
    *, nomination: Nomination, name: str, actor: Any, version: int | None, comment: str, version_needed: bool = False
) -> None:
    """Refuse a transition a user asked for by name on a locked file: 404, 403, 409 or 400, in that order."""
    if not permissions.can_see(actor, nomination):
        raise not_found()
    if name not in PUBLIC_TRANSITIONS:
        raise Refusal("unknown_transition", f"Không có thao tác «{name}».", f"No action '{name}'.", status=404)
    refusal = permissions.transition_refusal(actor, nomination, name)
    if refusal is not None:
        raise refusal
    if name not in transitions_from(nomination.status):
        action = (getattr(type(nomination), name, None).__doc__ or "").strip()
        raise invalid_transition(
            name, nomination.status, action_label=action, state_label=Status(nomination.status).label
        )
    if version is None and version_needed:
        raise version_required()
    if version is not None and version != nomination.version:
        raise stale_version(nomination.version)
    nomination._transition_comment = comment  # type: ignore[attr-defined]
    refusal = guard_refusal(nomination, name)
    if refusal is not None:
        raise refusal


def nomination_transition(
    *,
    nomination_id: Any,
    name: str,
    actor: Any,
    version: int | None,
    comment: str = "",
    client_ip: str | None = None,
) -> Nomination:
    """A transition requested by a user by name (API.md): 404, 403, 409 and 400 as the contract says."""
    with transaction.atomic():
        nomination = lock_nomination(nomination_id)
        check_requested_transition(nomination=nomination, name=name, actor=actor, version=version, comment=comment)
        return apply_transition(nomination=nomination, name=name, actor=actor, comment=comment, client_ip=client_ip)


def flow_start(*, nomination: Nomination) -> NominationProcess:
    flow_class = flow_for_track(nomination.award_kind.track)
    return flow_class.start.run(nomination=nomination)  # type: ignore[attr-defined,no-any-return]


def flow_advance(*, nomination: Nomination, actor: Any) -> None:
    """Complete the human task that waited for this change; the flow then routes on the new state.

    The open tasks and their process come in one query, and the process is handed to viewflow with the
    locked nomination already on it, so viewflow reads neither again. Assigning and starting happen in
    memory: the single save when the task completes writes the owner, the start and the end together.
    """
    tasks = list(
        Task.objects.filter(
            process__nominationprocess__nomination_id=nomination.pk,
            flow_task_type="HUMAN",
            status__in=OPEN_TASK_STATUSES,
        ).select_related("process")
    )
    if not tasks:
        return
    process = _nomination_process(tasks[0].process, nomination)
    for task in tasks:
        task.process = process
        activation = task.flow_task.activation_class(task)
        if task.status == STATUS.NEW:
            task.owner = actor
            task.status = STATUS.ASSIGNED
        if task.status == STATUS.ASSIGNED:
            activation.start(None)
        activation.execute()


_PROCESS_FIELDS = [f.attname for f in NominationProcess._meta.concrete_fields]


def _nomination_process(base: Any, nomination: Nomination) -> NominationProcess:
    """The NominationProcess of a base process row already read, without reading it again."""
    values = {f.attname: getattr(base, f.attname) for f in base._meta.concrete_fields}
    values.update(process_ptr_id=base.pk, nomination_id=nomination.pk)
    process = NominationProcess.from_db(base._state.db, _PROCESS_FIELDS, [values[name] for name in _PROCESS_FIELDS])
    process.nomination = nomination
    return process
