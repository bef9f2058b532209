"""Organisations over time: renaming, transfer to another parent, and merger into a successor, by legal act.

Nothing already signed changes: documents are kept as signed (nominations.records), and headers are drawn
from the organisation as it stood on each document's date (nominations.letterhead.organization_on).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction

from core.errors import Refusal, forbidden
from nominations.models import (
    AwardHistory,
    Campaign,
    DocumentRegister,
    Membership,
    Nomination,
    Organization,
    OrganizationVersion,
    Succession,
    SuccessionKind,
    Unit,
)
from nominations.states import Status
from workflows.audit import outbox_emit, record_act
from workflows.services import lock_nomination

# A file that has its decision stays with the body that decided it; every other file moves on.
_SETTLED = (Status.DECIDED, Status.ISSUED, Status.REJECTED, Status.NOT_APPROVED, Status.WITHDRAWN)


def _require_admin(actor: Any) -> None:
    if not actor.is_superuser:
        raise forbidden(
            "Chỉ quản trị hệ thống mới ghi nhận việc sáp nhập, đổi tên cơ quan.",
            "Only an administrator records mergers and renamings.",
            code="admin_only",
        )


def _act_required(act_number: str, act_body: str) -> None:
    if not act_number.strip() or not act_body.strip():
        raise Refusal(
            "act_required",
            "Cần ghi số văn bản và cơ quan ban hành văn bản làm căn cứ.",
            "Give the number and issuing body of the legal act.",
        )


def _lock(pk: Any) -> Organization:
    try:
        return Organization.objects.select_for_update().get(pk=pk)
    except (Organization.DoesNotExist, ValueError, TypeError) as exc:
        raise Refusal("not_found", "Không tìm thấy cơ quan.", "Organisation not found.", status=404) from exc


def _keep_current_as_version(organization: Organization) -> None:
    """Before the first change, the organisation's present name, header and parent become its first version."""
    if organization.versions.exists():
        return
    OrganizationVersion.objects.create(
        organization=organization,
        valid_from=organization.valid_from or datetime.date(1945, 9, 2),
        name=organization.name,
        issuing_body=organization.issuing_body,
        parent=organization.parent,
        parent_body=organization.parent_body,
        place_name=organization.place_name,
    )


def organization_rename(
    *,
    actor: Any,
    organization_id: Any,
    effective_on: datetime.date,
    name: str,
    issuing_body: str,
    place_name: str,
    parent_id: int | None,
    parent_body: str = "",
    act_number: str,
    act_date: datetime.date,
    act_body: str,
    kind: str = SuccessionKind.RENAMING,
) -> Organization:
    """A new name, header, place or parent from a date (renaming, or transfer to another parent)."""
    _require_admin(actor)
    _act_required(act_number, act_body)
    with transaction.atomic():
        organization = _lock(organization_id)
        _keep_current_as_version(organization)
        if organization.versions.filter(valid_from__gte=effective_on).exists():
            raise Refusal(
                "not_after_last_change",
                "Ngày hiệu lực phải sau lần thay đổi gần nhất.",
                "The change must take effect after the last one.",
                status=409,
            )
        OrganizationVersion.objects.create(
            organization=organization,
            valid_from=effective_on,
            name=name,
            issuing_body=issuing_body,
            parent_id=parent_id,
            parent_body=parent_body,
            place_name=place_name,
            act=f"{act_number} ngày {act_date:%d/%m/%Y} của {act_body}",
        )
        # The row shows the organisation as it is now; the versions keep how it was.
        organization.name, organization.issuing_body, organization.place_name = name, issuing_body, place_name
        organization.parent_id, organization.parent_body = parent_id, parent_body
        organization.save(update_fields=["name", "issuing_body", "place_name", "parent", "parent_body"])
        Succession.objects.create(
            predecessor=organization,
            successor=organization,
            kind=kind,
            effective_on=effective_on,
            act_number=act_number,
            act_date=act_date,
            act_body=act_body,
            recorded_by=actor,
        )
        outbox_emit(
            event="organization.renamed",
            organization_id=organization.pk,
            actor=actor,
            payload={"name": name, "effective_on": effective_on.isoformat(), "act": act_number},
        )
    return organization


def organization_merge(
    *,
    actor: Any,
    predecessor_id: Any,
    successor_id: Any,
    effective_on: datetime.date,
    act_number: str,
    act_date: datetime.date,
    act_body: str,
    move_people: bool = False,
    client_ip: str | None = None,
) -> Succession:
    """The predecessor ends the day before ``effective_on``; its campaigns (with their rounds), open files,
    units, award history and registers pass to the successor; its people too when the administrator says so.
    Decisions, certificates and minutes stay the predecessor's, as signed."""
    _require_admin(actor)
    _act_required(act_number, act_body)
    if str(predecessor_id) == str(successor_id):
        raise Refusal("same_organization", "Cơ quan kế thừa phải là cơ quan khác.", "The successor must differ.")
    with transaction.atomic():
        first, second = sorted([predecessor_id, successor_id], key=str)
        locked = {str(o.pk): o for o in (_lock(first), _lock(second))}
        predecessor, successor = locked[str(predecessor_id)], locked[str(successor_id)]
        if predecessor.successor_id is not None:
            raise Refusal(
                "already_succeeded",
                f"{predecessor.name} đã có cơ quan kế thừa.",
                "The organisation already has a successor.",
                status=409,
            )
        _keep_current_as_version(predecessor)
        moved: dict[str, int] = {}
        moved["campaigns"] = Campaign.objects.filter(organization=predecessor).update(organization=successor)
        units_moved = 0
        for unit in Unit.objects.filter(organization=predecessor):
            twin = Unit.objects.filter(organization=successor, name=unit.name).first()
            if twin is None:
                unit.organization = successor
                unit.save(update_fields=["organization"])
                units_moved += 1
            else:
                # Both wards had a body of that name: the successor's carries on with the predecessor's files.
                Nomination.objects.filter(unit=unit).exclude(status__in=_SETTLED).update(unit=twin)
                if move_people:
                    for membership in Membership.objects.filter(unit=unit):
                        Membership.objects.get_or_create(
                            user=membership.user, organization=successor, unit=twin, role=membership.role
                        )
        moved["units"] = units_moved
        # A unit's own people go where their unit goes.
        Membership.objects.filter(organization=predecessor, unit__organization=successor).update(organization=successor)
        files = list(
            Nomination.objects.filter(organization=predecessor)
            .exclude(status__in=_SETTLED)
            .values_list("pk", flat=True)
        )
        for pk in sorted(files, key=str):
            nomination = lock_nomination(pk)
            Nomination.objects.filter(pk=pk).update(organization=successor)
            record_act(
                nomination=nomination,
                act="transfer",
                actor=actor,
                comment=f"Chuyển sang {successor.name} theo {act_number} ngày {act_date:%d/%m/%Y} của {act_body}.",
                client_ip=client_ip,
            )
        moved["files"] = len(files)
        moved["award_history"] = AwardHistory.objects.filter(organization=predecessor).update(organization=successor)
        registers = 0
        for register in DocumentRegister.objects.filter(organization=predecessor):
            if not DocumentRegister.objects.filter(organization=successor, kind=register.kind).exists():
                register.organization = successor
                register.save(update_fields=["organization"])
                registers += 1
        moved["registers"] = registers
        if move_people:
            people = 0
            for membership in Membership.objects.filter(organization=predecessor, unit__isnull=True):
                _, created = Membership.objects.get_or_create(
                    user=membership.user,
                    organization=successor,
                    unit=None,
                    role=membership.role,
                    defaults={"position": membership.position},
                )
                people += created
            moved["people"] = people
        predecessor.valid_to = effective_on - datetime.timedelta(days=1)
        predecessor.successor = successor
        predecessor.save(update_fields=["valid_to", "successor"])
        if successor.valid_from is None or successor.valid_from > effective_on:
            successor.valid_from = effective_on
            successor.save(update_fields=["valid_from"])
        succession = Succession.objects.create(
            predecessor=predecessor,
            successor=successor,
            kind=SuccessionKind.MERGER,
            effective_on=effective_on,
            act_number=act_number,
            act_date=act_date,
            act_body=act_body,
            recorded_by=actor,
            moved=moved,
        )
        outbox_emit(
            event="organization.merged",
            organization_id=successor.pk,
            actor=actor,
            payload={"predecessor": predecessor.pk, "successor": successor.pk, "act": act_number, **moved},
        )
    return succession
