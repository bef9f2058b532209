"""Reports per round and per phase (API.md "Notifications and reports", SPEC.md §5).

Every figure is one aggregate query over the files the user may see; nothing is counted in Python.
`approved` counts nominees whose result is approved — awarded ones keep that result, revoked ones
leave it — so it is the number of awards standing.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from awards.payments import prize_money, prize_money_by_round
from nominations.access import body_organization_ids, unit_ids_of, visible_nominations
from nominations.models import Nomination, Nominee, NomineeResult, Phase, Round, Unit, UnitKind
from reports.suppression import suppress_small_cells
from workflows.quotas import round_quotas

APPROVED = Q(nominees__result=NomineeResult.APPROVED)


@dataclass(frozen=True)
class Target:
    """A national target of the movement, and what the share is taken of."""

    award_kind: str
    percent: int
    by_year: int
    denominator: str  # "households", "population", "khom_units" or "units"
    source: str


# QĐ 387/QĐ-TTg (25/3/2022) for 2025; QĐ 677/QĐ-TTg (3/6/2022) for Công dân học tập, whose exact
# base (adults in learning families) is approximated here by the population the units enter.
TARGETS = (
    Target("gia_dinh_hoc_tap", 70, 2025, "households", "QĐ 387/QĐ-TTg"),
    Target("dong_ho_hoc_tap", 65, 2025, "clans", "QĐ 387/QĐ-TTg"),
    Target("cong_dong_hoc_tap", 65, 2025, "khom_units", "QĐ 387/QĐ-TTg"),
    Target("don_vi_hoc_tap", 80, 2025, "units", "QĐ 387/QĐ-TTg"),
    Target("cong_dan_hoc_tap", 40, 2025, "population", "QĐ 677/QĐ-TTg"),
)


# Aggregates are named apart from the `nominees` relation they count, then reported under the API's names.
COUNTS = {
    "n_files": Count("id", distinct=True),
    "n_nominees": Count("nominees", distinct=True),
    "n_approved": Count("nominees", filter=APPROVED, distinct=True),
}


def _named(row: dict[str, Any]) -> dict[str, int]:
    return {"files": row["n_files"], "nominees": row["n_nominees"], "approved": row["n_approved"]}


def _nominees_of(files: QuerySet[Nomination]) -> QuerySet[Nominee]:
    return Nominee.objects.filter(nomination__in=files.values("pk"))


def _breakdowns(files: QuerySet[Nomination]) -> dict[str, Any]:
    totals = _named(files.aggregate(**COUNTS))
    by_unit = [
        {"unit": row["unit_id"], "name": row["unit__name"], **_named(row)}
        for row in files.order_by().values("unit_id", "unit__name").annotate(**COUNTS).order_by("unit__name", "unit_id")
    ]
    by_award_kind = [
        {"award_kind": row["award_kind__code"], **_named(row)}
        for row in files.order_by()
        .values("award_kind__code", "award_kind__order")
        .annotate(**COUNTS)
        .order_by("award_kind__order", "award_kind__code")
    ]
    nominees = _nominees_of(files)
    by_nominee_kind = list(
        nominees.order_by().values("kind", "result").annotate(nominees=Count("id")).order_by("kind", "result")
    )
    by_gender = [
        {"gender": row["gender"] or None, "nominees": row["nominees"], "approved": row["approved"]}
        for row in nominees.filter(kind="individual")
        .order_by()
        .values("gender")
        .annotate(nominees=Count("id"), approved=Count("id", filter=Q(result=NomineeResult.APPROVED)))
        .order_by("gender")
    ]
    by_ethnicity = suppress_small_cells(
        [
            {"ethnicity": row["ethnicity"] or None, "nominees": row["nominees"], "approved": row["approved"]}
            for row in nominees.filter(kind="individual")
            .order_by()
            .values("ethnicity")
            .annotate(nominees=Count("id"), approved=Count("id", filter=Q(result=NomineeResult.APPROVED)))
            .order_by("ethnicity")
        ],
        count="nominees",
        also=["approved"],
    )
    cross = [
        {
            "unit": row["nomination__unit_id"],
            "award_kind": row["nomination__award_kind__code"],
            "kind": row["kind"],
            "result": row["result"],
            "nominees": row["nominees"],
        }
        for row in nominees.order_by()
        .values("nomination__unit_id", "nomination__award_kind__code", "kind", "result")
        .annotate(nominees=Count("id"))
        .order_by("nomination__unit_id", "nomination__award_kind__code", "kind", "result")
    ]
    return {
        "totals": totals,
        "by_unit": by_unit,
        "by_award_kind": by_award_kind,
        "by_nominee_kind": by_nominee_kind,
        "by_gender": by_gender,
        "by_ethnicity": by_ethnicity,
        "by_unit_award_kind_kind_result": cross,
    }


def _denominators(organization_id: int) -> dict[str, int | None]:
    units = Unit.objects.filter(organization_id=organization_id)
    sums = units.aggregate(
        households=Sum("households"),
        population=Sum("population"),
        khom_units=Count("id", filter=Q(kind=UnitKind.KHOM)),
        units=Count(
            "id",
            filter=Q(kind__in=[UnitKind.BAN_NGANH, UnitKind.DOAN_THE, UnitKind.TRUONG_HOC, UnitKind.DOANH_NGHIEP]),
        ),
    )
    # No unit records how many clans it has: that share stays open until the data exists.
    return {**sums, "clans": None}


def _progress(files: QuerySet[Nomination], organization_id: int) -> list[dict[str, Any]]:
    denominators = _denominators(organization_id)
    achieved = dict(
        _nominees_of(files)
        .filter(result=NomineeResult.APPROVED)
        .order_by()
        .values("nomination__award_kind__code")
        .annotate(n=Count("identity_key", distinct=True))
        .values_list("nomination__award_kind__code", "n")
    )
    rows = []
    for target in TARGETS:
        base = denominators.get(target.denominator) or None
        count = achieved.get(target.award_kind, 0)
        rows.append(
            {
                "award_kind": target.award_kind,
                "target_percent": target.percent,
                "by_year": target.by_year,
                "source": target.source,
                "denominator": target.denominator,
                "denominator_value": base,
                "achieved": count,
                "percent": round(100 * count / base, 1) if base else None,
                "met": (100 * count >= target.percent * base) if base else None,
            }
        )
    return rows


def _quotas(round: Round, user: Any) -> list[dict[str, Any]]:  # noqa: A002 - the domain's word
    """The round's caps with their use: the organisation's bodies see every unit's, a unit its own."""
    if user.is_superuser or round.campaign.organization_id in body_organization_ids(user):
        return round_quotas(round_id=round.pk)
    return round_quotas(round_id=round.pk, unit_ids=unit_ids_of(user))


def round_report(*, round: Round, user: Any) -> dict[str, Any]:  # noqa: A002 - the domain's word
    files = visible_nominations(user).filter(round_id=round.pk)
    return {
        "round": round.pk,
        "name": round.name,
        "year": round.year,
        **_breakdowns(files),
        "progress": _progress(files, round.campaign.organization_id),
        "prize_money": prize_money(files),
        "quotas": _quotas(round, user),
    }


def phase_rounds(phase: Phase) -> QuerySet[Round]:
    """Rounds a phase's review covers: its own years for a sơ kết, the campaign so far for a tổng kết."""
    start = phase.campaign.start_year if phase.review_kind == "final" else phase.start_year
    return Round.objects.filter(campaign_id=phase.campaign_id, year__gte=start, year__lte=phase.end_year)


def phase_report(*, phase: Phase, user: Any) -> dict[str, Any]:
    rounds = phase_rounds(phase)
    files = visible_nominations(user).filter(round__in=rounds)
    by_round = {
        row["round_id"]: _named(row)
        for row in files.order_by().values("round_id").annotate(**COUNTS).order_by("round_id")
    }
    empty = {"files": 0, "nominees": 0, "approved": 0}
    money = prize_money_by_round(files)
    no_money = prize_money(files.none())
    return {
        "phase": phase.pk,
        "name": phase.name,
        "review_kind": phase.review_kind,
        "start_year": phase.campaign.start_year if phase.review_kind == "final" else phase.start_year,
        "end_year": phase.end_year,
        "rounds": [
            {
                "round": r.pk,
                "name": r.name,
                "year": r.year,
                **by_round.get(r.pk, empty),
                "prize_money": money.get(r.pk, no_money),
            }
            for r in rounds.order_by("year", "opens_on")
        ],
        **_breakdowns(files),
        "progress": _progress(files, phase.campaign.organization_id),
        "prize_money": prize_money(files),
    }


def awardees(files: QuerySet[Nomination]) -> Iterator[tuple[Any, ...]]:
    """Every approved nominee of these files, streamed in chunks for exports."""
    rows: Iterable[tuple[Any, ...]] = (
        _nominees_of(files)
        .filter(result=NomineeResult.APPROVED)
        .order_by("nomination__unit__name", "nomination__award_kind__order", "nomination_id", "order", "id")
        .values_list(
            "nomination__unit__name",
            "nomination__award_kind__name",
            "nomination__reference",
            "kind",
            "name",
            "gender",
            "birth_year",
            "address",
        )
        .iterator(chunk_size=2000)
    )
    yield from rows
