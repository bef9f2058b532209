"""What the awards room reads: who sees which decisions, certificates and broadcasts, the prize each nominee is due."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet

from core.errors import Refusal
from documents.money import prize_amount as compute_prize
from nominations import access as permissions
from nominations.models import (
    BaseSalary,
    Broadcast,
    Certificate,
    Decision,
    DecisionKind,
    DecisionStatus,
    Nominee,
    NomineeResult,
    PrizeCoefficient,
)


def decision_not_found() -> Refusal:
    return Refusal("not_found", "Không tìm thấy quyết định.", "Decision not found.", status=404)


def certificate_not_found() -> Refusal:
    return Refusal("not_found", "Không tìm thấy giấy khen.", "Certificate not found.", status=404)


def base_salary_on(day: datetime.date) -> BaseSalary | None:
    return BaseSalary.objects.filter(effective_from__lte=day).order_by("-effective_from").first()


def prize_for(*, award_kind_id: int, nominee_kind: str, day: datetime.date) -> tuple[Decimal | None, int | None, int]:
    """(coefficient, base salary, amount) for a nominee on the decision date; no coefficient → no prize."""
    coefficient = (
        PrizeCoefficient.objects.filter(award_kind_id=award_kind_id, nominee_kind=nominee_kind)
        .values_list("coefficient", flat=True)
        .first()
    )
    if coefficient is None:
        return None, None, 0
    base = base_salary_on(day)
    if base is None:
        raise Refusal(
            "no_base_salary",
            f"Chưa có mức lương cơ sở áp dụng tại ngày {day:%d/%m/%Y}; cần cập nhật danh mục.",
            f"No base salary is in force on {day:%Y-%m-%d}; update the table.",
        )
    return coefficient, base.amount, compute_prize(coefficient, base.amount)


def visible_decisions(user: Any) -> QuerySet[Decision]:
    """The bodies' decisions, and, once signed, those naming a file of one of the user's units: the nominating
    unit is among a decision's recipients."""
    qs = Decision.objects.select_related("organization", "award_kind", "signed_by", "drafted_by")
    if user.is_superuser:
        return qs
    unit_ids = permissions.unit_ids_of(user)
    own_files = Q(items__nomination__unit_id__in=unit_ids) | Q(
        revoked_certificate__nominee__nomination__unit_id__in=unit_ids
    )
    body = Q(organization_id__in=permissions.body_organization_ids(user))
    if not unit_ids:
        return qs.filter(body)
    visible = Decision.objects.filter(body | (own_files & ~Q(status=DecisionStatus.DRAFT))).values("pk")
    return qs.filter(pk__in=visible)


def visible_certificates(user: Any) -> QuerySet[Certificate]:
    qs = Certificate.objects.select_related("decision", "award_kind", "nominee", "organization")
    if user.is_superuser:
        return qs
    return qs.filter(nominee__nomination__in=permissions.visible_nominations(user).values("pk"))


def visible_broadcasts(user: Any) -> QuerySet[Broadcast]:
    qs = Broadcast.objects.select_related("decision")
    if user.is_superuser:
        return qs
    return qs.filter(organization_id__in=permissions.broadcast_organization_ids(user))


def decision_nominees(decision: Decision) -> QuerySet[Nominee]:
    """The nominees a decision names: approved ones of its files, or the revoked certificate's holder."""
    if decision.kind == DecisionKind.REVOCATION:
        return Nominee.objects.filter(certificate__revocation_decisions=decision)
    return (
        Nominee.objects.filter(nomination__decision_items__decision=decision)
        .filter(result__in=[NomineeResult.APPROVED, NomineeResult.REVOKED])
        .select_related("nomination")
        .order_by("nomination__reference", "order", "id")
    )


def certificate_by_code(code: str) -> Certificate | None:
    return (
        Certificate.objects.select_related("decision", "award_kind", "organization")
        .filter(verification_code=code)
        .first()
    )
