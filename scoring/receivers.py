"""Scoring's part in recognising a title (connected to the lifecycle's hooks in ScoringConfig.ready)."""

from typing import Any

from core.errors import Refusal
from nominations.models import Nomination
from scoring.services import apply_recognition_results, criteria_set_for, passing_nominees


def refuse_without_passing_nominee(sender: Any, *, nomination: Nomination, **kwargs: Any) -> Refusal | None:
    """A title is recognised only when a nominee meets its criteria (when the title has criteria)."""
    criteria_set = criteria_set_for(award_kind_id=nomination.award_kind_id, year=nomination.round.year)
    if criteria_set is None or not criteria_set.criteria.exists():
        return None
    if passing_nominees(nomination.nominees.filter(result="pending"), criteria_set).exists():
        return None
    return Refusal(
        "no_passing_nominees",
        "Chưa có người / hộ nào đạt tiêu chí (đủ điểm đạt và tiêu chí bắt buộc): hãy chấm điểm trước khi công nhận.",
        "No nominee meets the criteria yet (pass mark and mandatory criteria): score them before recognising.",
    )


def settle_results(sender: Any, *, nomination: Nomination, **kwargs: Any) -> None:
    """Each nominee passes or fails the title's criteria on the reviewer's scores."""
    apply_recognition_results(nomination=nomination)
