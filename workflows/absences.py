"""Handing over work: a user away records a substitute, and an administrator reassigns a waiting task.

While an absence runs the substitute holds the absent user's roles (nominations.access.grants_of), so
the files waiting for those roles sit in the substitute's queue and the substitute may act on them; the
tasks the absent user had claimed are handed over by name, and each handover is written in the file's
audit chain with both names, so the original holder is never lost.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from core import clock
from core.errors import Refusal, forbidden
from nominations import access as permissions
from nominations.models import Absence, Membership, Nomination, Role, User
from workflows.audit import outbox_emit, record_act
from workflows.flows import TASK_FOR_STATE
from workflows.services import OPEN_TASK_STATUSES, lock_nomination


def absence_not_found() -> Refusal:
    return Refusal("not_found", "Không tìm thấy lịch vắng mặt.", "Absence not found.", status=404)


def _substitute(username: str, actor: Any) -> User:
    substitute = User.objects.filter(username=username, is_active=True).first()
    if substitute is None or substitute.pk == actor.pk:
        raise Refusal(
            "invalid_substitute",
            "Người thay thế phải là một người dùng khác đang hoạt động.",
            "The substitute must be another active user.",
        )
    own = set(Membership.objects.filter(user_id=actor.pk).values_list("organization_id", flat=True))
    if not Membership.objects.filter(user_id=substitute.pk, organization_id__in=own).exists():
        raise Refusal(
            "invalid_substitute",
            f"{substitute} không thuộc cơ quan của bạn, không thể làm người thay thế.",
            f"{substitute.username} does not belong to your organisation.",
        )
    return substitute


def _overlapping(user_id: int, starts_on: datetime.date, ends_on: datetime.date) -> Any:
    return Absence.objects.filter(
        user_id=user_id, cancelled_at__isnull=True, starts_on__lte=ends_on, ends_on__gte=starts_on
    )


def absence_record(
    *,
    actor: Any,
    starts_on: datetime.date,
    ends_on: datetime.date,
    substitute: str,
    client_ip: str | None = None,
) -> Absence:
    """Record the actor's own absence; work waiting for the actor goes to the substitute while it runs."""
    today = clock.today()
    if ends_on < starts_on or ends_on < today:
        raise Refusal(
            "invalid_period",
            "Thời gian vắng mặt không hợp lệ: ngày kết thúc phải sau ngày bắt đầu và chưa qua.",
            "The period is invalid: it must end on or after its start, and not in the past.",
        )
    with transaction.atomic():
        # One absence at a time per person: the user's row serialises concurrent requests.
        User.objects.select_for_update().filter(pk=actor.pk).first()
        person = _substitute(substitute, actor)
        if _overlapping(actor.pk, starts_on, ends_on).exists():
            raise Refusal(
                "absence_overlap",
                "Bạn đã có lịch vắng mặt trùng thời gian này.",
                "You already have an absence in this period.",
                status=409,
            )
        if _overlapping(person.pk, starts_on, ends_on).exists():
            raise Refusal(
                "substitute_absent",
                f"{person} cũng vắng mặt trong thời gian này.",
                f"{person.username} is also away in this period.",
                status=409,
            )
        absence = Absence.objects.create(user=actor, substitute=person, starts_on=starts_on, ends_on=ends_on)
        organization_id = (
            Membership.objects.filter(user_id=actor.pk).values_list("organization_id", flat=True).order_by("pk").first()
        )
        if organization_id is not None:
            outbox_emit(
                event="absence.recorded",
                organization_id=organization_id,
                actor=actor,
                payload={
                    "recipient_ids": [person.pk],
                    "absent": str(actor),
                    "starts_on": starts_on.isoformat(),
                    "ends_on": ends_on.isoformat(),
                },
            )
        if starts_on <= today:
            _hand_over(absence, client_ip=client_ip)
    return absence


def absence_cancel(*, absence_id: Any, actor: Any) -> Absence:
    """End one's own absence early (or call it off); tasks already handed over stay with the substitute."""
    with transaction.atomic():
        absence = Absence.objects.select_for_update().filter(pk=absence_id, user_id=actor.pk).first()
        if absence is None:
            raise absence_not_found()
        if absence.cancelled_at is None:
            absence.cancelled_at = timezone.now()
            absence.save(update_fields=["cancelled_at"])
    return absence


def absences_begin(*, on: datetime.date | None = None) -> int:
    """Hand over the claimed tasks of everyone whose absence starts on `on` (today); returns tasks moved."""
    day = on or clock.today()
    moved = 0
    for absence_id in Absence.objects.filter(starts_on=day, cancelled_at__isnull=True).values_list("pk", flat=True):
        with transaction.atomic():
            absence = Absence.objects.select_for_update().get(pk=absence_id)
            if absence.cancelled_at is None:
                moved += _hand_over(absence, client_ip=None)
    return moved


def _open_task_query() -> Q:
    return Q(flow_task_type="HUMAN", status__in=OPEN_TASK_STATUSES)


def _hand_over(absence: Absence, *, client_ip: str | None) -> int:
    nomination_ids = list(
        Task.objects.filter(_open_task_query(), owner_id=absence.user_id)
        .values_list("process__nominationprocess__nomination_id", flat=True)
        .distinct()
    )
    comment = (
        f"Chuyển việc của {absence.user} sang {absence.substitute} trong thời gian vắng mặt "
        f"{absence.starts_on:%d/%m/%Y}–{absence.ends_on:%d/%m/%Y}."
    )
    moved = 0
    for nomination_id in sorted(str(pk) for pk in nomination_ids):
        nomination = lock_nomination(nomination_id)
        moved += _move_tasks(nomination, from_id=absence.user_id, to=absence.substitute)
        record_act(nomination=nomination, act="reassign", actor=absence.user, comment=comment, client_ip=client_ip)
    return moved


def _move_tasks(nomination: Nomination, *, from_id: int | None, to: Any) -> int:
    tasks = Task.objects.filter(_open_task_query(), process__nominationprocess__nomination_id=nomination.pk)
    if from_id is not None:
        tasks = tasks.filter(owner_id=from_id)
    return tasks.update(owner=to, status=STATUS.ASSIGNED, assigned=timezone.now())


def task_reassign(*, nomination_id: Any, actor: Any, to: str, reason: str, client_ip: str | None = None) -> Nomination:
    """An administrator gives a file's waiting task to someone who holds the role it waits for."""
    reason = (reason or "").strip()
    with transaction.atomic():
        nomination = lock_nomination(nomination_id)
        if not (
            actor.is_superuser or permissions.has_role(actor, Role.ADMIN, organization_id=nomination.organization_id)
        ):
            raise forbidden(
                "Chỉ quản trị hệ thống mới được giao lại việc.",
                "Only an administrator may reassign a task.",
                code="admin_only",
            )
        if not reason:
            raise Refusal("reason_required", "Cần ghi rõ lý do giao lại việc.", "Give the reason for reassigning.")
        waiting = TASK_FOR_STATE.get(nomination.status)
        # The file's row lock (above) already serialises every change to its tasks.
        task = (
            Task.objects.filter(_open_task_query(), process__nominationprocess__nomination_id=nomination.pk)
            .select_related("owner")
            .order_by("created", "pk")
            .first()
        )
        if task is None or waiting is None:
            raise Refusal("no_open_task", "Hồ sơ không có việc đang chờ.", "The file has no waiting task.", status=409)
        target = User.objects.filter(username=to, is_active=True).first()
        _, role, scope = waiting
        holds = target is not None and permissions.has_role(
            target,
            role,
            organization_id=nomination.organization_id,
            unit_id=nomination.unit_id if scope == "unit" else None,
        )
        if target is None or not holds:
            label = Role(role).label
            raise Refusal(
                "not_a_holder",
                f"Người được giao phải giữ vai trò «{label}» của cơ quan.",
                f"The new holder must hold the role '{role}'.",
            )
        previous = task.owner
        _move_tasks(nomination, from_id=None, to=target)
        record_act(
            nomination=nomination,
            act="reassign",
            actor=actor,
            comment=f"Giao lại việc từ {previous or 'bộ phận'} cho {target}: {reason}",
            client_ip=client_ip,
            payload={
                "recipient_ids": [pk for pk in (target.pk, getattr(previous, "pk", None)) if pk],
                "comment": reason,
            },
            event="nomination.task_reassigned",
        )
    return nomination
