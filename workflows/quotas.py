"""Caps on awards per unit and award kind in a round (SPEC.md §2): what a cap allows and what is used.

A nominee uses a place from the moment its file leaves the unit until it is refused: pending nominees of
files under way, and approved ones. Returned files give their places back until they are sent again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q

from core.errors import Refusal
from nominations.models import Nominee, NomineeResult, Quota
from nominations.states import Status

# The states in which a file's nominees hold places: it left the unit and was not refused or withdrawn.
UNDER_WAY = (
    Status.SUBMITTED,
    Status.UNDER_REVIEW,
    Status.RECOMMENDED,
    Status.IN_COUNCIL,
    Status.APPROVED,
    Status.DECIDED,
    Status.ISSUED,
)
HOLDING = (NomineeResult.PENDING, NomineeResult.APPROVED)


@dataclass(frozen=True)
class QuotaUse:
    max_awards: int
    used: int  # places held by the unit's other files (or all files, for the report)
    approved: int  # of which already approved

    @property
    def left(self) -> int:
        return max(self.max_awards - self.used, 0)


def quota_of(nomination: Any) -> Quota | None:
    return Quota.objects.filter(
        round_id=nomination.round_id, unit_id=nomination.unit_id, award_kind_id=nomination.award_kind_id
    ).first()


def quota_use(nomination: Any, *, quota: Quota | None = None) -> QuotaUse | None:
    """The cap that applies to this file and the places the unit's other files hold; None without a cap."""
    quota = quota or quota_of(nomination)
    if quota is None:
        return None
    counts = (
        Nominee.objects.filter(
            nomination__round_id=nomination.round_id,
            nomination__unit_id=nomination.unit_id,
            nomination__award_kind_id=nomination.award_kind_id,
            nomination__status__in=UNDER_WAY,
            result__in=HOLDING,
        )
        .exclude(nomination_id=nomination.pk)
        .aggregate(used=Count("pk"), approved=Count("pk", filter=Q(result=NomineeResult.APPROVED)))
    )
    return QuotaUse(max_awards=quota.max_awards, used=counts["used"], approved=counts["approved"])


def quota_refusal(nomination: Any, *, asking: int, use: QuotaUse) -> Refusal:
    award, unit = nomination.award_kind.name, nomination.unit.name
    return Refusal(
        "quota_exceeded",
        f"Vượt chỉ tiêu {award} của {unit} trong đợt xét: tối đa {use.max_awards}, đã dùng {use.used}, "
        f"hồ sơ này đề nghị thêm {asking} (còn lại {use.left}).",
        f"Over the cap for {award} of {unit} in this round: at most {use.max_awards}, {use.used} already used, "
        f"this file asks for {asking} more ({use.left} left).",
        status=409,
        extra={"max_awards": use.max_awards, "used": use.used, "requested": asking},
    )


def within_quota(nomination: Any) -> Refusal | None:
    """The file's nominees still in fit in what the cap leaves after the unit's other files."""
    quota = quota_of(nomination)
    if quota is None:
        return None
    use = quota_use(nomination, quota=quota)
    assert use is not None
    asking = nomination.nominees.filter(result__in=HOLDING).count()
    if use.used + asking <= use.max_awards:
        return None
    return quota_refusal(nomination, asking=asking, use=use)


def round_quotas(*, round_id: int, unit_ids: Any = None) -> list[dict[str, Any]]:
    """Each cap of the round with the places held and the awards approved, for the round report."""
    quotas = Quota.objects.filter(round_id=round_id).select_related("unit", "award_kind")
    if unit_ids is not None:
        quotas = quotas.filter(unit_id__in=unit_ids)
    held = {
        (row["nomination__unit_id"], row["nomination__award_kind_id"]): row
        for row in Nominee.objects.filter(
            nomination__round_id=round_id, nomination__status__in=UNDER_WAY, result__in=HOLDING
        )
        .order_by()
        .values("nomination__unit_id", "nomination__award_kind_id")
        .annotate(used=Count("pk"), approved=Count("pk", filter=Q(result=NomineeResult.APPROVED)))
    }
    rows = []
    for quota in quotas.order_by("unit__name", "award_kind__order", "award_kind__code"):
        row = held.get((quota.unit_id, quota.award_kind_id), {})
        rows.append(
            {
                "unit": quota.unit_id,
                "unit_name": quota.unit.name,
                "award_kind": quota.award_kind.code,
                "award_kind_name": quota.award_kind.name,
                "max_awards": quota.max_awards,
                "used": row.get("used", 0),
                "approved": row.get("approved", 0),
            }
        )
    return rows


def awards_within_quota(approving: dict[Any, int], nominations: dict[Any, Any]) -> Refusal | None:
    """At the council's close: the awards already approved plus those this session approves, per cap.

    `approving` counts the nominees the session approves per file; `nominations` are those files.
    """
    wanted: dict[tuple[int, int, int], tuple[Any, int]] = {}
    for nomination_id, count in approving.items():
        nomination = nominations[nomination_id]
        key = (nomination.round_id, nomination.unit_id, nomination.award_kind_id)
        first, total = wanted.get(key, (nomination, 0))
        wanted[key] = (first, total + count)
    for (round_id, unit_id, award_kind_id), (nomination, asking) in wanted.items():
        quota = Quota.objects.filter(round_id=round_id, unit_id=unit_id, award_kind_id=award_kind_id).first()
        if quota is None or not asking:
            continue
        approved = (
            Nominee.objects.filter(
                nomination__round_id=round_id,
                nomination__unit_id=unit_id,
                nomination__award_kind_id=award_kind_id,
                result=NomineeResult.APPROVED,
            )
            .exclude(nomination_id__in=list(approving))
            .count()
        )
        if approved + asking > quota.max_awards:
            use = QuotaUse(max_awards=quota.max_awards, used=approved, approved=approved)
            return quota_refusal(nomination, asking=asking, use=use)
    return None
