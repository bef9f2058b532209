"""Decisions, numbering, issuance of certificates, radio praise and revocation.

Numbers are given only at signing (decisions) and at issuance (the award register), from a
per-(organisation, year) counter row locked inside the same transaction: a transaction that rolls
back gives its number back, so the sequences stay gapless and unique under concurrency.
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from documents.money import prize_amount as compute_prize
from workflows import clock, permissions
from workflows.audit import audit_append, audit_record, decisions_chain, outbox_emit
from workflows.calendar import add_working_days
from workflows.refusals import Refusal, forbidden
from workflows.services import apply_transition, lock_nomination
from workflows.states import Status

from .models import (
    AwardHistory,
    AwardKind,
    BaseSalary,
    Broadcast,
    BroadcastStatus,
    Certificate,
    CertificateStatus,
    CounterKind,
    Decision,
    DecisionItem,
    DecisionKind,
    DecisionStatus,
    Nomination,
    Nominee,
    NomineeResult,
    PrizeCoefficient,
    RevocationGround,
    Role,
    YearlyCounter,
    identity_key,
)

RADIO_AWARD = "tuyen_duong_phat_thanh"


def decision_not_found() -> Refusal:
    return Refusal("not_found", "Không tìm thấy quyết định.", "Decision not found.", status=404)


def certificate_not_found() -> Refusal:
    return Refusal("not_found", "Không tìm thấy giấy khen.", "Certificate not found.", status=404)


# --- Prize tables ----------------------------------------------------------------------------


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


# --- Numbering -------------------------------------------------------------------------------


def take_numbers(*, organization_id: int, year: int, kind: str, count: int = 1) -> int:
    """Reserve ``count`` consecutive numbers and return the first; the caller's transaction holds the lock."""
    assert transaction.get_connection().in_atomic_block
    YearlyCounter.objects.bulk_create(
        [YearlyCounter(organization_id=organization_id, year=year, kind=kind)], ignore_conflicts=True
    )
    counter = YearlyCounter.objects.select_for_update().get(organization_id=organization_id, year=year, kind=kind)
    first = counter.last + 1
    counter.last += count
    counter.save(update_fields=["last"])
    return first


# --- Selectors -------------------------------------------------------------------------------


def visible_decisions(user: Any) -> QuerySet[Decision]:
    qs = Decision.objects.select_related("organization", "award_kind", "signed_by", "drafted_by")
    if user.is_superuser:
        return qs
    return qs.filter(organization_id__in=permissions.body_organization_ids(user))


def visible_certificates(user: Any) -> QuerySet[Certificate]:
    qs = Certificate.objects.select_related("decision", "award_kind", "nominee", "organization")
    if user.is_superuser:
        return qs
    return qs.filter(nominee__nomination__in=permissions.visible_nominations(user).values("pk"))


def visible_broadcasts(user: Any) -> QuerySet[Broadcast]:
    qs = Broadcast.objects.select_related("decision")
    if user.is_superuser:
        return qs
    return qs.filter(organization_id__in=permissions.body_organization_ids(user))


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


# --- Services --------------------------------------------------------------------------------


def _require(actor: Any, role: str, organization_id: int, vi: str, en: str, code: str) -> None:
    if not permissions.has_role(actor, role, organization_id=organization_id):
        raise forbidden(vi, en, code=code)


def _require_secretary(actor: Any, organization_id: int) -> None:
    _require(
        actor,
        Role.SECRETARY,
        organization_id,
        "Chỉ Thường trực Hội đồng TĐKT mới được thực hiện thao tác này.",
        "Only the council's standing office (secretary) may do this.",
        "secretary_only",
    )


def _lock_nominations(ids: Sequence[Any]) -> list[Nomination]:
    # One order for every caller, so two transactions locking overlapping files cannot deadlock.
    return [lock_nomination(pk) for pk in sorted({str(pk) for pk in ids})]


def default_summary(award_kind: AwardKind) -> str:
    verb = "công nhận danh hiệu" if award_kind.track == "title" else "tặng"
    return f"Về việc {verb} {award_kind.name}"


def decision_create(
    *, actor: Any, nomination_ids: Sequence[Any], summary: str = "", client_ip: str | None = None
) -> Decision:
    """Draft a decision over the approved nominees of approved files of one award kind."""
    if not nomination_ids:
        raise Refusal("no_nominations", "Quyết định cần ít nhất một hồ sơ.", "A decision needs at least one file.")
    with transaction.atomic():
        nominations = _lock_nominations(nomination_ids)
        for nomination in nominations:
            if not permissions.can_see(actor, nomination):
                raise Refusal("not_found", "Không tìm thấy hồ sơ.", "Not found.", status=404)
        organization_ids = {n.organization_id for n in nominations}
        organization_id = nominations[0].organization_id
        _require_secretary(actor, organization_id)
        if len(organization_ids) > 1:
            raise Refusal(
                "mixed_organizations",
                "Các hồ sơ thuộc nhiều cơ quan khác nhau.",
                "The files belong to different organisations.",
            )
        award_kinds = {n.award_kind_id for n in nominations}
        if len(award_kinds) > 1:
            raise Refusal(
                "mixed_award_kinds",
                "Một quyết định chỉ gồm các hồ sơ cùng một hình thức khen thưởng.",
                "A decision covers files of a single award kind.",
            )
        not_ready = [n.reference for n in nominations if n.status != Status.APPROVED]
        if not_ready:
            raise Refusal(
                "not_approved",
                "Hồ sơ chưa được thông qua: " + ", ".join(not_ready) + ".",
                "Files not approved: " + ", ".join(not_ready) + ".",
                status=409,
            )
        taken = list(
            DecisionItem.objects.filter(nomination__in=nominations, decision__kind=DecisionKind.AWARD).values_list(
                "nomination__reference", flat=True
            )
        )
        if taken:
            raise Refusal(
                "already_in_decision",
                "Hồ sơ đã có trong một quyết định khác: " + ", ".join(taken) + ".",
                "Files already in another decision: " + ", ".join(taken) + ".",
                status=409,
            )
        award_kind = nominations[0].award_kind
        decision = Decision.objects.create(
            organization_id=organization_id,
            kind=DecisionKind.AWARD,
            award_kind=award_kind,
            summary=summary.strip() or default_summary(award_kind),
            drafted_by=actor,
        )
        DecisionItem.objects.bulk_create([DecisionItem(decision=decision, nomination=n) for n in nominations])
        for nomination in nominations:
            audit_append(
                nomination=nomination,
                transition="decision_draft",
                source=nomination.status,
                target=nomination.status,
                actor=actor,
                comment=f"Đưa vào dự thảo quyết định #{decision.pk}.",
                client_ip=client_ip,
            )
        audit_record(
            chain=decisions_chain(organization_id),
            event="decision.drafted",
            actor=actor,
            details={"decision": decision.pk, "nominations": [str(n.pk) for n in nominations]},
            client_ip=client_ip,
        )
    return decision


def _lock_decision(decision_id: Any, actor: Any) -> Decision:
    try:
        decision = (
            Decision.objects.select_for_update(of=("self",))
            .select_related("organization", "award_kind")
            .get(pk=decision_id)
        )
    except (Decision.DoesNotExist, ValueError, TypeError) as exc:
        raise decision_not_found() from exc
    if not actor.is_superuser and decision.organization_id not in permissions.body_organization_ids(actor):
        raise decision_not_found()
    return decision


def _decision_files(decision: Decision) -> list[Any]:
    if decision.kind == DecisionKind.REVOCATION:
        return [decision.revoked_certificate.nominee.nomination_id]  # type: ignore[union-attr]
    return list(decision.items.values_list("nomination_id", flat=True))


def decision_sign(*, decision_id: Any, actor: Any, client_ip: str | None = None) -> Decision:
    """Sign: the next number of the yearly sequence; award files → decided; a revocation takes effect."""
    with transaction.atomic():
        decision = _lock_decision(decision_id, actor)
        _require(
            actor,
            Role.SIGNER,
            decision.organization_id,
            "Chỉ người có thẩm quyền ký (Chủ tịch / Phó Chủ tịch UBND) mới được ký quyết định.",
            "Only the organisation's signer may sign decisions.",
            "signer_only",
        )
        if decision.status != DecisionStatus.DRAFT:
            raise Refusal(
                "already_signed", "Quyết định đã được ký.", "The decision has already been signed.", status=409
            )
        if decision.drafted_by_id == actor.pk:
            raise forbidden(
                "Người soạn thảo quyết định không được tự ký quyết định đó.",
                "Whoever drafted the decision may not sign it.",
                code="segregation_of_duties",
            )
        nominations = _lock_nominations(_decision_files(decision))
        if any(actor.pk in (n.created_by_id, n.submitted_by_id) for n in nominations):
            raise forbidden(
                "Người ký không được ký quyết định về hồ sơ do chính mình lập hoặc gửi.",
                "The signer may not sign a decision on a file he or she prepared or submitted.",
                code="segregation_of_duties",
            )
        if decision.kind == DecisionKind.AWARD:
            not_ready = [n.reference for n in nominations if n.status != Status.APPROVED]
            if not_ready:
                raise Refusal(
                    "not_approved",
                    "Hồ sơ không còn ở trạng thái được thông qua: " + ", ".join(not_ready) + ".",
                    "Files no longer approved: " + ", ".join(not_ready) + ".",
                    status=409,
                )
        today = clock.today()
        number = take_numbers(organization_id=decision.organization_id, year=today.year, kind=CounterKind.DECISION)
        decision.year = today.year
        decision.number = number
        decision.number_text = f"{number:02d}/{decision.organization.document_suffix}"
        decision.signed_on = today
        decision.signed_by = actor
        decision.status = DecisionStatus.SIGNED
        decision.save(update_fields=["year", "number", "number_text", "signed_on", "signed_by", "status"])
        if decision.kind == DecisionKind.REVOCATION:
            _revoke(decision=decision, nomination=nominations[0], actor=actor, client_ip=client_ip)
        else:
            for nomination in nominations:
                apply_transition(
                    nomination=nomination,
                    name="decide",
                    actor=actor,
                    comment=f"Quyết định số {decision.number_text} ngày {today:%d/%m/%Y}.",
                    client_ip=client_ip,
                    payload={"decision": decision.pk, "number": decision.number_text},
                )
            if decision.award_kind and decision.award_kind.code == RADIO_AWARD:
                _schedule_broadcast(decision)
        audit_record(
            chain=decisions_chain(decision.organization_id),
            event="decision.signed",
            actor=actor,
            target=decision.kind,
            details={"decision": decision.pk, "number": decision.number_text, "signed_on": today.isoformat()},
            client_ip=client_ip,
        )
        outbox_emit(
            event="decision.signed",
            organization_id=decision.organization_id,
            actor=actor,
            payload={"decision": decision.pk, "number": decision.number_text, "kind": decision.kind},
        )
    return decision


def _schedule_broadcast(decision: Decision) -> Broadcast:
    from .award_documents import broadcast_script

    assert decision.signed_on is not None
    air_on = add_working_days(decision.signed_on, 1, organization_id=decision.organization_id)
    broadcast = Broadcast.objects.create(
        decision=decision,
        organization_id=decision.organization_id,
        script=broadcast_script(decision, air_on=air_on),
        air_on=air_on,
    )
    outbox_emit(
        event="broadcast.scheduled",
        organization_id=decision.organization_id,
        payload={"broadcast": broadcast.pk, "decision": decision.pk, "air_on": air_on.isoformat()},
    )
    return broadcast


def decision_issue(*, decision_id: Any, actor: Any, client_ip: str | None = None) -> Decision:
    """One certificate per approved nominee, numbered in the award register; files → issued."""
    with transaction.atomic():
        decision = _lock_decision(decision_id, actor)
        _require_secretary(actor, decision.organization_id)
        if decision.kind != DecisionKind.AWARD:
            raise Refusal(
                "not_an_award",
                "Quyết định hủy khen thưởng không cấp giấy khen.",
                "A revocation decision issues nothing.",
            )
        if decision.status != DecisionStatus.SIGNED:
            raise Refusal(
                "not_signed" if decision.status == DecisionStatus.DRAFT else "already_issued",
                "Chỉ trao giấy khen theo quyết định đã ký và chưa trao.",
                "Only a signed decision not yet issued can be issued.",
                status=409,
            )
        nominations = _lock_nominations(_decision_files(decision))
        assert decision.signed_on is not None
        assert decision.award_kind is not None
        nominees = list(decision_nominees(decision).filter(result=NomineeResult.APPROVED))
        today = clock.today()
        first = take_numbers(
            organization_id=decision.organization_id, year=today.year, kind=CounterKind.REGISTER, count=len(nominees)
        )
        prizes: dict[str, tuple[Decimal | None, int | None, int]] = {}
        certificates = []
        history = []
        for offset, nominee in enumerate(nominees):
            if nominee.kind not in prizes:
                prizes[nominee.kind] = prize_for(
                    award_kind_id=decision.award_kind_id, nominee_kind=nominee.kind, day=decision.signed_on
                )
            coefficient, base, amount = prizes[nominee.kind]
            certificates.append(
                Certificate(
                    organization_id=decision.organization_id,
                    decision=decision,
                    nominee=nominee,
                    award_kind_id=decision.award_kind_id,
                    recipient=nominee.name,
                    register_year=today.year,
                    register_seq=first + offset,
                    coefficient=coefficient,
                    base_salary=base,
                    prize_amount=amount,
                    verification_code=secrets.token_urlsafe(16),
                    issued_on=today,
                )
            )
            history.append(
                AwardHistory(
                    organization_id=decision.organization_id,
                    kind=nominee.kind,
                    name=nominee.name,
                    birth_year=nominee.birth_year,
                    address=nominee.address,
                    citizen_id=nominee.citizen_id,
                    unit_name=nominee.unit_name,
                    award_kind_id=decision.award_kind_id,
                    award_name=decision.award_kind.name,
                    year=nominee.nomination.round.year,
                    decision_number=decision.number_text,
                    decision_date=decision.signed_on,
                    level=decision.organization.name,
                    signer=str(decision.signed_by or ""),
                    nominee=nominee,
                    identity_key=identity_key(
                        kind=nominee.kind,
                        name=nominee.name,
                        citizen_id=nominee.citizen_id,
                        birth_year=nominee.birth_year,
                        address=nominee.address,
                    ),
                )
            )
        Certificate.objects.bulk_create(certificates, batch_size=1000)
        AwardHistory.objects.bulk_create(history, batch_size=1000)
        for nomination in nominations:
            apply_transition(
                nomination=nomination,
                name="issue",
                actor=actor,
                comment=f"Trao giấy khen theo Quyết định số {decision.number_text}.",
                client_ip=client_ip,
                payload={"decision": decision.pk},
            )
        decision.status = DecisionStatus.ISSUED
        decision.issued_on = today
        decision.save(update_fields=["status", "issued_on"])
        audit_record(
            chain=decisions_chain(decision.organization_id),
            event="certificate.issued",
            actor=actor,
            details={"decision": decision.pk, "certificates": [c.register_number for c in certificates]},
            client_ip=client_ip,
        )
        outbox_emit(
            event="certificate.issued",
            organization_id=decision.organization_id,
            actor=actor,
            payload={"decision": decision.pk, "count": len(certificates)},
        )
    return decision


def lock_certificate_for_secretary(*, actor: Any, certificate_id: Any) -> Certificate:
    """Lock a certificate the actor can see, or refuse: 404 when hidden, 403 when not the secretary."""
    try:
        certificate = (
            visible_certificates(actor).select_for_update(of=("self",)).select_related("nominee").get(pk=certificate_id)
        )
    except (Certificate.DoesNotExist, ValueError, TypeError) as exc:
        raise certificate_not_found() from exc
    _require_secretary(actor, certificate.organization_id)
    return certificate


def certificate_revoke(
    *, certificate_id: Any, actor: Any, ground: str, reason: str, client_ip: str | None = None
) -> Decision:
    """Draft the revocation decision for a certificate; it takes effect when signed."""
    if ground not in RevocationGround.values:
        raise Refusal(
            "invalid_ground",
            "Căn cứ hủy khen thưởng không hợp lệ.",
            "Invalid legal ground: " + ", ".join(RevocationGround.values) + ".",
        )
    if not reason.strip():
        raise Refusal("comment_required", "Cần ghi rõ lý do hủy khen thưởng.", "Give the reason for the revocation.")
    with transaction.atomic():
        certificate = lock_certificate_for_secretary(actor=actor, certificate_id=certificate_id)
        if certificate.status == CertificateStatus.REVOKED:
            raise Refusal("already_revoked", "Giấy khen đã bị hủy.", "The certificate is already revoked.", status=409)
        if certificate.revocation_decisions.filter(status=DecisionStatus.DRAFT).exists():
            raise Refusal(
                "revocation_pending",
                "Đã có dự thảo quyết định hủy đối với giấy khen này.",
                "A revocation decision for this certificate is already drafted.",
                status=409,
            )
        nomination = lock_nomination(certificate.nominee.nomination_id)
        decision = Decision.objects.create(
            organization_id=certificate.organization_id,
            kind=DecisionKind.REVOCATION,
            award_kind_id=certificate.award_kind_id,
            summary=f"Về việc hủy quyết định tặng {certificate.award_kind.name} đối với {certificate.recipient}",
            drafted_by=actor,
            revoked_certificate=certificate,
            revocation_ground=ground,
            revocation_reason=reason.strip(),
        )
        audit_append(
            nomination=nomination,
            transition="revocation_draft",
            source=nomination.status,
            target=nomination.status,
            actor=actor,
            comment=f"Dự thảo hủy giấy khen số {certificate.register_number}: {reason.strip()}",
            client_ip=client_ip,
        )
        audit_record(
            chain=decisions_chain(decision.organization_id),
            event="revocation.drafted",
            actor=actor,
            details={"decision": decision.pk, "certificate": certificate.register_number, "ground": ground},
            client_ip=client_ip,
        )
    return decision


def _revoke(*, decision: Decision, nomination: Nomination, actor: Any, client_ip: str | None) -> None:
    certificate = Certificate.objects.select_for_update().get(pk=decision.revoked_certificate_id)
    if certificate.status == CertificateStatus.REVOKED:
        raise Refusal("already_revoked", "Giấy khen đã bị hủy.", "The certificate is already revoked.", status=409)
    certificate.status = CertificateStatus.REVOKED
    certificate.revoked_on = decision.signed_on
    certificate.save(update_fields=["status", "revoked_on"])
    ground = RevocationGround(decision.revocation_ground).label
    Nominee.objects.filter(pk=certificate.nominee_id).update(
        result=NomineeResult.REVOKED, result_reason=f"{ground}: {decision.revocation_reason}"
    )
    audit_append(
        nomination=nomination,
        transition="revoke",
        source=nomination.status,
        target=nomination.status,
        actor=actor,
        comment=(
            f"Hủy giấy khen số {certificate.register_number} ({certificate.recipient}) theo Quyết định số "
            f"{decision.number_text}: {ground}."
        ),
        client_ip=client_ip,
    )
    audit_record(
        chain=decisions_chain(decision.organization_id),
        event="certificate.revoked",
        actor=actor,
        details={"decision": decision.pk, "certificate": certificate.register_number, "number": decision.number_text},
        client_ip=client_ip,
    )
    outbox_emit(
        event="certificate.revoked",
        nomination=nomination,
        organization_id=decision.organization_id,
        unit_id=nomination.unit_id,
        actor=actor,
        payload={"certificate": certificate.pk, "decision": decision.pk, "ground": decision.revocation_ground},
    )


def broadcast_mark_aired(*, broadcast_id: Any, actor: Any) -> Broadcast:
    with transaction.atomic():
        try:
            broadcast = visible_broadcasts(actor).select_for_update(of=("self",)).get(pk=broadcast_id)
        except (Broadcast.DoesNotExist, ValueError, TypeError) as exc:
            raise Refusal("not_found", "Không tìm thấy bản tin.", "Broadcast not found.", status=404) from exc
        _require(
            actor,
            Role.BROADCASTER,
            broadcast.organization_id,
            "Chỉ Đài truyền thanh mới xác nhận đã phát.",
            "Only the broadcaster confirms airing.",
            "broadcaster_only",
        )
        if broadcast.status == BroadcastStatus.AIRED:
            raise Refusal("already_aired", "Bản tin đã được xác nhận phát.", "Already marked aired.", status=409)
        broadcast.status = BroadcastStatus.AIRED
        broadcast.aired_at = timezone.now()
        broadcast.aired_by = actor
        broadcast.save(update_fields=["status", "aired_at", "aired_by"])
        outbox_emit(
            event="broadcast.aired",
            organization_id=broadcast.organization_id,
            actor=actor,
            payload={"broadcast": broadcast.pk, "decision": broadcast.decision_id},
        )
    return broadcast
