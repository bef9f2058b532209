"""The unit records or withdraws an awardee's consent to be shown on the public honour board."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from core.errors import Refusal, forbidden
from honour.models import HonourConsent
from nominations import access as permissions
from nominations.models import Certificate, CertificateStatus, Nominee, Role
from workflows.audit import record_act
from workflows.services import lock_nomination


def _nominee_not_found() -> Refusal:
    return Refusal("not_found", "Không tìm thấy người / tập thể được khen.", "Nominee not found.", status=404)


def awardees_of_units(user: Any) -> QuerySet[Certificate]:
    """Certificates of the files of the units where this user is a submitter, newest first."""
    unit_ids = permissions.unit_ids_of(user, frozenset({Role.SUBMITTER}))
    return (
        Certificate.objects.filter(nominee__nomination__unit_id__in=unit_ids)
        .select_related("nominee", "nominee__nomination", "award_kind", "decision")
        .order_by("-register_year", "-register_seq")
    )


def _lock_awardee(*, nominee_id: Any, actor: Any) -> tuple[Nominee, Any]:
    try:
        nominee = Nominee.objects.select_related("nomination").get(pk=nominee_id)
    except (Nominee.DoesNotExist, ValueError, TypeError) as exc:
        raise _nominee_not_found() from exc
    nomination = lock_nomination(nominee.nomination_id)
    if not permissions.can_see(actor, nomination):
        raise _nominee_not_found()
    if not permissions.has_role(actor, Role.SUBMITTER, unit_id=nomination.unit_id):
        raise forbidden(
            "Chỉ cán bộ lập hồ sơ của đơn vị đề nghị mới ghi nhận sự đồng ý công khai.",
            "Only the nominating unit's submitters record consent to the honour board.",
            code="unit_only",
        )
    return nominee, nomination


def honour_consent_record(*, nominee_id: Any, actor: Any, client_ip: str | None = None) -> HonourConsent:
    """The awardee agreed to be named on the public board; only for a certificate still valid."""
    with transaction.atomic():
        nominee, nomination = _lock_awardee(nominee_id=nominee_id, actor=actor)
        if not Certificate.objects.filter(nominee_id=nominee.pk, status=CertificateStatus.VALID).exists():
            raise Refusal(
                "not_awarded",
                "Chỉ ghi nhận đồng ý công khai cho người / tập thể có giấy khen còn hiệu lực.",
                "Consent is recorded only for a nominee holding a valid certificate.",
                status=409,
            )
        consent, created = HonourConsent.objects.get_or_create(
            nominee=nominee, defaults={"consented_at": timezone.now(), "recorded_by": actor}
        )
        if created:
            record_act(
                nomination=nomination,
                act="honour_consent",
                actor=actor,
                comment=f"Đồng ý công khai trên bảng vinh danh: {nominee.name}",
                client_ip=client_ip,
            )
    return consent


def honour_consent_withdraw(*, nominee_id: Any, actor: Any, client_ip: str | None = None) -> bool:
    """The awardee no longer wishes to be shown; returns whether a consent was withdrawn."""
    with transaction.atomic():
        nominee, nomination = _lock_awardee(nominee_id=nominee_id, actor=actor)
        deleted, _ = HonourConsent.objects.filter(nominee_id=nominee.pk).delete()
        if deleted:
            record_act(
                nomination=nomination,
                act="honour_withdraw",
                actor=actor,
                comment=f"Rút đồng ý công khai trên bảng vinh danh: {nominee.name}",
                client_ip=client_ip,
            )
    return bool(deleted)


def honour_board(*, year: int) -> QuerySet[Certificate]:
    """Consented, still valid certificates entered in that year's register: public facts only."""
    return (
        Certificate.objects.filter(
            register_year=year, status=CertificateStatus.VALID, nominee__honour_consent__isnull=False
        )
        .select_related("award_kind", "decision", "organization")
        .only(
            "recipient",
            "register_year",
            "register_seq",
            "award_kind__name",
            "award_kind__order",
            "decision__number_text",
            "decision__signed_on",
            "organization__name",
        )
        .order_by("award_kind__order", "register_seq")
    )
