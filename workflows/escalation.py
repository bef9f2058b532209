"""Escalation: a decided file proposes, by tờ trình, an award above the organisation's authority.

When the parent organisation is hosted in this deployment it receives an incoming file,
submitted by the lower level through the unit that stands for it there, linked to the
original; when that file reaches its end, the outcome is written back on the original.
"""

from __future__ import annotations

import io
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction

from core import clock
from core import uploads as files
from core.errors import Refusal, forbidden, not_found
from documents.dates import vn_day_month_year
from documents.proposal import ProposalDoc, ProposedNominee, render_proposal_pdf
from nominations import access as permissions
from nominations.letterhead import (
    body_of,
    parent_on,
    person_name,
    proposal_signer,
    sentence_case_body,
    signer_block,
)
from nominations.models import (
    Attachment,
    AttachmentKind,
    AwardKind,
    CounterKind,
    Decision,
    DecisionKind,
    Nomination,
    Nominee,
    NomineeResult,
    Role,
    Round,
    StoredDocumentKind,
    Unit,
    identity_key,
)
from nominations.numbering import take_numbers
from nominations.records import document_store
from nominations.signing_keys import organisation_sealing
from nominations.states import TERMINAL, Status
from nominations.templates import current_templates, version_label
from workflows.audit import audit_append, record_act
from workflows.drafting import NOMINEE_DETAIL_FIELDS
from workflows.services import apply_transition, flow_start, guard_refusal, lock_nomination

ESCALATABLE = frozenset({Status.DECIDED, Status.ISSUED})
# The parent reads the minutes and achievement reports the lower level decided on; evidence scans,
# CCCD, ethnicity and birth date travel only when the proposed award kind requires them.
FORWARDED_ATTACHMENTS = (AttachmentKind.MINUTES, AttachmentKind.ACHIEVEMENT_REPORT)
PERSONAL_FIELDS = ("citizen_id", "ethnicity", "birth_date")
COPIED_NOMINEE_FIELDS = ("kind", "name", *NOMINEE_DETAIL_FIELDS, "achievements", "identity_key", "order")


def _forwarded_nominee(incoming: Nomination, source: Nominee, *, personal: bool) -> Nominee:
    fields = {f: getattr(source, f) for f in COPIED_NOMINEE_FIELDS}
    if not personal:
        fields.update(citizen_id="", ethnicity="", birth_date=None)
        # The duplicate-award key holds the CCCD when there is one: rebuild it without.
        fields["identity_key"] = identity_key(
            kind=source.kind, name=source.name, birth_year=source.birth_year, address=source.address
        )
    return Nominee(nomination=incoming, **fields)


def _refusal(code: str, vi: str, en: str, status: int = 400) -> Refusal:
    return Refusal(code, vi, en, status=status)


def _receiving_end(original: Nomination) -> tuple[Unit, Round]:
    parent = parent_on(original.organization, clock.today())
    if parent is None:
        raise _refusal(
            "no_parent_organization", "Địa phương này không có cấp trên để trình.", "This organisation has no parent."
        )
    unit = Unit.objects.filter(organization=parent, represents=original.organization).first()
    if unit is None:
        raise _refusal(
            "parent_not_hosted",
            f"{parent.name} chưa dùng hệ thống này: in tờ trình và gửi bằng văn bản.",
            f"{parent.name} is not hosted here: print the proposal and send it on paper.",
        )
    today = clock.today()
    rnd = (
        Round.objects.filter(campaign__organization=parent, opens_on__lte=today, closes_on__gte=today)
        .order_by("-year", "-opens_on")
        .first()
    )
    if rnd is None:
        raise _refusal(
            "parent_round_closed",
            f"{parent.name} không có đợt xét nào đang mở.",
            f"{parent.name} has no open round.",
        )
    return unit, rnd


def _own_decision_basis(original: Nomination) -> str:
    """The lower level's own decision on the file, cited by its number and date (never the app's reference)."""
    decision = (
        Decision.objects.filter(items__nomination=original, kind=DecisionKind.AWARD, signed_on__isnull=False)
        .order_by("-signed_on", "-pk")
        .first()
    )
    if decision is None or decision.signed_on is None:
        return "Căn cứ kết quả xét khen thưởng của Hội đồng Thi đua – Khen thưởng;"
    about = decision.summary.strip()
    if about.lower().startswith("về việc"):
        about = about[len("về việc") :].strip()
    body = sentence_case_body(original.organization, decision.signed_on)
    dated = vn_day_month_year(decision.signed_on)
    return f"Căn cứ Quyết định số {decision.number_text} {dated} của Chủ tịch {body} về việc {about};"


def _proposal_pdf(
    original: Nomination, award_kind: AwardKind, number: str, nominees: list[Nominee], actor: Any
) -> tuple[bytes, ProposalDoc, str]:
    """The tờ trình as signed: its PDF, what it shows and the template version it was drawn from."""
    parent = parent_on(original.organization, clock.today())
    assert parent is not None
    today = clock.today()
    body = body_of(original.organization, today)
    # The tờ trình of a People's Committee is signed by its Chairman, or a deputy for him, never the secretary.
    signer = proposal_signer(original.organization)
    authority, title = signer_block(signer, original.organization, collective=True)
    doc = ProposalDoc(
        body=body,
        number=number,
        dated=clock.today(),
        addressee=body_of(parent, today).issuing_body,
        award_name=award_kind.name,
        reason=original.summary or original.title,
        legal_bases=("Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;", _own_decision_basis(original)),
        nominees=[
            ProposedNominee(
                name=f"{n.honorific} {n.name}".strip(),
                detail=", ".join(part for part in (n.position, n.unit_name or n.address) if part),
                achievements=n.achievements,
            )
            for n in nominees
        ],
        signer_name=person_name(signer),
        signer_authority=authority,
        signer_title=title,
    )
    with current_templates() as in_use:
        pdf = render_proposal_pdf(doc)
        template = version_label("documents/proposal.html", in_use)
    # the ward's own digital signature, as its văn thư stamps the paper one, when the ward has a key registered
    sealing = organisation_sealing(original.organization, signer=signer, title=title, reason=f"Tờ trình số {number}")
    return (sealing(pdf) if sealing else pdf), doc, template


def _copy_attachment(source: Attachment, target: Nomination, actor: Any) -> None:
    with source.file.open("rb") as handle:
        content = handle.read()
    copy = Attachment(
        nomination=target,
        kind=source.kind,
        original_name=source.original_name,
        content_type=source.content_type,
        extension=source.extension,
        size=source.size,
        sha256=source.sha256,
        uploaded_by=actor,
    )
    copy.file.save("upload", ContentFile(content), save=False)
    copy.save(force_insert=True)


def nomination_escalate(
    *,
    nomination_id: Any,
    actor: Any,
    award_kind_code: str,
    title: str = "",
    client_ip: str | None = None,
) -> Nomination:
    """File the original's awarded nominees with the parent organisation; returns the incoming file."""
    with transaction.atomic():
        original = lock_nomination(nomination_id)
        if not permissions.can_see(actor, original):
            raise not_found()
        if not permissions.has_role(actor, Role.SECRETARY, organization_id=original.organization_id):
            raise forbidden(
                "Chỉ thường trực Hội đồng Thi đua – Khen thưởng mới được trình cấp trên.",
                "Only the council's secretary may propose to the parent organisation.",
                code="secretary_only",
            )
        if original.status not in ESCALATABLE:
            raise _refusal(
                "not_escalatable",
                "Chỉ hồ sơ đã có quyết định mới được trình cấp trên.",
                "Only a decided file can be proposed to the parent organisation.",
                status=409,
            )
        award_kind = AwardKind.objects.filter(code=award_kind_code).first()
        if award_kind is None:
            raise _refusal("validation_error", "award_kind: không có hình thức này.", "award_kind: unknown code.")
        parent = parent_on(original.organization, clock.today())
        if parent is not None and award_kind.level != parent.level:
            raise _refusal(
                "award_not_of_parent_level",
                f"«{award_kind.name}» không thuộc thẩm quyền của {parent.name}.",
                f"'{award_kind.code}' is not decided at the parent organisation's level.",
            )
        nominees = list(
            original.nominees.filter(result=NomineeResult.APPROVED, kind__in=award_kind.nominee_kinds).order_by("order")
        )
        if not nominees:
            raise _refusal(
                "no_nominees",
                f"Không có người / tập thể nào đã được khen thưởng phù hợp với «{award_kind.name}».",
                f"No awarded nominee of this file fits '{award_kind.code}'.",
            )
        unit, rnd = _receiving_end(original)
        year = clock.today().year
        first = take_numbers(organization_id=original.organization_id, year=year, kind=CounterKind.PROPOSAL)
        number = f"{first:02d}/TTr-{original.organization.document_suffix.removeprefix('QĐ-')}"
        incoming = Nomination.objects.create(
            reference=Nomination.new_reference(rnd.year),
            organization_id=unit.organization_id,
            unit=unit,
            round=rnd,
            award_kind=award_kind,
            title=(title or f"Đề nghị tặng {award_kind.name} theo Tờ trình số {number}")[:300],
            summary=original.summary,
            created_by=actor,
            escalated_from=original,
            proposal_number=number,
            deadline=rnd.closes_on,
        )
        personal = award_kind.requires_personal_data
        Nominee.objects.bulk_create([_forwarded_nominee(incoming, n, personal=personal) for n in nominees])
        audit_append(
            nomination=incoming,
            transition="create",
            source="",
            target=incoming.status,
            actor=actor,
            client_ip=client_ip,
        )
        flow_start(nomination=incoming)
        pdf, shown, template = _proposal_pdf(original, award_kind, number, nominees, actor)
        # Kept as the record of what was sent, like a signed decision: later changes render nothing anew.
        document_store(
            kind=StoredDocumentKind.PROPOSAL, pdf=pdf, shown=shown, template_version=template, nomination=incoming
        )
        proposal = Attachment(
            nomination=incoming,
            kind=AttachmentKind.PROPOSAL,
            original_name=f"to-trinh-{first:02d}-{year}.pdf",
            content_type=files.PDF.content_type,
            extension=files.PDF.extension,
            size=len(pdf),
            sha256=files.sha256_of(io.BytesIO(pdf)),
            uploaded_by=actor,
        )
        proposal.file.save("upload", ContentFile(pdf), save=False)
        proposal.save(force_insert=True)
        forwarded = (*FORWARDED_ATTACHMENTS, AttachmentKind.EVIDENCE) if personal else FORWARDED_ATTACHMENTS
        for source in original.attachments.filter(kind__in=forwarded):
            _copy_attachment(source, incoming, actor)
        incoming = lock_nomination(incoming.pk)
        refusal = guard_refusal(incoming, "submit")
        if refusal is not None:
            raise refusal
        apply_transition(nomination=incoming, name="submit", actor=actor, client_ip=client_ip)
        record_act(
            nomination=original,
            act="escalate",
            actor=actor,
            comment=f"Tờ trình số {number} gửi {unit.organization.name}: hồ sơ {incoming.reference}",
            client_ip=client_ip,
            payload={"incoming": str(incoming.pk), "proposal_number": number, "parent": unit.organization.name},
            event="nomination.escalated",
        )
    return incoming


OUTCOME_TEXT = {
    Status.ISSUED: ("được cấp trên khen thưởng", "awarded by the parent organisation"),
    Status.REJECTED: ("cấp trên không chấp nhận hồ sơ", "refused by the parent organisation"),
    Status.NOT_APPROVED: ("Hội đồng cấp trên không thông qua", "not approved by the parent's council"),
    Status.WITHDRAWN: ("hồ sơ trình cấp trên đã được rút", "withdrawn from the parent organisation"),
}


def report_outcome_when_final(sender: Any, *, nomination: Nomination, target: str, actor: Any, **kwargs: Any) -> None:
    """The lower level that proposed a file learns the parent's final word (a transition hook)."""
    if nomination.escalated_from_id is not None and target in TERMINAL:
        escalation_report_outcome(incoming=nomination, actor=actor)


def escalation_report_outcome(*, incoming: Nomination, actor: Any) -> None:
    """Write the parent's final word on the original file; called when the incoming file ends."""
    original = lock_nomination(incoming.escalated_from_id)
    vi, _ = OUTCOME_TEXT.get(incoming.status, (incoming.status, incoming.status))
    awarded = list(incoming.nominees.filter(result=NomineeResult.APPROVED).values_list("name", flat=True))
    comment = f"Tờ trình số {incoming.proposal_number} ({incoming.reference}): {vi}"
    if awarded:
        comment += " – " + ", ".join(awarded)
    record_act(
        nomination=original,
        act="escalation_outcome",
        actor=actor,
        comment=comment,
        payload={"incoming": str(incoming.pk), "outcome": incoming.status, "awarded": awarded},
    )
