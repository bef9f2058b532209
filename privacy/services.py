"""Recording reads of personal data: who, what, when, and why when the read rests on an access grant.

A read is logged when it returns a CCCD, an ethnicity or a birth date (Nghị định 13/2023/NĐ-CP treats
ethnicity as sensitive data), when it downloads an attachment or an export (scans and spreadsheets
carry the same data and leave the system), when it rests on an administrator's time-limited grant,
and whenever the supervisor reads a file: the supervisor changes nothing, so the log is the only trace.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from core.errors import Refusal, forbidden
from nominations import access as permissions
from nominations.models import AccessGrantStatus, FileAccessGrant, Nomination, Nominee, Role
from privacy.models import AccessKind, AccessLog

# Roles whose every read of a file is logged, personal data or not.
LOGGED_ROLES = frozenset({Role.SUPERVISOR})
MAX_GRANT = datetime.timedelta(days=7)


def _carries_personal_data(nomination: Any) -> bool:
    return (
        Nominee.objects.filter(nomination_id=nomination.pk)
        .filter(~Q(citizen_id="") | ~Q(ethnicity="") | Q(birth_date__isnull=False))
        .exists()
    )


def _reader_role(actor: Any, nomination: Any) -> str:
    if nomination is not None and nomination.unit_id in permissions.unit_ids_of(actor):
        return "unit"
    organization_id = getattr(nomination, "organization_id", None)
    roles = sorted(
        {
            g.role
            for g in permissions.grants_of(actor)
            if organization_id is None or g.organization_id == organization_id
        }
    )
    if roles:
        return roles[0]
    return "admin" if actor.is_superuser else ""


def access_log_record(
    *,
    actor: Any,
    nomination: Any = None,
    channel: str,
    kind: str = AccessKind.DETAIL,
    subject: str = "",
    client_ip: str | None = None,
) -> AccessLog | None:
    """Log this read if it is one the data-protection officer must be able to see; None otherwise."""
    if not getattr(actor, "is_authenticated", False):
        return None
    grant = None
    if nomination is not None and not _reads_by_role(actor, nomination):
        grant = permissions.active_grant(actor, nomination)
    logged = (
        kind in (AccessKind.ATTACHMENT, AccessKind.EXPORT)
        or grant is not None
        or (nomination is not None and _supervises(actor, nomination))
        or (
            nomination is not None
            and permissions.sees_personal_data(actor, nomination)
            and _carries_personal_data(nomination)
        )
    )
    if not logged:
        return None
    return AccessLog.objects.create(
        actor=actor,
        nomination_id=getattr(nomination, "pk", None),
        role=_reader_role(actor, nomination),
        channel=channel,
        kind=kind,
        subject=subject[:300],
        reason=grant.reason if grant else "",
        grant=grant,
        client_ip=client_ip,
    )


def _reads_by_role(actor: Any, nomination: Any) -> bool:
    return nomination.unit_id in permissions.unit_ids_of(actor) or (
        nomination.submitted_at is not None and nomination.organization_id in permissions.body_organization_ids(actor)
    )


def _supervises(actor: Any, nomination: Any) -> bool:
    return any(
        g.role in LOGGED_ROLES and g.organization_id == nomination.organization_id for g in permissions.grants_of(actor)
    )


# --- Access grants -----------------------------------------------------------------------------


def _administers(user: Any, organization_id: int) -> bool:
    return user.is_superuser or permissions.has_role(user, Role.ADMIN, organization_id=organization_id)


def access_grant_request(*, actor: Any, nomination_id: Any, reason: str) -> FileAccessGrant:
    """An administrator asks to read one file, saying why."""
    reason = (reason or "").strip()
    nomination = Nomination.objects.filter(pk=nomination_id).only("pk", "organization_id").first()
    if nomination is None or not _administers(actor, nomination.organization_id):
        raise Refusal("not_found", "Không tìm thấy hồ sơ.", "Not found.", status=404)
    if not reason:
        raise Refusal("reason_required", "Cần nêu lý do cần xem hồ sơ.", "Say why you need to read the file.")
    return FileAccessGrant.objects.create(
        nomination=nomination, grantee=actor, reason=reason, requested_at=timezone.now()
    )


def access_grant_decide(
    *, grant_id: Any, actor: Any, approve: bool, duration: datetime.timedelta = datetime.timedelta(hours=24)
) -> FileAccessGrant:
    """The organisation's signer (the Chairman) grants a request for a bounded time, or refuses it."""
    with transaction.atomic():
        grant = FileAccessGrant.objects.select_for_update().select_related("nomination").filter(pk=grant_id).first()
        if grant is None:
            raise Refusal("not_found", "Không tìm thấy đề nghị.", "Request not found.", status=404)
        if not permissions.has_role(actor, Role.SIGNER, organization_id=grant.nomination.organization_id):
            raise forbidden(
                "Chỉ lãnh đạo ký duyệt của cơ quan mới cho phép xem hồ sơ.",
                "Only the organisation's signer may grant access to a file.",
                code="signer_only",
            )
        if actor.pk == grant.grantee_id:
            raise forbidden("Không tự duyệt cho mình.", "Nobody grants access to himself.", code="self_grant")
        if grant.status != AccessGrantStatus.REQUESTED:
            raise Refusal("already_decided", "Đề nghị đã được xử lý.", "The request was already decided.", status=409)
        if not datetime.timedelta(hours=1) <= duration <= MAX_GRANT:
            raise Refusal(
                "invalid_duration",
                "Thời hạn xem từ 1 giờ đến 7 ngày.",
                "A grant lasts between an hour and seven days.",
            )
        now = timezone.now()
        grant.status = AccessGrantStatus.GRANTED if approve else AccessGrantStatus.REFUSED
        grant.decided_by = actor
        grant.decided_at = now
        grant.expires_at = now + duration if approve else None
        grant.save(update_fields=["status", "decided_by", "decided_at", "expires_at"])
    return grant


def access_grant_revoke(*, grant_id: Any, actor: Any) -> FileAccessGrant:
    with transaction.atomic():
        grant = FileAccessGrant.objects.select_for_update().select_related("nomination").filter(pk=grant_id).first()
        if grant is None or not (
            actor.pk == grant.grantee_id
            or permissions.has_role(actor, Role.SIGNER, organization_id=grant.nomination.organization_id)
        ):
            raise Refusal("not_found", "Không tìm thấy đề nghị.", "Request not found.", status=404)
        grant.status = AccessGrantStatus.REVOKED
        grant.expires_at = timezone.now()
        grant.save(update_fields=["status", "expires_at"])
    return grant
