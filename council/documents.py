"""The council's minutes on paper: the tally of a closed session and who voted how, unless the ballot is secret."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable

from django.utils import timezone

from council.tally import session_tally
from documents.minutes import MinutesDoc, MinutesItem, render_minutes_pdf
from nominations.letterhead import council_body_of, person_name, sentence_case_body
from nominations.models import (
    CouncilSession,
    NomineeResult,
    Role,
    SessionStatus,
    StoredDocument,
    StoredDocumentKind,
    User,
    VoteChoice,
)
from nominations.records import document_store, stored_document
from nominations.templates import current_templates, version_label

_RESULT_TEXT = {
    NomineeResult.APPROVED: "Thông qua",
    NomineeResult.NOT_APPROVED: "Không thông qua",
    NomineeResult.PENDING: "Chưa biểu quyết xong",
    NomineeResult.EXCLUDED: "Bị loại trước phiên họp",
}


def _local_time(moment: datetime.datetime | None) -> datetime.time | None:
    return timezone.localtime(moment).time() if moment else None


_CHOICE_TEXT = {VoteChoice.AGREE: "Đồng ý", VoteChoice.DISAGREE: "Không đồng ý", VoteChoice.ABSTAIN: "Không biểu quyết"}


def _ballots(session: CouncilSession) -> dict[int, list[tuple[str, list[str]]]]:
    """Per nominee, each choice with the members who made it (a written vote marked as such)."""
    by_nominee: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    votes = session.votes.select_related("member").order_by("member_id")
    for vote in votes:
        name = person_name(vote.member) + (" (bằng văn bản)" if vote.in_writing else "")
        by_nominee[vote.nominee_id][vote.choice].append(name)
    return {
        nominee_id: [(_CHOICE_TEXT[c], names[c]) for c in VoteChoice.values if names.get(c)]
        for nominee_id, names in by_nominee.items()
    }


def minutes_pdf(session: CouncilSession) -> bytes:
    """The minutes of a closed session as kept when it closed; an open session's render live."""
    if session.status != SessionStatus.CLOSED:
        with current_templates():
            return render_minutes_pdf(minutes_doc(session))
    record = stored_document(council_session=session) or minutes_freeze(session)
    return bytes(record.pdf)


def minutes_freeze(session: CouncilSession, sign: Callable[[bytes], bytes] | None = None) -> StoredDocument:
    """Keep the minutes as closed; ``sign`` puts the chair's digital signature on them first."""
    doc = minutes_doc(session)
    with current_templates() as in_use:
        pdf = render_minutes_pdf(doc)
    if sign is not None:
        pdf = sign(pdf)
    return document_store(
        kind=StoredDocumentKind.MINUTES,
        pdf=pdf,
        shown=doc,
        template_version=version_label("documents/minutes.html", in_use),
        council_session=session,
    )


def minutes_doc(session: CouncilSession) -> MinutesDoc:
    tally = session_tally(session)
    written = set(session.votes.filter(in_writing=True).values_list("member_id", flat=True))
    secret = session.organization.secret_ballot
    ballots = {} if secret else _ballots(session)
    secretary = (
        User.objects.filter(memberships__organization_id=session.organization_id, memberships__role=Role.SECRETARY)
        .order_by("id")
        .first()
    )
    approved = sum(1 for item in tally.items if item.outcome == NomineeResult.APPROVED)
    # The meeting opens with its first vote in the room and ends when the chair closes it.
    first_vote = session.votes.filter(in_writing=False).order_by("cast_at").values_list("cast_at", flat=True).first()
    organization = session.organization
    doc = MinutesDoc(
        body=council_body_of(organization, session.held_on),
        starts_at=_local_time(first_vote),
        ends_at=_local_time(session.closed_at),
        session_title=session.title,
        held_on=session.held_on,
        place=f"Trụ sở {sentence_case_body(organization, session.held_on)}",
        chair_name=person_name(session.chair),
        secretary_name=person_name(secretary or session.created_by),
        members_total=len(tally.members),
        present=[person_name(m) for m in tally.members if m.pk in tally.present and m.pk not in written],
        absent_written=[person_name(m) for m in tally.members if m.pk in written],
        items=[
            MinutesItem(
                nominee_name=item.nominee.name,
                nomination_ref=item.nominee.nomination.reference,
                agree=item.agree,
                disagree=item.disagree,
                abstain=item.abstain,
                recused=[person_name(m) for m in item.recused],
                result=_RESULT_TEXT.get(item.outcome, str(item.outcome)),
                ballots=ballots.get(item.nominee.pk, []),
            )
            for item in tally.items
        ],
        quorum_text=(
            f"Có {len(tally.present)}/{len(tally.members)} thành viên tham gia biểu quyết "
            f"(tối thiểu {tally.quorum}): "
            + ("đủ điều kiện tiến hành phiên họp." if tally.quorum_met else "chưa đủ tỷ lệ theo quy định.")
        ),
        secret_ballot=secret,
        conclusion=f"Hội đồng thống nhất đề nghị khen thưởng {approved}/{len(tally.items)} trường hợp.",
    )
    return doc
