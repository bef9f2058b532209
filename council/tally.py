"""How a council session counts: quorum, thresholds and each nominee's result from the votes."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from nominations.models import (
    CouncilSession,
    Membership,
    Nomination,
    Nominee,
    NomineeResult,
    User,
    VoteChoice,
    normalize_text,
)


@dataclass
class ItemTally:
    nominee: Nominee
    agree: int = 0
    disagree: int = 0
    abstain: int = 0
    recused: list[User] = field(default_factory=list)
    chair_choice: str | None = None
    eligible: int = 0
    outcome: str = NomineeResult.PENDING


@dataclass
class SessionTally:
    members: list[User]
    present: set[int]
    quorum: int
    items: list[ItemTally]

    @property
    def quorum_met(self) -> bool:
        return len(self.present) >= self.quorum


def quorum_for(*, members: int, numerator: int, denominator: int) -> int:
    """⌈numerator / denominator × members⌉ in integers, so 2/3 × 6 is exactly 4."""
    return -(-numerator * members // denominator)


def threshold_percent(session: CouncilSession, nomination: Nomination) -> Decimal:
    own = nomination.award_kind.approval_threshold_percent
    return own if own is not None else session.organization.approval_threshold_percent


def decide_item(
    *, agree: int, members: int, percent: Decimal, inclusive: bool, casting_vote: bool, chair_choice: str | None
) -> str:
    """Approved when agreement passes the threshold of ALL the council's members (SPEC.md §3).

    Abstaining, not voting and being recused all count as not agreeing. Agreement exactly at the
    threshold is a tie: it passes when the rule is inclusive, or when the chair may break ties and agreed.
    """
    if members <= 0:
        return NomineeResult.NOT_APPROVED
    share = Decimal(agree) * 100
    bar = percent * members
    if share > bar:
        return NomineeResult.APPROVED
    if share == bar and (inclusive or (casting_vote and chair_choice == VoteChoice.AGREE)):
        return NomineeResult.APPROVED
    return NomineeResult.NOT_APPROVED


def session_tally(session: CouncilSession) -> SessionTally:
    members = list(session.members.order_by("id"))
    organization = session.organization
    unit_ids = unit_ids_by_member(members)
    agenda = {pk: position for position, pk in enumerate(session.agenda.values_list("nomination_id", flat=True))}
    nominees = sorted(
        Nominee.objects.filter(nomination_id__in=list(agenda)).select_related("nomination", "nomination__award_kind"),
        key=lambda n: (agenda[n.nomination_id], n.order, n.pk),
    )
    votes = list(session.votes.values_list("nominee_id", "member_id", "choice"))
    by_nominee: dict[int, dict[int, str]] = defaultdict(dict)
    for nominee_id, member_id, choice in votes:
        by_nominee[nominee_id][member_id] = choice
    items = []
    for nominee in nominees:
        item = ItemTally(nominee=nominee)
        cast = by_nominee.get(nominee.pk, {})
        for member in members:
            if recusal_reason(member=member, nominee=nominee, member_unit_ids=unit_ids[member.pk]):
                item.recused.append(member)
                continue
            item.eligible += 1
            choice = cast.get(member.pk)
            if choice == VoteChoice.AGREE:
                item.agree += 1
            elif choice == VoteChoice.DISAGREE:
                item.disagree += 1
            elif choice == VoteChoice.ABSTAIN:
                item.abstain += 1
        item.chair_choice = cast.get(session.chair_id) if session.chair_id else None
        if nominee.result == NomineeResult.PENDING:
            item.outcome = decide_item(
                agree=item.agree,
                members=len(members),
                percent=threshold_percent(session, nominee.nomination),
                inclusive=organization.threshold_inclusive,
                casting_vote=organization.chair_casting_vote,
                chair_choice=item.chair_choice,
            )
        else:
            item.outcome = nominee.result
        items.append(item)
    present = {member_id for _, member_id, _ in votes}
    quorum = quorum_for(
        members=len(members),
        numerator=organization.quorum_numerator,
        denominator=organization.quorum_denominator,
    )
    return SessionTally(members=members, present=present, quorum=quorum, items=items)


def recusal_reason(*, member: User, nominee: Nominee, member_unit_ids: set[int]) -> str | None:
    """Why this member may not vote on this nominee, or None."""
    if nominee.nomination.unit_id in member_unit_ids:
        return "unit"
    if member.full_name and normalize_text(member.full_name) == normalize_text(nominee.name):
        return "nominee"
    return None


def unit_ids_by_member(members: Iterable[User]) -> dict[int, set[int]]:
    ids: dict[int, set[int]] = defaultdict(set)
    rows = Membership.objects.filter(user__in=list(members), unit__isnull=False).values_list("user_id", "unit_id")
    for user_id, unit_id in rows:
        ids[user_id].add(unit_id)
    return ids
