"""How a council session counts: quorum, thresholds and each nominee's result from the votes."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from nominations import access
from nominations.models import (
    CouncilSession,
    Membership,
    Nomination,
    Nominee,
    NomineeResult,
    Role,
    SessionStatus,
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


# Words that may stand before a person's name on a file ("Ông", "Hộ gia đình bà", "Đồng chí"), compared
# without diacritics; what follows them is the person.
_NAME_PREFIXES = (
    "ho gia dinh",
    "gia dinh",
    "dong ho",
    "dong chi",
    "ho",
    "ong",
    "ba",
    "anh",
    "chi",
    "co",
    "thay",
)


def person_name_key(name: str) -> str:
    """A name as a person, whatever the spelling: no diacritics, case, spacing or leading honorifics."""
    words = normalize_text(name).replace(".", " ").split()
    stripped = True
    while stripped and words:
        stripped = False
        for prefix in _NAME_PREFIXES:
            parts = prefix.split()
            if words[: len(parts)] == parts and len(words) > len(parts):
                words = words[len(parts) :]
                stripped = True
                break
    return " ".join(words)


def recusal_reason(*, member: User, nominee: Nominee, member_unit_ids: set[int]) -> str | None:
    """Why this member may not vote on this nominee, or None.

    A member is the nominee when the person records match: by CCCD where both sides carry one (two
    people may share a name; one CCCD is one person), else by the name read as a person.
    """
    if nominee.nomination.unit_id in member_unit_ids:
        return "unit"
    if member.citizen_id and nominee.citizen_id:
        return "nominee" if member.citizen_id == nominee.citizen_id else None
    if member.full_name and person_name_key(member.full_name) == person_name_key(nominee.name):
        return "nominee"
    return None


def tally_visible_to(user: object, session: CouncilSession) -> bool:
    """Counts and projected results are for the chair and the secretary until the session closes.

    Members vote without seeing how the vote is going; everyone else learns the results when they are results.
    """
    if session.status == SessionStatus.CLOSED:
        return True
    if session.chair_id is not None and session.chair_id == getattr(user, "pk", None):
        return True
    return access.has_role(user, Role.COUNCIL_CHAIR, organization_id=session.organization_id) or access.has_role(
        user, Role.SECRETARY, organization_id=session.organization_id
    )


def unit_ids_by_member(members: Iterable[User]) -> dict[int, set[int]]:
    ids: dict[int, set[int]] = defaultdict(set)
    rows = Membership.objects.filter(user__in=list(members), unit__isnull=False).values_list("user_id", "unit_id")
    for user_id, unit_id in rows:
        ids[user_id].add(unit_id)
    return ids
