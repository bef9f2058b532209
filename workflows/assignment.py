"""Assignment by rule: a file entering review in steps goes straight to the officer a rule names.

The most specific rule wins: unit and award kind, then unit, then award kind. Without a rule the file
waits for the head (or the intake clerk) to assign it by hand (workflows.review).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils import timezone

from nominations.models import AssignmentRule, ReviewAssignment, Role
from workflows.audit import record_act


def rule_officer(nomination: Any) -> Any:
    rules = AssignmentRule.objects.filter(
        Q(unit_id=nomination.unit_id) | Q(unit__isnull=True),
        Q(award_kind_id=nomination.award_kind_id) | Q(award_kind__isnull=True),
        organization_id=nomination.organization_id,
        officer__is_active=True,
        officer__memberships__organization_id=nomination.organization_id,
        officer__memberships__role=Role.REVIEWER,
    ).select_related("officer")
    ranked = sorted(rules, key=lambda r: (r.unit_id is None, r.award_kind_id is None, r.pk))
    for rule in ranked:
        if rule.officer_id not in (nomination.created_by_id, nomination.submitted_by_id):
            return rule.officer
    return None


def assign_by_rule(*, nomination: Any, actor: Any) -> ReviewAssignment | None:
    """Called as a file enters review in steps, before the flow routes it; the caller holds the row lock."""
    if getattr(nomination, "review_assignment", None) is not None:
        return None
    officer = rule_officer(nomination)
    if officer is None:
        return None
    assignment = ReviewAssignment.objects.create(
        nomination=nomination, officer=officer, assigned_by=actor, assigned_at=timezone.now()
    )
    nomination.review_assignment = assignment
    record_act(
        nomination=nomination,
        act="assign",
        actor=actor,
        comment=f"Phân công {officer} thẩm định hồ sơ theo quy tắc phân công.",
    )
    return assignment
