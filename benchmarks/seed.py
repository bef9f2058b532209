"""Set-based seeding of benchmark files: nominations, nominees, audit chains and workflow rows.

Everything is written with INSERT ... SELECT over generate_series, so a million files take
minutes. The rows look like the ones the services write: every file in an open state has its
process and exactly one open human task for the role that must act (workflows.flows.TASK_FOR_STATE),
every file in a final state has a finished process, and every audit chain hashes like
workflows.models.AuditEntry.compute_hash.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg import sql

from workflows.flows import TASK_FOR_STATE, role_permission

# A file's position in the series decides its state: 20 buckets, so 35 % wait for the reviewer.
STATE_BUCKETS: tuple[str, ...] = (
    "draft",
    "draft",
    "submitted",
    "submitted",
    "submitted",
    "submitted",
    "under_review",
    "under_review",
    "under_review",
    "returned",
    "recommended",
    "approved",
    "issued",
    "issued",
    "issued",
    "issued",
    "issued",
    "rejected",
    "withdrawn",
    "decided",
)

# The transitions that brought a file into its state, in order (the audit chain of a seeded file).
PATHS: dict[str, tuple[tuple[str, str, str], ...]] = {}
_REVIEWED = (("create", "", "draft"), ("submit", "draft", "submitted"), ("accept", "submitted", "under_review"))
_APPROVED = (
    *_REVIEWED,
    ("recommend", "under_review", "recommended"),
    ("place_in_council", "recommended", "in_council"),
    ("council_approve", "in_council", "approved"),
)
PATHS.update(
    {
        "draft": _REVIEWED[:1],
        "submitted": _REVIEWED[:2],
        "under_review": _REVIEWED,
        "returned": (*_REVIEWED, ("return_for_revision", "under_review", "returned")),
        "recommended": _APPROVED[:4],
        "approved": _APPROVED,
        "decided": (*_APPROVED, ("decide", "approved", "decided")),
        "issued": (*_APPROVED, ("decide", "approved", "decided"), ("issue", "decided", "issued")),
        "rejected": (*_REVIEWED, ("reject", "under_review", "rejected")),
        "withdrawn": (*_REVIEWED[:1], ("withdraw", "draft", "withdrawn")),
    }
)

PREFIX = "BENCH-"

# Tables the benchmark fills; everything that points at them is emptied with them (a dedicated database).
OWNED_TABLES = (
    "nominations_nomination",
    "viewflow_process",
    "viewflow_task",
    "workflows_auditentry",
    "workflows_auditanchor",
    "workflows_auditdigest",
    "workflows_outboxevent",
)


@dataclass(frozen=True)
class World:
    """The ids the seeded rows refer to: the demo ward's catalogue and people."""

    organization_id: int
    unit_ids: tuple[int, ...]
    round_id: int
    award_kind_id: int
    submitter_id: int
    submitter_name: str
    reviewer_id: int
    reviewer_name: str
    organization_type_id: int
    unit_type_id: int
    flow_class: str


def reset(conn: psycopg.Connection[Any]) -> None:
    with conn.transaction():
        conn.execute(f"TRUNCATE {', '.join(OWNED_TABLES)} RESTART IDENTITY CASCADE")


def count_files(conn: psycopg.Connection[Any]) -> int:
    return conn.execute("SELECT count(*) FROM nominations_nomination").fetchone()[0]  # type: ignore[index]


def _states_sql() -> str:
    cases = " ".join(f"WHEN {i} THEN '{s}'" for i, s in enumerate(STATE_BUCKETS))
    return f"(CASE (i % {len(STATE_BUCKETS)}) {cases} END)"


def _other_columns(conn: psycopg.Connection[Any], model_label: str, written: str) -> tuple[str, str]:
    """Columns the seeding does not set itself, filled with the model's default (fields added later)."""
    from django.apps import apps

    model = apps.get_model(model_label)
    named = {name.strip().strip('"') for name in written.split(",")}
    columns, values = [], []
    for field in model._meta.concrete_fields:
        if field.column in named or field.null or field.primary_key:
            continue
        default = field.get_default()
        if default is None:
            continue
        columns.append(f'"{field.column}"')
        values.append(sql.Literal(default).as_string(conn))
    if not columns:
        return "", ""
    return ", " + ", ".join(columns), ", " + ", ".join(values)


def _version_sql() -> str:
    """A seeded file's version: one per transition after its creation, as apply_transition counts."""
    cases = " ".join(f"WHEN '{state}' THEN {len(path)}" for state, path in PATHS.items())
    return f"(CASE b.state {cases} END)"


def _task_case(column: str, world: World) -> str:
    """SQL CASE over b.state giving the open human task's name, permission or scope object."""
    parts = []
    for state, (task, role, scope) in TASK_FOR_STATE.items():
        if column == "task":
            value = f"'{world.flow_class}.{task}'"
        elif column == "permission":
            value = f"'{role_permission(role)}'"
        elif column == "ct":
            value = str(world.unit_type_id if scope == "unit" else world.organization_type_id)
        else:
            value = "b.unit_id::text" if scope == "unit" else f"'{world.organization_id}'"
        parts.append(f"WHEN '{state}' THEN {value}")
    return f"(CASE b.state {' '.join(parts)} END)"


def _hash_sql() -> str:
    """The canonical JSON of AuditEntry.compute_hash, built in SQL (sorted keys, no spaces, UTF-8)."""
    return (
        "encode(sha256(convert_to("
        """'{"actor":' || a.actor_id || ',"actor_name":"' || a.actor_name"""
        """ || '","at":"' || to_char(a.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') || '+00:00'"""
        """ || '","client_ip":"","comment":"' || a.comment || '","nomination":"' || a.nomination_id::text"""
        """ || '","prev":"' || a.prev_hash || '","seq":' || a.seq || ',"source":"' || a.source"""
        """ || '","target":"' || a.target || '","transition":"' || a.transition || '"}'"""
        ", 'UTF8')), 'hex')"
    )


def seed(conn: psycopg.Connection[Any], world: World, *, start: int, stop: int, batch: int = 100_000) -> float:
    """Add files number start..stop-1 (numbers are stable, so seeding can resume); returns seconds spent."""
    began = time.perf_counter()
    for lo in range(start, stop, batch):
        hi = min(stop, lo + batch)
        with conn.transaction():
            _seed_batch(conn, world, lo, hi)
    with conn.transaction():
        for table in ("viewflow_process", "viewflow_task", "nominations_nominee"):
            conn.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                f" (SELECT coalesce(max(id), 0) + 1 FROM {table}), false)"
            )
    conn.execute("ANALYZE nominations_nomination, nominations_nominee, viewflow_task, viewflow_process")
    conn.execute("ANALYZE workflows_auditentry, workflows_nominationprocess")
    return time.perf_counter() - began


NOMINATION_COLUMNS = (
    "id, status, reference, title, summary, is_adhoc, needs_consultation, version, submitted_at, due_on, created_at,"
    " updated_at, award_kind_id, created_by_id, submitted_by_id, organization_id, round_id, unit_id, deadline"
)
NOMINEE_COLUMNS = (
    "nomination_id, kind, name, honorific, gender, birth_year, ethnicity, position, unit_name, address, citizen_id,"
    ' staff_category, collective_type, parent_body, achievements, result, result_reason, identity_key, "order"'
)


def _seed_batch(conn: psycopg.Connection[Any], world: World, lo: int, hi: int) -> None:
    nomination_more = _other_columns(conn, "nominations.Nomination", NOMINATION_COLUMNS)
    nominee_more = _other_columns(conn, "nominations.Nominee", NOMINEE_COLUMNS)
    units = "ARRAY[" + ",".join(str(u) for u in world.unit_ids) + "]::bigint[]"
    conn.execute("DROP TABLE IF EXISTS bench_batch")
    conn.execute(
        f"""
        CREATE TEMP TABLE bench_batch ON COMMIT DROP AS
        SELECT i, gen_random_uuid() AS id, {_states_sql()} AS state,
               ({units})[1 + (i * 7) % {len(world.unit_ids)}] AS unit_id,
               now() - make_interval(secs => ({hi} - i) * 3 + 86400) AS created_at,
               (SELECT coalesce(max(id), 0) FROM viewflow_process) + (i - {lo} + 1) AS process_id,
               (SELECT coalesce(max(id), 0) FROM viewflow_task) + 2 * (i - {lo}) + 1 AS start_task_id
        FROM generate_series({lo}, {hi - 1}) AS i
        """
    )
    conn.execute(
        f"""
        INSERT INTO nominations_nomination ({NOMINATION_COLUMNS}{nomination_more[0]})
        SELECT b.id, b.state, '{PREFIX}' || b.i, 'Đề nghị tặng Giấy khen số ' || b.i, 'Thành tích tiêu biểu',
            false, false, {_version_sql()},
            CASE WHEN b.state = 'draft' THEN NULL ELSE b.created_at + interval '1 hour' END,
            CASE WHEN b.state IN ('submitted', 'under_review')
                 THEN (b.created_at + make_interval(days => 10 + b.i % 20))::date END,
            b.created_at, b.created_at, {world.award_kind_id}, {world.submitter_id},
            CASE WHEN b.state = 'draft' THEN NULL ELSE {world.submitter_id} END,
            {world.organization_id}, {world.round_id}, b.unit_id,
            coalesce(CASE WHEN b.state IN ('submitted', 'under_review')
                          THEN (b.created_at + make_interval(days => 10 + b.i % 20))::date END,
                     (SELECT closes_on FROM nominations_round WHERE id = {world.round_id})){nomination_more[1]}
        FROM bench_batch b
        """
    )
    conn.execute(
        f"""
        INSERT INTO nominations_nominee ({NOMINEE_COLUMNS}{nominee_more[0]})
        SELECT b.id, 'individual', 'Nguyễn Văn Bench ' || b.i || '-' || k, 'Ông', 'male', 1970 + b.i % 30, 'Kinh',
            '', '', '', '', '', '', '', 'Có thành tích xuất sắc',
            CASE WHEN b.state IN ('issued', 'decided', 'approved') THEN 'approved'
                 WHEN b.state = 'rejected' THEN 'not_approved'
                 WHEN b.state = 'withdrawn' THEN 'withdrawn' ELSE 'pending' END,
            '', 'individual:nguyen van bench ' || b.i || '-' || k || ':' || (1970 + b.i % 30) || ':', k
            {nominee_more[1]}
        FROM bench_batch b, generate_series(1, 1 + b.i % 3) AS k
        """
    )
    done = "('issued', 'rejected', 'withdrawn', 'not_approved')"
    conn.execute(
        f"""
        INSERT INTO viewflow_process (id, flow_class, status, created, finished, data)
        SELECT b.process_id, '{world.flow_class}', CASE WHEN b.state IN {done} THEN 'DONE' ELSE 'NEW' END,
               b.created_at, CASE WHEN b.state IN {done} THEN b.created_at + interval '2 days' END, '{{}}'::jsonb
        FROM bench_batch b
        """
    )
    conn.execute(
        "INSERT INTO workflows_nominationprocess (process_ptr_id, nomination_id) SELECT process_id, id FROM bench_batch"
    )
    conn.execute(
        f"""
        INSERT INTO viewflow_task (id, flow_task, flow_task_type, status, created, started, finished, token,
            process_id, data)
        SELECT b.start_task_id, '{world.flow_class}.start', 'START', 'DONE', b.created_at, b.created_at,
            b.created_at, 'start', b.process_id, '{{}}'::jsonb
        FROM bench_batch b
        """
    )
    conn.execute(
        f"""
        INSERT INTO viewflow_task (id, flow_task, flow_task_type, status, created, started, finished, token,
            process_id, data, owner_permission, owner_permission_content_type_id, owner_permission_obj_pk)
        SELECT b.start_task_id + 1,
            CASE WHEN b.state IN {done} THEN '{world.flow_class}.end' ELSE {_task_case("task", world)} END,
            CASE WHEN b.state IN {done} THEN 'END' ELSE 'HUMAN' END,
            CASE WHEN b.state IN {done} THEN 'DONE' ELSE 'NEW' END,
            b.created_at + interval '1 hour',
            CASE WHEN b.state IN {done} THEN b.created_at + interval '2 days' END,
            CASE WHEN b.state IN {done} THEN b.created_at + interval '2 days' END,
            'start', b.process_id, '{{}}'::jsonb,
            CASE WHEN b.state IN {done} THEN NULL ELSE {_task_case("permission", world)} END,
            CASE WHEN b.state IN {done} THEN NULL ELSE {_task_case("ct", world)} END,
            CASE WHEN b.state IN {done} THEN NULL ELSE {_task_case("obj", world)} END
        FROM bench_batch b
        """
    )
    conn.execute(
        "INSERT INTO viewflow_task_previous (from_task_id, to_task_id) "
        "SELECT start_task_id + 1, start_task_id FROM bench_batch"
    )
    _seed_audit(conn, world)


def _seed_audit(conn: psycopg.Connection[Any], world: World) -> None:
    rows = []
    for state, path in PATHS.items():
        for seq, (transition, source, target) in enumerate(path, start=1):
            rows.append(f"('{state}', {seq}, '{transition}', '{source}', '{target}')")
    conn.execute("DROP TABLE IF EXISTS bench_path")
    conn.execute(
        "CREATE TEMP TABLE bench_path (state text, seq int, transition text, source text, target text) ON COMMIT DROP"
    )
    conn.execute(f"INSERT INTO bench_path VALUES {', '.join(rows)}")
    longest = max(len(path) for path in PATHS.values())
    for seq in range(1, longest + 1):
        # Each link hashes the previous one, so the chain is written one position at a time.
        conn.execute(
            f"""
            WITH a AS (
                SELECT b.id AS nomination_id, p.seq, p.transition, p.source, p.target,
                    CASE WHEN p.transition IN ('create', 'submit', 'withdraw') THEN {world.submitter_id}
                         ELSE {world.reviewer_id} END AS actor_id,
                    CASE WHEN p.transition IN ('create', 'submit', 'withdraw') THEN '{world.submitter_name}'
                         ELSE '{world.reviewer_name}' END AS actor_name,
                    date_trunc('milliseconds', b.created_at) + make_interval(hours => p.seq) AS at,
                    CASE WHEN p.transition IN ('return_for_revision', 'reject') THEN 'Chưa đủ tiêu chuẩn'
                         ELSE '' END AS comment,
                    coalesce(prev.hash, '') AS prev_hash
                FROM bench_batch b
                JOIN bench_path p ON p.state = b.state AND p.seq = {seq}
                LEFT JOIN workflows_auditentry prev ON prev.nomination_id = b.id AND prev.seq = {seq - 1}
            )
            INSERT INTO workflows_auditentry (chain, nomination_id, seq, transition, source, target, actor_id,
                actor_name, at, comment, client_ip, details, key_id, prev_hash, hash)
            SELECT 'nomination:' || a.nomination_id::text, a.nomination_id, a.seq, a.transition, a.source, a.target,
                a.actor_id, a.actor_name, a.at, a.comment, NULL, '{{}}'::jsonb, '', a.prev_hash, {_hash_sql()}
            FROM a
            """
        )
    # Seeded history stands for entries written before keyed chains (unkeyed SHA-256), anchored at its head.
    conn.execute(
        """
        INSERT INTO workflows_auditanchor (chain, length, head_hash, at)
        SELECT e.chain, e.seq, e.hash, now()
        FROM bench_batch b
        JOIN LATERAL (
            SELECT chain, seq, hash FROM workflows_auditentry WHERE nomination_id = b.id ORDER BY seq DESC LIMIT 1
        ) e ON true
        """
    )
