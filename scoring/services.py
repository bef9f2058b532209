"""Scoring of title-track nominees and the pass rule that recognition applies.

A nominee passes when the reviewer's points reach the set's pass mark and the reviewer has marked
every mandatory criterion met. The rule is written once, as a queryset filter, so recognising a
file of 300 households is two UPDATE statements, and checking one nominee uses the same filter.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Count, Exists, IntegerField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from core.errors import Refusal, not_found
from nominations import access as permissions
from nominations.models import CriteriaSet, Criterion, Nomination, Nominee, NomineeResult, Role, Track
from nominations.states import Status
from scoring.models import NomineeScore
from workflows.audit import record_act
from workflows.drafting import lock_editable
from workflows.services import lock_nomination

NOT_PASSED_REASON = (
    "Chưa đạt tiêu chí của danh hiệu (tổng điểm thẩm định dưới điểm đạt hoặc có tiêu chí bắt buộc chưa đạt)."
)


def criteria_set_for(*, award_kind_id: int, year: int) -> CriteriaSet | None:
    """The set in force for that year: the latest one applying from that year or earlier that has criteria."""
    return (
        CriteriaSet.objects.filter(award_kind_id=award_kind_id, year__lte=year)
        .filter(Exists(Criterion.objects.filter(criteria_set_id=OuterRef("pk"))))
        .order_by("-year")
        .first()
    )


def passing_nominees(nominees: QuerySet[Nominee], criteria_set: CriteriaSet) -> QuerySet[Nominee]:
    """Those of `nominees` that pass `criteria_set` on the reviewer's scores."""
    scores = NomineeScore.objects.filter(nominee_id=OuterRef("pk"), criterion__criteria_set_id=criteria_set.pk)
    total = scores.order_by().values("nominee_id").annotate(total=Sum("review_points")).values("total")
    mandatory_met = (
        scores.filter(criterion__mandatory=True, met=True)
        .order_by()
        .values("nominee_id")
        .annotate(n=Count("id"))
        .values("n")
    )
    mandatory = criteria_set.criteria.filter(mandatory=True).count()
    return nominees.annotate(
        review_total=Coalesce(Subquery(total, output_field=IntegerField()), Value(0)),
        mandatory_met=Coalesce(Subquery(mandatory_met, output_field=IntegerField()), Value(0)),
    ).filter(review_total__gte=criteria_set.pass_mark or 0, mandatory_met__gte=mandatory)


def nominee_passes(nominee: Nominee, criteria_set: CriteriaSet) -> bool:
    return passing_nominees(Nominee.objects.filter(pk=nominee.pk), criteria_set).exists()


def apply_recognition_results(*, nomination: Nomination) -> None:
    """Set each pending nominee's result when a title-track file is recognised (inside the transition)."""
    pending = Nominee.objects.filter(nomination_id=nomination.pk, result=NomineeResult.PENDING)
    criteria_set = criteria_set_for(award_kind_id=nomination.award_kind_id, year=nomination.round.year)
    if criteria_set is not None:
        passing = passing_nominees(
            Nominee.objects.filter(nomination_id=nomination.pk, result=NomineeResult.PENDING), criteria_set
        )
        pending.exclude(pk__in=passing.values("pk")).update(
            result=NomineeResult.NOT_APPROVED, result_reason=NOT_PASSED_REASON
        )
    pending.update(result=NomineeResult.APPROVED)


@dataclass(frozen=True)
class CleanScore:
    nominee_id: int
    criterion: Criterion
    points: int | None
    met: bool | None
    comment: str


def _invalid(where: str, vi: str, en: str) -> Refusal:
    return Refusal("validation_error", f"{where}: {vi}", f"{where}: {en}", extra={"field": where})


def _title_criteria(nomination: Nomination) -> CriteriaSet:
    if nomination.award_kind.track != Track.TITLE:
        raise Refusal(
            "wrong_track",
            "Chỉ danh hiệu học tập mới chấm điểm theo tiêu chí.",
            "Only learning titles are scored against criteria.",
        )
    criteria_set = criteria_set_for(award_kind_id=nomination.award_kind_id, year=nomination.round.year)
    if criteria_set is None:
        raise Refusal(
            "no_criteria",
            f"«{nomination.award_kind.name}» chưa có bộ tiêu chí áp dụng cho năm {nomination.round.year}.",
            f"'{nomination.award_kind.code}' has no criteria set for {nomination.round.year}.",
        )
    return criteria_set


def _clean_scores(
    nomination: Nomination, criteria_set: CriteriaSet, scores: Iterable[Mapping[str, Any]]
) -> list[CleanScore]:
    criteria = {c.code: c for c in criteria_set.criteria.all()}
    nominee_ids = set(Nominee.objects.filter(nomination_id=nomination.pk).values_list("pk", flat=True))
    cleaned: dict[tuple[int, int], CleanScore] = {}
    for i, row in enumerate(scores):
        where = f"scores[{i}]"
        if not isinstance(row, Mapping):
            raise _invalid(where, "phải là một đối tượng JSON.", "must be a JSON object.")
        try:
            nominee_id = int(row.get("nominee"))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            nominee_id = None
        if nominee_id not in nominee_ids:
            raise _invalid(f"{where}.nominee", "không thuộc hồ sơ này.", "not a nominee of this file.")
        criterion = criteria.get(str(row.get("criterion") or ""))
        if criterion is None:
            raise _invalid(
                f"{where}.criterion", "không có trong bộ tiêu chí áp dụng.", "not in the applicable criteria set."
            )
        points = row.get("points")
        if points is not None:
            if criterion.max_points is None:
                raise _invalid(
                    f"{where}.points", "tiêu chí này chỉ đánh giá đạt / không đạt.", "this criterion is pass/fail."
                )
            if isinstance(points, bool) or not isinstance(points, int) or not 0 <= points <= criterion.max_points:
                raise _invalid(
                    f"{where}.points",
                    f"điểm là số nguyên từ 0 đến {criterion.max_points}.",
                    f"points are a whole number from 0 to {criterion.max_points}.",
                )
        met = row.get("met")
        if met is not None and not isinstance(met, bool):
            raise _invalid(f"{where}.met", "là true hoặc false.", "is true or false.")
        comment = str(row.get("comment") or "").strip()[:2000]
        cleaned[(nominee_id, criterion.pk)] = CleanScore(nominee_id, criterion, points, met, comment)
    return list(cleaned.values())


def _store(nomination: Nomination, rows: list[CleanScore], *, review: bool, actor: Any, client_ip: str | None) -> int:
    if review:
        objs = [
            NomineeScore(
                nominee_id=r.nominee_id, criterion=r.criterion, review_points=r.points, met=r.met, comment=r.comment
            )
            for r in rows
        ]
        fields = ["review_points", "met", "comment", "updated_at"]
    else:
        objs = [
            NomineeScore(nominee_id=r.nominee_id, criterion=r.criterion, self_points=r.points, self_met=r.met)
            for r in rows
        ]
        fields = ["self_points", "self_met", "updated_at"]
    NomineeScore.objects.bulk_create(
        objs, batch_size=1000, update_conflicts=True, unique_fields=["nominee", "criterion"], update_fields=fields
    )
    nominees = len({r.nominee_id for r in rows})
    record_act(
        nomination=nomination,
        act="score" if review else "self_assess",
        actor=actor,
        comment=f"{len(rows)} điểm tiêu chí / {nominees} đối tượng",
        client_ip=client_ip,
    )
    return len(rows)


def score_self_assess(
    *, nomination_id: Any, actor: Any, scores: Iterable[Mapping[str, Any]], client_ip: str | None = None
) -> int:
    """The unit's self-assessment, while the file is still its own to edit; returns how many scores were stored."""
    with transaction.atomic():
        nomination = lock_editable(nomination_id=nomination_id, actor=actor)
        criteria_set = _title_criteria(nomination)
        rows = _clean_scores(nomination, criteria_set, scores)
        return _store(nomination, rows, review=False, actor=actor, client_ip=client_ip)


def score_review(
    *, nomination_id: Any, actor: Any, scores: Iterable[Mapping[str, Any]], client_ip: str | None = None
) -> int:
    """The reviewer's scores, while the file is under review; the same people who may recognise it."""
    with transaction.atomic():
        nomination = lock_nomination(nomination_id)
        if not permissions.can_see(actor, nomination):
            raise not_found()
        refusal = permissions.transition_refusal(actor, nomination, "recognize")
        if refusal is not None:
            raise refusal
        if nomination.status != Status.UNDER_REVIEW:
            raise Refusal(
                "not_under_review",
                "Chỉ chấm điểm thẩm định khi hồ sơ đang được thẩm định.",
                "Scores are given only while the file is under review.",
                status=409,
            )
        criteria_set = _title_criteria(nomination)
        rows = _clean_scores(nomination, criteria_set, scores)
        return _store(nomination, rows, review=True, actor=actor, client_ip=client_ip)


def score_save(
    *, nomination_id: Any, actor: Any, scores: Iterable[Mapping[str, Any]], client_ip: str | None = None
) -> int:
    """The unit's submitters self-assess their own file; everyone else scores as a reviewer."""
    unit_id = Nomination.objects.filter(pk=nomination_id).values_list("unit_id", flat=True).first()
    if unit_id is not None and permissions.has_role(actor, Role.SUBMITTER, unit_id=unit_id):
        return score_self_assess(nomination_id=nomination_id, actor=actor, scores=scores, client_ip=client_ip)
    return score_review(nomination_id=nomination_id, actor=actor, scores=scores, client_ip=client_ip)


def score_sheet(nomination: Nomination) -> dict[str, Any]:
    """The criteria in force and every nominee's scores, totals and verdict, in two queries plus one per set."""
    criteria_set = criteria_set_for(award_kind_id=nomination.award_kind_id, year=nomination.round.year)
    if criteria_set is None or nomination.award_kind.track != Track.TITLE:
        return {"criteria_set": None, "nominees": []}
    criteria = list(criteria_set.criteria.all())
    nominees = Nominee.objects.filter(nomination_id=nomination.pk).order_by("order", "id")
    passing = set(passing_nominees(nominees, criteria_set).values_list("pk", flat=True))
    by_nominee: dict[int, list[NomineeScore]] = {}
    for score in NomineeScore.objects.filter(
        nominee__nomination_id=nomination.pk, criterion__criteria_set_id=criteria_set.pk
    ).select_related("criterion"):
        by_nominee.setdefault(score.nominee_id, []).append(score)
    rows = []
    for nominee in nominees.only("id", "name", "kind", "result"):
        scores = sorted(by_nominee.get(nominee.pk, []), key=lambda s: (s.criterion.order, s.criterion.code))
        rows.append(
            {
                "nominee": nominee.pk,
                "name": nominee.name,
                "result": nominee.result,
                "scores": [
                    {
                        "criterion": s.criterion.code,
                        "self_points": s.self_points,
                        "self_met": s.self_met,
                        "review_points": s.review_points,
                        "met": s.met,
                        "comment": s.comment,
                    }
                    for s in scores
                ],
                "self_total": sum(s.self_points or 0 for s in scores),
                "review_total": sum(s.review_points or 0 for s in scores),
                "passes": nominee.pk in passing,
            }
        )
    return {
        "criteria_set": {
            "id": criteria_set.pk,
            "award_kind": nomination.award_kind.code,
            "year": criteria_set.year,
            "source_decision": criteria_set.source_decision,
            "pass_mark": criteria_set.pass_mark,
            "is_unverified_default": criteria_set.is_unverified_default,
            "criteria": [
                {
                    "code": c.code,
                    "text": c.text,
                    "max_points": c.max_points,
                    "mandatory": c.mandatory,
                    "is_unverified_default": c.is_unverified_default,
                }
                for c in criteria
            ],
        },
        "nominees": rows,
    }


__all__ = [
    "apply_recognition_results",
    "criteria_set_for",
    "nominee_passes",
    "passing_nominees",
    "score_review",
    "score_save",
    "score_self_assess",
    "score_sheet",
]
