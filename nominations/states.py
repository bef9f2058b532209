"""The nomination's state machine (SPEC.md §3).

The status field lives on the nomination; this mixin carries its transitions so the whole
life of a file reads in one place. Guards are FSM conditions; each has a twin in guards.py
that explains a refusal with a stable code.
"""

import functools
from collections.abc import Callable
from typing import Any

from django.db import models
from django_fsm import FSMField, transition


class Status(models.TextChoices):
    DRAFT = "draft", "Dự thảo"
    SUBMITTED = "submitted", "Đã gửi, chờ tiếp nhận"
    UNDER_REVIEW = "under_review", "Đang thẩm định"
    RETURNED = "returned", "Trả lại để bổ sung"
    RECOMMENDED = "recommended", "Đủ điều kiện, trình Hội đồng"
    IN_COUNCIL = "in_council", "Chờ Hội đồng xét"
    APPROVED = "approved", "Được thông qua, chờ ký"
    DECIDED = "decided", "Đã có quyết định"
    ISSUED = "issued", "Đã khen thưởng"
    REJECTED = "rejected", "Không đủ điều kiện"
    NOT_APPROVED = "not_approved", "Không được thông qua"
    WITHDRAWN = "withdrawn", "Đã rút"


TERMINAL = frozenset({Status.ISSUED, Status.REJECTED, Status.NOT_APPROVED, Status.WITHDRAWN})
# States in which a file waits in somebody's queue, in a fixed order (the queue indexes name them).
QUEUE_STATES = [state.value for state in Status if state not in TERMINAL]
EDITABLE = frozenset({Status.DRAFT, Status.RETURNED})
# Visible to the organisation's bodies once it has left the unit.
UNIT_ONLY = frozenset({Status.DRAFT})

# Transitions an API client may request by name; the rest follow council, decision and issue.
PUBLIC_TRANSITIONS = (
    "submit",
    "withdraw",
    "accept",
    "return_for_revision",
    "reject",
    "recommend",
    "recognize",
)


# The checks a transition makes belong to the lifecycle (workflows.guards), which registers them here by
# name when it loads: the file's shape names its checks, the engine above supplies them.
GUARDS: dict[str, Callable[[Any], Any]] = {}


def register_guard(guard: Callable[[Any], Any]) -> Callable[[Any], Any]:
    GUARDS[guard.__name__] = guard
    return guard


def _cond(name: str) -> Callable[[Any], bool]:
    def guard(instance: Any) -> Any:
        return GUARDS[name](instance)

    def condition(instance: Any) -> bool:
        return guard(instance) is None

    guard.__name__ = condition.__name__ = name
    condition.guard = guard  # type: ignore[attr-defined]
    return condition


class NominationStateMachine(models.Model):
    status = FSMField("trạng thái", default=Status.DRAFT, choices=Status.choices, protected=True, db_index=True)

    class Meta:
        abstract = True

    @transition(
        field=status,
        source=[Status.DRAFT, Status.RETURNED],
        target=Status.SUBMITTED,
        conditions=[
            _cond("round_open"),
            _cond("has_nominees"),
            _cond("has_required_attachments"),
            _cond("no_duplicate_award_in_unit"),
            _cond("one_achievement_one_form"),
            _cond("within_quota"),
        ],
    )
    def submit(self) -> None:
        """Gửi hồ sơ"""

    @transition(field=status, source=[Status.DRAFT, Status.SUBMITTED, Status.RETURNED], target=Status.WITHDRAWN)
    def withdraw(self) -> None:
        """Rút hồ sơ"""

    @transition(
        field=status, source=Status.SUBMITTED, target=Status.UNDER_REVIEW, conditions=[_cond("no_duplicate_award")]
    )
    def accept(self) -> None:
        """Tiếp nhận"""

    @transition(field=status, source=Status.UNDER_REVIEW, target=Status.RETURNED, conditions=[_cond("comment_given")])
    def return_for_revision(self) -> None:
        """Trả lại để bổ sung"""

    @transition(field=status, source=Status.UNDER_REVIEW, target=Status.REJECTED, conditions=[_cond("comment_given")])
    def reject(self) -> None:
        """Không đủ điều kiện"""

    @transition(
        field=status,
        source=Status.UNDER_REVIEW,
        target=Status.RECOMMENDED,
        conditions=[_cond("commendation_track"), _cond("has_pending_nominees"), _cond("within_quota")],
    )
    def recommend(self) -> None:
        """Trình Hội đồng"""

    @transition(
        field=status,
        source=Status.UNDER_REVIEW,
        target=Status.APPROVED,
        conditions=[
            _cond("title_track"),
            _cond("has_pending_nominees"),
            _cond("has_passing_nominees"),
            _cond("within_quota"),
        ],
    )
    def recognize(self) -> None:
        """Công nhận danh hiệu"""

    @transition(field=status, source=Status.RECOMMENDED, target=Status.IN_COUNCIL)
    def place_in_council(self) -> None:
        """Đưa vào phiên họp Hội đồng"""

    @transition(field=status, source=Status.IN_COUNCIL, target=Status.APPROVED)
    def council_approve(self) -> None:
        """Hội đồng thông qua"""

    @transition(field=status, source=Status.IN_COUNCIL, target=Status.NOT_APPROVED)
    def council_reject(self) -> None:
        """Hội đồng không thông qua"""

    @transition(field=status, source=Status.APPROVED, target=Status.DECIDED)
    def decide(self) -> None:
        """Quyết định được ký"""

    @transition(field=status, source=Status.DECIDED, target=Status.ISSUED)
    def issue(self) -> None:
        """Trao giấy khen / giấy công nhận"""


@functools.cache
def _transition_table() -> dict[str, frozenset[str]]:
    from django.apps import apps

    model = apps.get_model("nominations", "Nomination")
    table: dict[str, set[str]] = {}
    for t in model._meta.get_field("status").get_all_transitions(model):
        table.setdefault(t.source, set()).add(t.name)
    return {source: frozenset(names) for source, names in table.items()}


def transitions_from(state: str) -> set[str]:
    """Names of the transitions whose source is this state, whatever their guards say."""
    table = _transition_table()
    return set(table.get(state, frozenset())) | set(table.get("*", frozenset()))
