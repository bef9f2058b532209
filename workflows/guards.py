"""Guards of the nomination's transitions: each returns None when satisfied, else a Refusal.

They read only the nomination instance and its relations, so the state machine can use
them as FSM conditions without importing the domain models.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps

from core import clock
from core.errors import Refusal
from nominations.states import register_guard
from workflows import hooks, quotas


@register_guard
def round_open(nomination: Any) -> Refusal | None:
    if nomination.is_adhoc:
        return None
    rnd = nomination.round
    today = clock.today()
    if rnd.is_open_on(today):
        return None
    return Refusal(
        "round_closed",
        f"Đợt xét «{rnd.name}» chỉ nhận hồ sơ từ {rnd.opens_on:%d/%m/%Y} đến {rnd.closes_on:%d/%m/%Y}.",
        f"The round '{rnd.name}' accepts files only from {rnd.opens_on:%Y-%m-%d} to {rnd.closes_on:%Y-%m-%d}.",
    )


@register_guard
def has_nominees(nomination: Any) -> Refusal | None:
    if nomination.nominees.exists():
        return None
    return Refusal(
        "no_nominees",
        "Hồ sơ chưa có người / tập thể được đề nghị nào.",
        "The file lists no nominee.",
    )


def missing_attachment_kinds(nomination: Any, present: set[str] | None = None) -> list[str]:
    """The attachment kinds the file's award kind requires (its ad-hoc list for an ad-hoc award) and the file
    lacks: what the submission guard refuses on, and what the file's page lists. ``present`` spares a query."""
    award = nomination.award_kind
    required = list(award.adhoc_required_attachments if nomination.is_adhoc else award.required_attachments)
    if not required:
        return []
    if present is None:
        present = set(nomination.attachments.values_list("kind", flat=True).distinct())
    return [kind for kind in required if kind not in present]


@register_guard
def has_required_attachments(nomination: Any) -> Refusal | None:
    missing = missing_attachment_kinds(nomination)
    if not missing:
        return None
    labels = dict(apps.get_model("nominations", "Attachment")._meta.get_field("kind").choices)
    return Refusal(
        "missing_attachments",
        "Hồ sơ còn thiếu: " + ", ".join(str(labels.get(kind, kind)) for kind in missing) + ".",
        "The file is missing: " + ", ".join(missing) + ".",
        extra={"missing": missing},
    )


def _duplicate_refusal(nomination: Any, duplicates: list[tuple[str, int]]) -> Refusal | None:
    if not duplicates:
        return None
    names = ", ".join(sorted({name for name, _ in duplicates})[:10])
    return Refusal(
        "duplicate_award",
        f"Đã được đề nghị hoặc đã nhận {nomination.award_kind.name} trong đợt này: {names}.",
        f"Already nominated for or holding this award in this round: {names}.",
        extra={"nominees": [nominee_id for _, nominee_id in duplicates]},
    )


@register_guard
def one_achievement_one_form(nomination: Any) -> Refusal | None:
    others = nomination.find_other_forms()
    if not others:
        return None
    first = "; ".join(f"{name}: {earlier}" for name, _, earlier in sorted(others)[:10])
    return Refusal(
        "achievement_already_awarded",
        f"Một thành tích chỉ được khen một hình thức. Thành tích này đã được đề nghị hoặc khen: {first}.",
        f"One achievement earns one form. This achievement was already proposed or awarded: {first}.",
        extra={"nominees": [nominee_id for _, nominee_id, _ in others]},
    )


@register_guard
def no_duplicate_award_in_unit(nomination: Any) -> Refusal | None:
    """At submission: the unit's own files and the organisation's register only (nothing about others)."""
    return _duplicate_refusal(nomination, nomination.find_duplicate_nominees(within_unit=True))


@register_guard
def no_duplicate_award(nomination: Any) -> Refusal | None:
    """At intake, by the reviewer who reads every file of the organisation: across units."""
    return _duplicate_refusal(nomination, nomination.find_duplicate_nominees())


@register_guard
def comment_given(nomination: Any) -> Refusal | None:
    if (getattr(nomination, "_transition_comment", "") or "").strip():
        return None
    return Refusal(
        "comment_required",
        "Cần ghi rõ lý do (nhận xét) cho thao tác này.",
        "This action needs a comment giving the reason.",
    )


@register_guard
def commendation_track(nomination: Any) -> Refusal | None:
    if nomination.award_kind.track == "commendation":
        return None
    return Refusal(
        "wrong_track",
        "Danh hiệu học tập được công nhận (recognize), không trình Hội đồng.",
        "Learning titles are recognised, not recommended to the council.",
    )


@register_guard
def title_track(nomination: Any) -> Refusal | None:
    if nomination.award_kind.track == "title":
        return None
    return Refusal(
        "wrong_track",
        "Hình thức khen thưởng này phải trình Hội đồng xét (recommend).",
        "This award is decided by the council: recommend it instead.",
    )


@register_guard
def has_pending_nominees(nomination: Any) -> Refusal | None:
    if nomination.nominees.filter(result="pending").exists():
        return None
    return Refusal(
        "no_pending_nominees",
        "Không còn người / tập thể nào chưa bị loại trong hồ sơ.",
        "Every nominee of this file has been excluded.",
    )


@register_guard
def has_passing_nominees(nomination: Any) -> Refusal | None:
    """A title is recognised only when a nominee meets its criteria (when the title has criteria)."""
    # Scoring owns the criteria; it answers through the recognition hook (registered in its AppConfig).
    for _receiver, refusal in hooks.recognition_check.send(sender=type(nomination), nomination=nomination):
        if refusal is not None:
            return refusal
    return None


@register_guard
def within_quota(nomination: Any) -> Refusal | None:
    """The round's cap for this unit and award kind still has room for the file's nominees."""
    return quotas.within_quota(nomination)
