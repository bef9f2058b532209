"""Who hears of an event: people chosen by role and unit, never by name.

An event's family (the part of its code before the dot) decides the audience:
- nomination.*: the submitting unit's clerks and head, the role that must act next
  (workflows.flows.TASK_FOR_STATE, the "task assignment"), the broadcaster for radio praise,
  and the supervisor (MTTQ) at submission and at every outcome;
- council.*: the council's members, chair and standing office (the agenda reaches the
  council once per session, not once per file);
- decision.*: the signer while a decision waits for a signature, then the secretary (the
  units hear of their own files through nomination.decide);
- certificate.*: the unit awarded (or revoked) and the secretary; broadcast.*: the broadcaster;
- deadline.*: whoever must act now, and on a passed deadline also the head of that body;
- report.*: the clerks and heads of every unit.
A payload may name its people outright with "recipient_ids" (e.g. a vote reminder to the
members who have not voted yet) and the units concerned with "unit_ids".
The person who caused the event is not told of it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q

from core import clock
from nominations.models import Absence, Membership, Organization, Produces, Role, User
from nominations.states import Status
from workflows.flows import TASK_FOR_STATE
from workflows.models import OutboxEvent

UNIT_PEOPLE = (Role.SUBMITTER, Role.UNIT_HEAD)
COUNCIL = (Role.COUNCIL_MEMBER, Role.COUNCIL_CHAIR)
# States at which the supervisor (giám sát) hears of a file: when it leaves the unit, and its outcomes.
SUPERVISED_TARGETS = frozenset(
    {Status.SUBMITTED, Status.APPROVED, Status.NOT_APPROVED, Status.REJECTED, Status.DECIDED, Status.ISSUED}
)


def _holders(organization_id: int, roles: Iterable[str], *, unit_ids: Iterable[int] | None = None) -> set[int]:
    scope = Q(organization_id=organization_id, role__in=list(roles))
    if unit_ids is not None:
        scope &= Q(unit_id__in=list(unit_ids))
    return set(Membership.objects.filter(scope).values_list("user_id", flat=True))


def queue_holders(organization_id: int, state: str, unit_id: int | None) -> set[int]:
    """The people whose queue a file in `state` waits in."""
    task = TASK_FOR_STATE.get(state)
    if task is None:
        return set()
    _, role, scope = task
    if state == Status.UNDER_REVIEW and Organization.objects.filter(pk=organization_id, review_in_steps=True).exists():
        # Reviewing in steps, a file entering review waits for the head to assign its case officer.
        return _holders(organization_id, [Role.REVIEW_HEAD, Role.REVIEW_CLERK])
    if scope == "unit":
        return _holders(organization_id, [role], unit_ids=[unit_id] if unit_id else [])
    return _holders(organization_id, [role])


def heads_of_body(organization_id: int, state: str, unit_id: int | None) -> set[int]:
    """The head of the body a late file waits in: its unit's head, else the Chairman who signs."""
    task = TASK_FOR_STATE.get(state)
    if task is not None and task[2] == "unit":
        heads = _holders(organization_id, [Role.UNIT_HEAD], unit_ids=[unit_id] if unit_id else [])
    elif task is not None:
        body_units = Membership.objects.filter(
            organization_id=organization_id, role=task[1], unit__isnull=False
        ).values_list("unit_id", flat=True)
        heads = _holders(organization_id, [Role.UNIT_HEAD], unit_ids=body_units)
    else:
        heads = set()
    return heads or _holders(organization_id, [Role.SIGNER])


def _nomination_audience(event: OutboxEvent) -> set[int]:
    nomination = event.nomination
    org = event.organization_id
    target = event.payload.get("target") or (nomination.status if nomination else "")
    people = _holders(org, UNIT_PEOPLE, unit_ids=[event.unit_id] if event.unit_id else [])
    people |= queue_holders(org, target, event.unit_id)
    if target in SUPERVISED_TARGETS:
        people |= _holders(org, [Role.SUPERVISOR])
    radio = nomination is not None and nomination.award_kind.produces == Produces.BROADCAST
    if radio and target in (Status.DECIDED, Status.ISSUED):
        people |= _holders(org, [Role.BROADCASTER])
    return people


def _unit_ids(event: OutboxEvent) -> list[int]:
    ids = [int(i) for i in event.payload.get("unit_ids", [])]
    if event.unit_id:
        ids.append(event.unit_id)
    return ids


def _audience(event: OutboxEvent) -> set[int]:
    family, _, kind = event.event.partition(".")
    org = event.organization_id
    if family == "nomination":
        return _nomination_audience(event)
    if family == "council":
        return _holders(org, [*COUNCIL, Role.SECRETARY])
    if family == "decision":
        if kind in ("drafted", "created", "submitted_for_signature"):
            return _holders(org, [Role.SIGNER])
        return _holders(org, [Role.SECRETARY]) | _holders(org, UNIT_PEOPLE, unit_ids=_unit_ids(event))
    if family == "certificate":
        people = _holders(org, UNIT_PEOPLE, unit_ids=_unit_ids(event)) | _holders(org, [Role.SECRETARY])
        return people | (_holders(org, [Role.SUPERVISOR]) if kind == "revoked" else set())
    if family == "broadcast":
        return _holders(org, [Role.BROADCASTER, Role.SECRETARY]) | _holders(org, UNIT_PEOPLE, unit_ids=_unit_ids(event))
    if family == "deadline":
        state = event.nomination.status if event.nomination else ""
        people = queue_holders(org, state, event.unit_id)
        if kind == "passed":
            people |= heads_of_body(org, state, event.unit_id)
        return people
    if family == "annual_report":
        # The Hội Khuyến học aggregates the units' reports for the ward leadership.
        return _holders(org, [Role.REVIEWER])
    if family == "report":
        return set(
            Membership.objects.filter(organization_id=org, role__in=UNIT_PEOPLE, unit__isnull=False).values_list(
                "user_id", flat=True
            )
        )
    return set()


def _with_substitutes(ids: set[int]) -> set[int]:
    """Whoever is away today is replaced by the substitute he or she named."""
    if not ids:
        return ids
    today = clock.today()
    away = dict(
        Absence.objects.filter(
            user_id__in=ids, starts_on__lte=today, ends_on__gte=today, cancelled_at__isnull=True
        ).values_list("user_id", "substitute_id")
    )
    return (ids - set(away)) | set(away.values())


def recipients_for(event: OutboxEvent) -> list[Any]:
    """The active people to notify of `event`, in a stable order.

    People chosen by role are replaced by their substitutes while away; people named outright (a
    council member's own vote, a substitute told of the handover) are told themselves.
    """
    explicit = event.payload.get("recipient_ids")
    ids = {int(i) for i in explicit} if explicit else _with_substitutes(_audience(event))
    ids.discard(event.actor_id)  # type: ignore[arg-type]
    return list(User.objects.filter(pk__in=ids, is_active=True).order_by("pk"))
