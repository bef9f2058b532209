"""What the lifecycle tests share: a file's footprint, files built into any state, and the expected answer
of a public transition for a demo user, derived from SPEC.md §1/§3 and API.md rather than from the code."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

from viewflow.workflow.models import Task

from nominations.models import Nomination
from nominations.states import PUBLIC_TRANSITIONS
from tests.conftest import individual
from workflows.models import AuditEntry, OutboxEvent
from workflows.services import OPEN_TASK_STATUSES

DEMO_ROLES = (
    "unit1",
    "unit2",
    "reviewer",
    "secretary",
    "chair",
    "member1",
    "signer",
    "broadcaster",
    "supervisor",
    "admin",
)
# The radio reads broadcasts only, and the administrator reads a file only under an access grant.
BODY_USERS = frozenset({"reviewer", "secretary", "chair", "member1", "signer", "supervisor"})

# How to bring a file of unit1 into each state a public transition can start from (or a few it cannot).
WALKS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "draft": (),
    "submitted": (("unit1", "submit", ""),),
    "under_review": (("unit1", "submit", ""), ("reviewer", "accept", "")),
    "returned": (
        ("unit1", "submit", ""),
        ("reviewer", "accept", ""),
        ("reviewer", "return_for_revision", "Bổ sung biên bản"),
    ),
    "recommended": (("unit1", "submit", ""), ("reviewer", "accept", ""), ("reviewer", "recommend", "Đủ điều kiện")),
    "rejected": (("unit1", "submit", ""), ("reviewer", "accept", ""), ("reviewer", "reject", "Chưa đủ tiêu chuẩn")),
    # withdrawn after it left the unit (a draft withdrawn unsubmitted never leaves it: test_visibility_by_need)
    "withdrawn": (("unit1", "submit", ""), ("unit1", "withdraw", "Rút hồ sơ")),
}

# Where each public transition may start and where it leads (SPEC.md §3).
GRAPH: dict[str, dict[str, str]] = {
    "draft": {"submit": "submitted", "withdraw": "withdrawn"},
    "submitted": {"accept": "under_review", "withdraw": "withdrawn"},
    "under_review": {
        "return_for_revision": "returned",
        "reject": "rejected",
        "recommend": "recommended",
        "recognize": "approved",
    },
    "returned": {"submit": "submitted", "withdraw": "withdrawn"},
}
UNIT_TRANSITIONS = frozenset({"submit", "withdraw"})
REVIEW_TRANSITIONS = frozenset(PUBLIC_TRANSITIONS) - UNIT_TRANSITIONS
COMMENT_REQUIRED = frozenset({"return_for_revision", "reject"})


_serial = itertools.count(1)


def someone() -> dict[str, Any]:
    """An individual nominee no other file names, so the duplicate-award guard stays out of the way."""
    return individual(f"Nguyễn Thị Hội Viên {next(_serial)}")


def some_household() -> dict[str, Any]:
    return {"kind": "household", "name": f"Hộ ông Trần Văn {next(_serial)}", "details": {"address": "Khóm Đông Thạnh"}}


@dataclass(frozen=True)
class Footprint:
    status: str
    version: int
    audit_rows: int
    outbox_rows: int
    open_tasks: tuple[str, ...]


def footprint(nomination_id: Any) -> Footprint:
    nomination = Nomination.objects.select_related("process").get(pk=nomination_id)
    tasks = Task.objects.filter(process_id=nomination.process.pk, flow_task_type="HUMAN", status__in=OPEN_TASK_STATUSES)
    return Footprint(
        status=nomination.status,
        version=nomination.version,
        audit_rows=AuditEntry.objects.filter(nomination_id=nomination_id).count(),
        outbox_rows=OutboxEvent.objects.filter(nomination_id=nomination_id).count(),
        open_tasks=tuple(sorted(task.flow_task.name for task in tasks)),
    )


def public_audit_rows(nomination_id: Any) -> int:
    return AuditEntry.objects.filter(nomination_id=nomination_id, transition__in=PUBLIC_TRANSITIONS).count()


def can_see(username: str, *, status: str, owner: str, submitted: bool | None = None) -> bool:
    """Files are visible to their unit from creation, to the bodies once submitted: a draft withdrawn
    without ever being submitted never leaves its unit."""
    if username == owner:
        return True
    ever_submitted = status != "draft" if submitted is None else submitted
    return username in BODY_USERS and status != "draft" and ever_submitted


def expected_status(
    username: str,
    name: str,
    *,
    status: str,
    track: str,
    owner: str = "unit1",
    fresh: bool = True,
    comment: str = "x",
    submitted: bool | None = None,
) -> int:
    """The HTTP status the contract promises for this user asking for this transition now.

    The order is the contract's: not visible → 404; visible but not the user's to do → 403;
    not possible from the state or a stale version → 409; a guard refuses → 400. The file is
    assumed complete (nominees, attachments, open round, no duplicate).
    """
    if not can_see(username, status=status, owner=owner, submitted=submitted):
        return 404
    allowed = username == owner if name in UNIT_TRANSITIONS else username == "reviewer"
    if not allowed:
        return 403
    if name not in GRAPH.get(status, {}):
        return 409
    if not fresh:
        return 409
    if name in COMMENT_REQUIRED and not comment.strip():
        return 400
    if (name == "recommend" and track == "title") or (name == "recognize" and track == "commendation"):
        return 400
    return 200
