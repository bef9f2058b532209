"""The benchmark cases: each pairs our code with the raw-SQL floor doing the same work on the same tables."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import psycopg
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from psycopg.types.json import Jsonb

from benchmarks import seed
from benchmarks.harness import Result, Side, measure
from workflows.audit_keys import current_key_id

OPEN = ("NEW", "ASSIGNED", "STARTED")


@dataclass
class Context:
    world: seed.World
    floor: psycopg.Connection[Any]
    reviewer: Any
    rounds: int
    per_round: int
    files: int = 0


# ---------------------------------------------------------------- helpers


def _submitted_files(ctx: Context, need: int) -> Iterator[tuple[Any, int, int]]:
    """(id, version, process id) of files waiting for intake, each handed out once."""
    rows = ctx.floor.execute(
        """
        SELECT n.id, n.version, p.process_ptr_id FROM nominations_nomination n
        JOIN workflows_nominationprocess p ON p.nomination_id = n.id
        WHERE n.status = 'submitted' ORDER BY n.created_at DESC LIMIT %s
        """,
        (need,),
    ).fetchall()
    ctx.floor.commit()
    if len(rows) < need:
        raise SystemExit(f"only {len(rows)} files wait for intake, {need} needed: seed more files")
    return iter(rows)


def _audit_hash(**fields: Any) -> str:
    """The same canonical JSON and HMAC-SHA256 as workflows.models.AuditEntry.compute_hash."""
    canonical = json.dumps(fields, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hmac.new(settings.VINHDANH_AUDIT_KEY.encode(), canonical.encode(), hashlib.sha256).hexdigest()


def _floor_state_change(
    cur: psycopg.Cursor[Any], nomination_id: Any, actor: Any, name: str, source: str, target: str
) -> tuple[int, int]:
    """Lock, guarded UPDATE, the audit link (read the last hash, insert, anchor) and the outbox INSERT: 7 statements."""
    org_id, unit_id, version = cur.execute(
        "SELECT organization_id, unit_id, version FROM nominations_nomination WHERE id = %s FOR UPDATE",
        (nomination_id,),
    ).fetchone()  # type: ignore[misc]
    cur.execute(
        "UPDATE nominations_nomination SET status = %s, version = version + 1, updated_at = now() "
        "WHERE id = %s AND status = %s AND version = %s",
        (target, nomination_id, source, version),
    )
    if cur.rowcount != 1:
        raise RuntimeError("floor: guarded update missed")
    chain = f"nomination:{nomination_id}"
    last = cur.execute(
        "SELECT seq, hash FROM workflows_auditentry WHERE chain = %s ORDER BY seq DESC LIMIT 1", (chain,)
    ).fetchone()
    seq, prev = (last[0] + 1, last[1]) if last else (1, "")
    at = timezone.now()
    key_id = current_key_id()
    digest = _audit_hash(
        chain=chain,
        details={},
        key=key_id,
        nomination=str(nomination_id),
        seq=seq,
        transition=name,
        source=source,
        target=target,
        actor=actor.pk,
        actor_name=actor.username,
        at=at.isoformat(timespec="microseconds"),
        comment="",
        client_ip="",
        prev=prev,
    )
    cur.execute(
        "INSERT INTO workflows_auditentry (chain, nomination_id, seq, transition, source, target, actor_id, actor_name,"
        " at, comment, client_ip, details, key_id, prev_hash, hash)"
        " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, '', NULL, '{}'::jsonb, %s, %s, %s)",
        (chain, nomination_id, seq, name, source, target, actor.pk, actor.username, at, key_id, prev, digest),
    )
    cur.execute(
        "INSERT INTO workflows_auditanchor (chain, length, head_hash, at) VALUES (%s, %s, %s, now())",
        (chain, seq, digest),
    )
    cur.execute(
        "INSERT INTO workflows_outboxevent (event, nomination_id, organization_id, unit_id, actor_id, payload,"
        " created_at) VALUES (%s, %s, %s, %s, %s, %s, now())",
        (
            f"nomination.{name}",
            nomination_id,
            org_id,
            unit_id,
            actor.pk,
            Jsonb({"source": source, "target": target, "comment": ""}),
        ),
    )
    return org_id, unit_id


# ---------------------------------------------------------------- transition


TRANSITION_OURS = (
    "transaction.atomic: lock_nomination (SELECT … FOR UPDATE with round/award kind/unit/organisation) + "
    "apply_transition('accept'): FSM, guarded UPDATE, audit entry with hash chain, outbox row, "
    "viewflow bookkeeping (complete intake task, Switch task, create appraise task) + after-commit outbox relay "
    "(publish to Celery on Redis)"
)
TRANSITION_FLOOR = (
    "psycopg: BEGIN, SELECT … FOR UPDATE, guarded UPDATE, SELECT last audit hash, "
    "audit INSERT (HMAC-SHA256 in Python), anchor INSERT, "
    "outbox INSERT, COMMIT (no workflow-engine rows, no relay)"
)


def transition(ctx: Context) -> Result:
    from workflows.services import apply_transition, lock_nomination

    need = 2 * ctx.rounds * ctx.per_round + 20
    files = _submitted_files(ctx, need)
    reviewer = ctx.reviewer

    def ours() -> None:
        nomination_id = next(files)[0]
        with transaction.atomic():
            nomination = lock_nomination(nomination_id)
            apply_transition(nomination=nomination, name="accept", actor=reviewer)

    def floor() -> None:
        nomination_id = next(files)[0]
        with ctx.floor.transaction(), ctx.floor.cursor() as cur:
            _floor_state_change(cur, nomination_id, reviewer, "accept", "submitted", "under_review")

    return measure(
        "transition",
        ours=Side(ours),
        floor=Side(floor, queries=7),
        rounds=ctx.rounds,
        per_round=ctx.per_round,
        ours_includes=TRANSITION_OURS,
        floor_includes=TRANSITION_FLOOR,
    )


# ---------------------------------------------------------------- human_step


HUMAN_OURS = (
    "nomination_transition('accept') as the API calls it (fresh user: roles read): lock, visibility, permission, "
    "version and guards, FSM, audit, outbox, viewflow completes intake and creates appraise through its Switch, "
    "one transaction + after-commit relay"
)
HUMAN_FLOOR = (
    "psycopg, one transaction: SELECT … FOR UPDATE, roles SELECT, guarded UPDATE, last audit hash + audit INSERT "
    "+ anchor, outbox INSERT, UPDATE of the open task to DONE, INSERT of the next task, INSERT of the previous-link"
)


def human_step(ctx: Context) -> Result:
    from nominations.models import User
    from workflows.services import nomination_transition

    need = 2 * ctx.rounds * ctx.per_round + 20
    files = _submitted_files(ctx, need)
    reviewer_id = ctx.reviewer.pk
    world = ctx.world

    def ours() -> None:
        nomination_id, version, _ = next(files)
        # A request carries a fresh user object, so the roles are read again as the API would.
        actor = User.objects.get(pk=reviewer_id)
        nomination_transition(nomination_id=nomination_id, name="accept", actor=actor, version=version)

    actor = ctx.reviewer

    def floor() -> None:
        nomination_id, _, process_id = next(files)
        with ctx.floor.transaction(), ctx.floor.cursor() as cur:
            cur.execute("SELECT id, username, is_superuser FROM nominations_user WHERE id = %s", (reviewer_id,))
            cur.execute(
                "SELECT organization_id, unit_id, role FROM nominations_membership WHERE user_id = %s", (reviewer_id,)
            )
            _floor_state_change(cur, nomination_id, actor, "accept", "submitted", "under_review")
            done = cur.execute(
                "UPDATE viewflow_task SET status = 'DONE', owner_id = %s, assigned = now(), started = now(),"
                " finished = now() WHERE process_id = %s AND flow_task_type = 'HUMAN'"
                " AND status IN ('NEW', 'ASSIGNED', 'STARTED') RETURNING id",
                (reviewer_id, process_id),
            ).fetchone()
            new = cur.execute(
                "INSERT INTO viewflow_task (flow_task, flow_task_type, status, created, token, process_id, data,"
                " owner_permission, owner_permission_content_type_id, owner_permission_obj_pk)"
                " VALUES (%s, 'HUMAN', 'NEW', now(), 'start', %s, '{}', %s, %s, %s) RETURNING id",
                (
                    f"{world.flow_class}.appraise",
                    process_id,
                    "vinhdanh.role_reviewer",
                    world.organization_type_id,
                    str(world.organization_id),
                ),
            ).fetchone()
            cur.execute(
                "INSERT INTO viewflow_task_previous (from_task_id, to_task_id) VALUES (%s, %s)",
                (new[0], done[0]),  # type: ignore[index]
            )

    return measure(
        "human_step",
        ours=Side(ours),
        floor=Side(floor, queries=12),
        rounds=ctx.rounds,
        per_round=ctx.per_round,
        ours_includes=HUMAN_OURS,
        floor_includes=HUMAN_FLOOR,
    )


# ---------------------------------------------------------------- queue_page


QUEUE_OURS = (
    "workflows.selectors.queue_page(reviewer, page=p): roles, the page's 50 ids in deadline order, then the rows "
    "with unit, round, award kind, nominee count and latest audit entry as subqueries"
)
QUEUE_FLOOR = (
    "psycopg: roles SELECT, then one hand-written statement: the page's ids (the reviewer's organisation and "
    "states, ORDER BY the file's deadline LIMIT/OFFSET) joined to unit, nominee count and LATERAL latest audit"
)

QUEUE_SQL = """
WITH page AS (
    SELECT n.id, n.deadline, n.submitted_at, n.created_at
    FROM nominations_nomination n
    WHERE n.organization_id = %(org_id)s AND n.status IN ('submitted', 'under_review')
    ORDER BY n.deadline, n.submitted_at, n.created_at, n.id
    LIMIT %(limit)s OFFSET %(offset)s
)
SELECT n.id, n.reference, n.title, n.status, n.version, n.due_on, page.deadline, u.name,
       (SELECT count(*) FROM nominations_nominee e WHERE e.nomination_id = n.id) AS nominee_count,
       la.transition, la.actor_name, la.at
FROM page
JOIN nominations_nomination n ON n.id = page.id
JOIN nominations_unit u ON u.id = n.unit_id
LEFT JOIN LATERAL (
    SELECT a.transition, a.actor_name, a.at FROM workflows_auditentry a
    WHERE a.nomination_id = n.id ORDER BY a.seq DESC LIMIT 1
) la ON true
ORDER BY page.deadline, page.submitted_at, page.created_at
"""


def queue_page(ctx: Context, page: int) -> Result:
    from nominations.models import User
    from workflows.selectors import queue_page as ours_page

    reviewer_id = ctx.reviewer.pk
    world = ctx.world
    sizes: list[int] = []

    def ours() -> None:
        user = User.objects.get(pk=reviewer_id)
        rows = ours_page(user, page=page, page_size=50)
        # Touch what a page shows, so lazy loading would be counted.
        sizes.append(sum(len(r.unit.name) + r.nominee_count + len(r.latest_transition or "") for r in rows))
        sizes.append(len(rows))

    params = {
        "org_id": world.organization_id,
        "limit": 50,
        "offset": (page - 1) * 50,
    }
    floor_rows: list[int] = []

    def floor() -> None:
        with ctx.floor.transaction(), ctx.floor.cursor() as cur:
            cur.execute("SELECT id, username, is_superuser FROM nominations_user WHERE id = %s", (reviewer_id,))
            cur.execute(
                "SELECT organization_id, unit_id, role FROM nominations_membership WHERE user_id = %s", (reviewer_id,)
            )
            floor_rows.append(len(cur.execute(QUEUE_SQL, params).fetchall()))

    result = measure(
        f"queue_page_{page}",
        ours=Side(ours),
        floor=Side(floor, queries=3),
        rounds=ctx.rounds,
        per_round=max(ctx.per_round // 2, 5),
        ours_includes=QUEUE_OURS if page == 1 else "",
        floor_includes=QUEUE_FLOOR if page == 1 else "",
    )
    result.note = f"{floor_rows[-1] if floor_rows else 0} rows on the page, {ctx.files:,} files"
    return result


CASES: dict[str, Callable[..., Any]] = {"transition": transition, "human_step": human_step}
