"""Prize money: recording that a certificate's prize was paid out, and what is still owed."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.db.models import Count, Q, QuerySet, Sum

from awards.revocations import lock_certificate_for_secretary
from core import clock
from core.errors import Refusal
from nominations.models import Certificate, CertificateStatus, Nomination
from workflows.audit import record_act
from workflows.services import lock_nomination


def _money(value: Any) -> str:
    return f"{value:,}".replace(",", ".")


def certificate_mark_paid(
    *, certificate_id: Any, actor: Any, paid_on: datetime.date | None = None, client_ip: str | None = None
) -> Certificate:
    """Record that the prize of a valid certificate was paid on a day (today when not given)."""
    day = paid_on or clock.today()
    with transaction.atomic():
        certificate = lock_certificate_for_secretary(actor=actor, certificate_id=certificate_id)
        if certificate.status == CertificateStatus.REVOKED:
            raise Refusal(
                "certificate_revoked",
                "Giấy khen đã bị hủy; không chi tiền thưởng.",
                "The certificate is revoked; its prize is not paid.",
                status=409,
            )
        if certificate.paid_on is not None:
            raise Refusal(
                "already_paid",
                f"Tiền thưởng đã được ghi nhận chi ngày {certificate.paid_on:%d/%m/%Y}.",
                f"The prize was already recorded as paid on {certificate.paid_on:%Y-%m-%d}.",
                status=409,
            )
        if not certificate.prize_amount:
            raise Refusal(
                "no_prize", "Giấy khen này không kèm tiền thưởng.", "This certificate carries no prize money."
            )
        if day < certificate.issued_on or day > clock.today():
            raise Refusal(
                "invalid_paid_on",
                "Ngày chi phải từ ngày trao giấy khen đến hôm nay.",
                "The payment date must fall between the issue date and today.",
            )
        nomination = lock_nomination(certificate.nominee.nomination_id)
        certificate.paid_on = day
        certificate.paid_by = actor
        certificate.save(update_fields=["paid_on", "paid_by"])
        record_act(
            nomination=nomination,
            act="prize_paid",
            actor=actor,
            comment=(
                f"Đã chi tiền thưởng {_money(certificate.prize_amount)} đồng theo giấy khen số "
                f"{certificate.register_number} ({certificate.recipient}) ngày {day:%d/%m/%Y}."
            ),
            client_ip=client_ip,
        )
    return certificate


_PAID = Q(paid_on__isnull=False)
_MONEY = {
    "n_certificates": Count("id"),
    "n_paid": Count("id", filter=_PAID),
    "total": Sum("prize_amount"),
    "paid": Sum("prize_amount", filter=_PAID),
    "unpaid": Sum("prize_amount", filter=~_PAID),
}


def _named(row: dict[str, Any]) -> dict[str, int]:
    return {
        "certificates": row["n_certificates"],
        "certificates_paid": row["n_paid"],
        "total": row["total"] or 0,
        "paid": row["paid"] or 0,
        "unpaid": row["unpaid"] or 0,
    }


def _standing(files: QuerySet[Nomination]) -> QuerySet[Certificate]:
    # A revoked award's money is recovered (Luật TĐKT, chapter VII), so it is neither owed nor counted as paid.
    return Certificate.objects.filter(
        nominee__nomination__in=files.values("pk"), status=CertificateStatus.VALID
    ).order_by()


def prize_money(files: QuerySet[Nomination]) -> dict[str, int]:
    """Prize money of the standing certificates of these files: total, paid and unpaid (VND)."""
    return _named(_standing(files).aggregate(**_MONEY))


def prize_money_by_round(files: QuerySet[Nomination]) -> dict[int, dict[str, int]]:
    rows = _standing(files).values("nominee__nomination__round_id").annotate(**_MONEY)
    return {row["nominee__nomination__round_id"]: _named(row) for row in rows}
