"""Writers of the nomination file itself: create, edit, nominees and attachments.

Every write is one transaction with its audit entry; status changes go through
workflows.services.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import IO, Any

from django.conf import settings
from django.core.files.base import File
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from core import uploads as files
from core.errors import Refusal, forbidden, not_found, stale_version
from nominations import access as permissions
from nominations.models import (
    Attachment,
    AttachmentKind,
    AwardKind,
    Nomination,
    Nominee,
    NomineeKind,
    Role,
    Round,
    Unit,
    identity_key,
)
from nominations.states import EDITABLE
from workflows.audit import audit_append, outbox_emit, record_act
from workflows.services import flow_start, lock_nomination

NOMINEE_DETAIL_FIELDS = (
    "honorific",
    "gender",
    "birth_year",
    "birth_date",
    "ethnicity",
    "position",
    "unit_name",
    "address",
    "citizen_id",
    "staff_category",
    "collective_type",
    "parent_body",
)
GENDER_ALIASES = {
    "nam": "male",
    "male": "male",
    "m": "male",
    "nữ": "female",
    "nu": "female",
    "female": "female",
    "f": "female",
}


def invalid(field: str, vi: str, en: str) -> Refusal:
    return Refusal("validation_error", f"{field}: {vi}", f"{field}: {en}", extra={"field": field})


_NOMINEE_KINDS = frozenset(NomineeKind.values)  # Choices.values builds a new list on every read


def clean_nominee(data: Mapping[str, Any], *, award_kind: AwardKind, position: str = "nominees") -> dict[str, Any]:
    """A nominee from API or import input, checked and typed; raises a Refusal naming the field."""
    kind = str(data.get("kind") or "").strip()
    if kind not in _NOMINEE_KINDS:
        raise invalid(f"{position}.kind", "loại đối tượng không hợp lệ.", "unknown nominee kind.")
    if kind not in award_kind.nominee_kinds:
        raise invalid(
            f"{position}.kind",
            f"«{award_kind.name}» không xét cho đối tượng «{NomineeKind(kind).label}».",
            f"'{award_kind.code}' does not accept '{kind}' nominees.",
        )
    name = " ".join(str(data.get("name") or "").split())
    if not name:
        raise invalid(f"{position}.name", "cần nhập họ tên / tên tập thể.", "a name is required.")
    if len(name) > 300:
        raise invalid(f"{position}.name", "tên quá dài (tối đa 300 ký tự).", "name too long (300 characters at most).")
    details = data.get("details") or {}
    if not isinstance(details, Mapping):
        raise invalid(f"{position}.details", "phải là một đối tượng JSON.", "must be a JSON object.")
    merged = {**{k: data[k] for k in NOMINEE_DETAIL_FIELDS if k in data}, **details}
    cleaned: dict[str, Any] = {"kind": kind, "name": name, "achievements": str(data.get("achievements") or "").strip()}
    for key in NOMINEE_DETAIL_FIELDS:
        value = merged.get(key)
        if value in (None, ""):
            continue
        where = f"{position}.details.{key}"
        if key == "birth_year":
            try:
                year = int(value)
            except (TypeError, ValueError):
                raise invalid(where, "năm sinh phải là số.", "must be a year.") from None
            # Today's date is read only for a recent year: an import checks thousands of rows.
            if year < 1900 or (year > 2000 and year > timezone.localdate().year):
                raise invalid(where, "năm sinh không hợp lệ.", "not a plausible birth year.")
            cleaned[key] = year
        elif key == "birth_date":
            try:
                cleaned[key] = datetime.date.fromisoformat(str(value))
            except ValueError:
                raise invalid(where, "ngày sinh phải theo dạng YYYY-MM-DD.", "must be YYYY-MM-DD.") from None
        elif key == "gender":
            gender = GENDER_ALIASES.get(str(value).strip().lower())
            if gender is None:
                raise invalid(where, "giới tính là «Nam» hoặc «Nữ».", "gender is male or female.")
            cleaned[key] = gender
        elif key == "honorific":
            honorific = str(value).strip().capitalize()
            if honorific not in ("Ông", "Bà"):
                raise invalid(where, "danh xưng là «Ông» hoặc «Bà».", "honorific is Ông or Bà.")
            cleaned[key] = honorific
        elif key == "citizen_id":
            digits = str(value).strip()
            if not (len(digits) == 12 and digits.isdigit()):
                raise invalid(where, "số CCCD gồm đúng 12 chữ số.", "a citizen ID has exactly 12 digits.")
            cleaned[key] = digits
        else:
            text = " ".join(str(value).split())
            if len(text) > 300:
                raise invalid(where, "quá dài (tối đa 300 ký tự).", "too long (300 characters at most).")
            cleaned[key] = text
    if "birth_date" in cleaned and "birth_year" not in cleaned:
        cleaned["birth_year"] = cleaned["birth_date"].year
    return cleaned


def _submitter_unit(actor: Any, unit_id: int | None) -> Unit:
    units = permissions.unit_ids_of(actor, frozenset({Role.SUBMITTER}))
    if unit_id is not None and unit_id not in units:
        raise forbidden("Bạn không phải cán bộ lập hồ sơ của đơn vị này.", "You do not submit for this unit.")
    if not units:
        raise forbidden(
            "Chỉ cán bộ lập hồ sơ của đơn vị mới được tạo hồ sơ đề nghị.",
            "Only a unit's submitter may create a nomination.",
            code="submitter_only",
        )
    if unit_id is None and len(units) > 1:
        raise invalid("unit", "bạn thuộc nhiều đơn vị, hãy chọn đơn vị.", "you submit for several units: choose one.")
    return Unit.objects.select_related("organization").get(pk=unit_id if unit_id is not None else next(iter(units)))


def nomination_create(
    *,
    actor: Any,
    round: Round,  # noqa: A002 - the domain's word
    award_kind: AwardKind,
    title: str,
    summary: str = "",
    nominees: Iterable[Mapping[str, Any]] = (),
    unit_id: int | None = None,
    is_adhoc: bool = False,
    needs_consultation: bool = False,
    client_ip: str | None = None,
) -> Nomination:
    unit = _submitter_unit(actor, unit_id)
    if round.campaign.organization_id != unit.organization_id:
        raise invalid(
            "round", "đợt xét không thuộc địa phương của đơn vị.", "the round belongs to another organisation."
        )
    if award_kind.level != unit.organization.level:
        raise invalid(
            "award_kind",
            f"«{award_kind.name}» không thuộc thẩm quyền của {unit.organization.name}: hãy đề nghị bằng tờ trình.",
            f"'{award_kind.code}' is decided at another level: propose it by tờ trình.",
        )
    title = " ".join((title or "").split())
    if not title:
        raise invalid("title", "cần nhập trích yếu hồ sơ.", "a title is required.")
    cleaned = [clean_nominee(data, award_kind=award_kind, position=f"nominees[{i}]") for i, data in enumerate(nominees)]
    with transaction.atomic():
        nomination = Nomination.objects.create(
            reference=Nomination.new_reference(round.year),
            organization_id=unit.organization_id,
            unit=unit,
            round=round,
            award_kind=award_kind,
            title=title[:300],
            summary=summary or "",
            is_adhoc=is_adhoc,
            needs_consultation=needs_consultation,
            created_by=actor,
            deadline=round.closes_on,
        )
        add_nominees(nomination, cleaned)
        audit_append(
            nomination=nomination,
            transition="create",
            source="",
            target=nomination.status,
            actor=actor,
            client_ip=client_ip,
        )
        outbox_emit(
            event="nomination.created",
            nomination=nomination,
            organization_id=nomination.organization_id,
            unit_id=unit.pk,
            actor=actor,
            payload={"target": nomination.status},
        )
        flow_start(nomination=nomination)
    return nomination


def add_nominees(nomination: Nomination, cleaned: list[dict[str, Any]]) -> list[Nominee]:
    start = nomination.nominees.count()
    rows = []
    for offset, data in enumerate(cleaned):
        nominee = Nominee(nomination=nomination, order=start + offset, **data)
        if not nominee.achievements:
            nominee.achievements = nomination.summary[:1000]
        # bulk_create skips save(), so the key save() would compute is set here.
        nominee.identity_key = identity_key(
            kind=nominee.kind,
            name=nominee.name,
            citizen_id=nominee.citizen_id,
            birth_year=nominee.birth_year,
            address=nominee.address,
        )
        rows.append(nominee)
    return Nominee.objects.bulk_create(rows, batch_size=1000)


def lock_editable(*, nomination_id: Any, actor: Any, version: int | None = None) -> Nomination:
    """Lock a file its own unit may change now; 404, 403 and 409 as for transitions."""
    nomination = lock_nomination(nomination_id)
    if not permissions.can_see(actor, nomination):
        raise not_found()
    if not permissions.has_role(actor, Role.SUBMITTER, unit_id=nomination.unit_id):
        raise forbidden(
            "Chỉ cán bộ lập hồ sơ của đơn vị đề nghị mới được sửa hồ sơ này.",
            "Only the nominating unit's submitters may change this file.",
            code="unit_only",
        )
    if nomination.status not in EDITABLE:
        raise Refusal(
            "not_editable",
            "Hồ sơ chỉ được sửa khi đang dự thảo hoặc bị trả lại để bổ sung.",
            "A file can be changed only while it is a draft or returned for revision.",
            status=409,
        )
    if version is not None and version != nomination.version:
        raise stale_version(nomination.version)
    return nomination


def nomination_update(
    *,
    nomination_id: Any,
    actor: Any,
    version: int | None = None,
    changes: Mapping[str, Any],
    client_ip: str | None = None,
) -> Nomination:
    """Edit the file's fields; `nominees`, when given, replaces the whole list."""
    with transaction.atomic():
        nomination = lock_editable(nomination_id=nomination_id, actor=actor, version=version)
        fields: dict[str, Any] = {}
        if "title" in changes:
            title = " ".join(str(changes["title"] or "").split())
            if not title:
                raise invalid("title", "cần nhập trích yếu hồ sơ.", "a title is required.")
            fields["title"] = title[:300]
        for key in ("summary",):
            if key in changes:
                fields[key] = str(changes[key] or "")
        for key in ("is_adhoc", "needs_consultation"):
            if key in changes:
                fields[key] = bool(changes[key])
        if "proposal_number" in changes:
            fields["proposal_number"] = " ".join(str(changes["proposal_number"] or "").split())[:30]
        if "proposal_date" in changes:
            fields["proposal_date"] = changes["proposal_date"] or None
        nominees = None
        if "nominees" in changes:
            nominees = [
                clean_nominee(data, award_kind=nomination.award_kind, position=f"nominees[{i}]")
                for i, data in enumerate(changes["nominees"] or [])
            ]
        Nomination.objects.filter(pk=nomination.pk).update(
            version=F("version") + 1, updated_at=timezone.now(), **fields
        )
        for key, value in fields.items():
            setattr(nomination, key, value)
        nomination.version += 1
        if nominees is not None:
            nomination.nominees.all().delete()
            add_nominees(nomination, nominees)
        record_act(
            nomination=nomination,
            act="edit",
            actor=actor,
            comment=", ".join(sorted([*fields, *(["nominees"] if nominees is not None else [])])),
            client_ip=client_ip,
        )
    return nomination


def attachment_add(
    *,
    nomination_id: Any,
    actor: Any,
    kind: str,
    stream: IO[bytes],
    name: str,
    size: int,
    client_ip: str | None = None,
) -> Attachment:
    if kind not in AttachmentKind.values:
        raise invalid(
            "kind",
            "loại tài liệu là proposal, minutes, achievement_report hoặc evidence.",
            "kind is proposal, minutes, achievement_report or evidence.",
        )
    limit = settings.VINHDANH_ATTACHMENT_MAX_BYTES
    if size > limit:
        raise files.too_large(limit)
    sniffed = files.sniff(stream)
    digest = files.sha256_of(stream)
    with transaction.atomic():
        nomination = lock_editable(nomination_id=nomination_id, actor=actor)
        attachment = Attachment(
            nomination=nomination,
            kind=kind,
            original_name=files.safe_display_name(name),
            content_type=sniffed.content_type,
            extension=sniffed.extension,
            size=size,
            sha256=digest,
            uploaded_by=actor,
        )
        attachment.file.save("upload", File(stream), save=False)
        # A failed transaction must not leave the stored file behind.
        try:
            attachment.save(force_insert=True)
            record_act(
                nomination=nomination,
                act="attach",
                actor=actor,
                comment=f"{kind}: {attachment.original_name} ({digest[:12]})",
                client_ip=client_ip,
            )
        except Exception:
            attachment.file.delete(save=False)
            raise
    return attachment
