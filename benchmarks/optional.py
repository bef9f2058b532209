"""Cases for the modules that came after the lifecycle: reports, bulk work, imports and the relay.

Each returns a Result, or why it was skipped (a string) when its module does not exist.
"""

from __future__ import annotations

import importlib.util
import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.db import transaction

from benchmarks import seed
from benchmarks.certificates import certificates_1k
from benchmarks.harness import Result, Side, measure
from benchmarks.signing import sign_1000_certs, sign_decision

# Files a bulk action takes and rows an import reads, per size.
BULK_ITEMS = {"smoke": 50, "small": 500, "full": 10_000}
IMPORT_ROWS = {"smoke": 50, "small": 500, "full": 10_000}
RELAY_EVENTS = {"smoke": 20, "small": 200, "full": 2_000}


def _missing(module: str) -> str | None:
    try:
        found = importlib.util.find_spec(module)
    except ModuleNotFoundError:
        found = None
    return None if found is not None else f"{module} does not exist yet"


def _heavy(ctx: Any) -> tuple[int, int]:
    """(rounds, operations per round) for cases whose one operation takes seconds."""
    return min(ctx.rounds, 3), 1


# ---------------------------------------------------------------- round_report


ROUND_FLOOR_FILES = """
WITH f AS (
    SELECT n.id, n.unit_id, n.award_kind_id FROM nominations_nomination n
    WHERE n.round_id = %(round)s
      AND (n.unit_id = ANY(%(units)s) OR (n.organization_id = ANY(%(orgs)s) AND n.status <> 'draft'))
), e AS (
    SELECT e.nomination_id, count(*) AS nominees, count(*) FILTER (WHERE e.result = 'approved') AS approved
    FROM nominations_nominee e JOIN f ON f.id = e.nomination_id GROUP BY e.nomination_id
)
SELECT GROUPING(f.unit_id, f.award_kind_id) AS g, f.unit_id, u.name, k.code, count(*),
       coalesce(sum(e.nominees), 0), coalesce(sum(e.approved), 0)
FROM f LEFT JOIN e ON e.nomination_id = f.id
JOIN nominations_unit u ON u.id = f.unit_id JOIN nominations_awardkind k ON k.id = f.award_kind_id
GROUP BY GROUPING SETS ((), (f.unit_id, u.name), (f.award_kind_id, k.code, k."order"))
"""
ROUND_FLOOR_NOMINEES = """
WITH f AS (
    SELECT n.id, n.unit_id, n.award_kind_id FROM nominations_nomination n
    WHERE n.round_id = %(round)s
      AND (n.unit_id = ANY(%(units)s) OR (n.organization_id = ANY(%(orgs)s) AND n.status <> 'draft'))
)
SELECT GROUPING(e.kind, e.result, e.gender, e.ethnicity, f.unit_id, k.code) AS g,
       e.kind, e.result, e.gender, e.ethnicity, f.unit_id, k.code, count(*),
       count(*) FILTER (WHERE e.kind = 'individual'),
       count(*) FILTER (WHERE e.kind = 'individual' AND e.result = 'approved'),
       count(DISTINCT e.identity_key) FILTER (WHERE e.result = 'approved')
FROM nominations_nominee e JOIN f ON f.id = e.nomination_id JOIN nominations_awardkind k ON k.id = f.award_kind_id
GROUP BY GROUPING SETS ((e.kind, e.result), (e.gender), (e.ethnicity), (f.unit_id, k.code, e.kind, e.result), (k.code))
"""
ROUND_FLOOR_REST = """
SELECT (SELECT row(sum(households), sum(population), count(*) FILTER (WHERE kind = 'khom'))
        FROM nominations_unit WHERE organization_id = %(org)s),
       (SELECT row(count(*), count(*) FILTER (WHERE c.paid_on IS NOT NULL), sum(c.prize_amount))
        FROM nominations_certificate c JOIN nominations_nominee e ON e.id = c.nominee_id
        JOIN nominations_nomination n ON n.id = e.nomination_id
        WHERE c.status = 'valid' AND n.round_id = %(round)s
          AND (n.unit_id = ANY(%(units)s) OR (n.organization_id = ANY(%(orgs)s) AND n.status <> 'draft')))
"""
ROUND_OURS = (
    "reports.rounds.round_report(round, reviewer) as GET /api/v1/reports/rounds/{id}/ calls it: roles, "
    "totals, by_unit, by_award_kind, by_nominee_kind, by_gender, by_ethnicity, unit × award kind × kind × result, "
    "progress against the national targets, prize money"
)
ROUND_FLOOR = (
    "psycopg: roles SELECT, then 3 hand-written statements: files GROUPING SETS (totals, unit, award kind) over "
    "per-file nominee counts; nominees GROUPING SETS (kind×result, gender, ethnicity, the cross table, approved "
    "identities per award kind); unit denominators + prize money"
)


def round_report(ctx: Any, size: str) -> Any:
    if (why := _missing("reports.rounds")) is not None:
        return why
    from nominations.access import body_organization_ids, unit_ids_of
    from nominations.models import Round, User
    from reports.rounds import round_report as report

    reviewer = User.objects.get(pk=ctx.reviewer.pk)
    round_ = Round.objects.select_related("campaign").get(pk=ctx.world.round_id)
    params = {
        "round": round_.pk,
        "units": sorted(unit_ids_of(reviewer)),
        "orgs": sorted(body_organization_ids(reviewer)),
        "org": round_.campaign.organization_id,
    }
    seen: dict[str, Any] = {}

    def ours() -> None:
        user = User.objects.get(pk=ctx.reviewer.pk)  # a request's fresh user: roles are read again
        seen["ours"] = report(round=round_, user=user)["totals"]

    def floor() -> None:
        with ctx.floor.transaction(), ctx.floor.cursor() as cur:
            cur.execute(
                "SELECT organization_id, unit_id, role FROM nominations_membership WHERE user_id = %s",
                (ctx.reviewer.pk,),
            )
            rows = cur.execute(ROUND_FLOOR_FILES, params).fetchall()
            cur.execute(ROUND_FLOOR_NOMINEES, params).fetchall()
            cur.execute(ROUND_FLOOR_REST, params).fetchall()
        total = next(r for r in rows if r[0] == 3)
        seen["floor"] = {"files": total[4], "nominees": int(total[5]), "approved": int(total[6])}

    rounds, per_round = ctx.rounds, max(ctx.per_round // 4, 2)
    if size == "full":
        rounds, per_round = 5, 1
    result = measure(
        "round_report",
        ours=Side(ours),
        floor=Side(floor, queries=4),
        rounds=rounds,
        per_round=per_round,
        ours_includes=ROUND_OURS,
        floor_includes=ROUND_FLOOR,
        count_times=1,
        memory_times=1,
    )
    if seen["ours"] != seen["floor"]:
        raise SystemExit(f"round_report: ours {seen['ours']} ≠ floor {seen['floor']}")
    t = seen["ours"]
    result.note = f"{t['files']:,} files and {t['nominees']:,} nominees in the round ({t['approved']:,} approved)"
    return result


# ---------------------------------------------------------------- bulk_10k


BULK_FLOOR_SQL = """
WITH want AS (
    SELECT * FROM unnest(%(ids)s::uuid[], %(versions)s::int[]) AS w(id, version)
), moved AS (
    UPDATE nominations_nomination n SET status = 'under_review', version = n.version + 1, updated_at = now()
    FROM want WHERE n.id = want.id AND n.version = want.version AND n.status = 'submitted'
    RETURNING n.id, n.organization_id, n.unit_id
), a AS (
    SELECT m.id AS nomination_id, last.seq + 1 AS seq, 'accept'::text AS transition, 'submitted'::text AS source,
           'under_review'::text AS target, %(actor)s::bigint AS actor_id, %(actor_name)s::text AS actor_name,
           now() AS at, ''::text AS comment, last.hash AS prev_hash
    FROM moved m
    JOIN LATERAL (SELECT seq, hash FROM workflows_auditentry x WHERE x.nomination_id = m.id
                  ORDER BY seq DESC LIMIT 1) last ON true
), audit AS (
    INSERT INTO workflows_auditentry (chain, nomination_id, seq, transition, source, target, actor_id, actor_name,
        at, comment, client_ip, details, key_id, prev_hash, hash)
    SELECT 'nomination:' || a.nomination_id::text, a.nomination_id, a.seq, a.transition, a.source, a.target,
        a.actor_id, a.actor_name, a.at, a.comment, NULL, '{{}}'::jsonb, '', a.prev_hash, {hash}
    FROM a RETURNING chain, seq, hash
), anchor AS (
    INSERT INTO workflows_auditanchor (chain, length, head_hash, at)
    SELECT chain, seq, hash, now() FROM audit RETURNING 1
), outbox AS (
    INSERT INTO workflows_outboxevent (event, nomination_id, organization_id, unit_id, actor_id, payload, created_at)
    SELECT 'nomination.accept', m.id, m.organization_id, m.unit_id, %(actor)s,
        jsonb_build_object('source', 'submitted', 'target', 'under_review', 'comment', '', 'batch', %(batch)s::text),
        now()
    FROM moved m RETURNING 1
), done AS (
    UPDATE viewflow_task t SET status = 'DONE', owner_id = %(actor)s, assigned = now(), started = now(),
        finished = now()
    FROM moved m JOIN workflows_nominationprocess p ON p.nomination_id = m.id
    WHERE t.process_id = p.process_ptr_id AND t.flow_task_type = 'HUMAN' AND t.status IN ('NEW', 'ASSIGNED', 'STARTED')
    RETURNING t.id, t.process_id
), new AS (
    INSERT INTO viewflow_task (flow_task, flow_task_type, status, created, token, process_id, data,
        owner_permission, owner_permission_content_type_id, owner_permission_obj_pk)
    SELECT %(task)s, 'HUMAN', 'NEW', now(), 'start', done.process_id, '{{}}'::jsonb, 'vinhdanh.role_reviewer',
        %(org_type)s, %(org)s
    FROM done RETURNING id, process_id
), link AS (
    INSERT INTO viewflow_task_previous (from_task_id, to_task_id)
    SELECT new.id, done.id FROM new JOIN done USING (process_id) RETURNING 1
)
SELECT (SELECT count(*) FROM moved), (SELECT count(*) FROM anchor), (SELECT count(*) FROM outbox),
       (SELECT count(*) FROM link)
"""
BULK_OURS = (
    "workflows.bulk.nominations_bulk_transition('accept') as POST /api/v1/nominations/bulk/transitions/accept/ "
    "calls it, in requests of at most {max} items: per item a savepoint, lock, visibility, permission, version, "
    "guards, FSM, audit entry with hash chain, outbox row with the batch id, viewflow bookkeeping; after commit the "
    "relay publishes every event to Redis"
)
BULK_FLOOR = (
    "psycopg, one transaction, one statement of writable CTEs: guarded UPDATE … RETURNING of all files, INSERT … "
    "SELECT of their audit entries (previous hash by LATERAL, SHA-256 in SQL) and chain anchors, INSERT of their "
    "outbox rows, UPDATE of their open tasks, INSERT of the next tasks and their links (no relay)"
)


def _submitted_count(ctx: Any) -> int:
    count = ctx.floor.execute("SELECT count(*) FROM nominations_nomination WHERE status = 'submitted'").fetchone()[0]
    ctx.floor.commit()
    return int(count)


def bulk_10k(ctx: Any, size: str) -> Any:
    if (why := _missing("workflows.bulk")) is not None:
        return why
    from benchmarks.cases import _submitted_files
    from nominations.models import User
    from workflows.bulk import MAX_ITEMS, nominations_bulk_transition

    items = BULK_ITEMS[size]
    rounds, per_round = _heavy(ctx)
    if size == "full":
        rounds = 2  # one operation is 10,000 files through the per-item path: minutes
    # warm-up, rounds and one statement count and one memory pass for ours; warm-up and rounds for the floor
    need = items * (2 + 2 * rounds * per_round + 2) + 50
    have = _submitted_count(ctx)
    if have < need:
        files = seed.count_files(ctx.floor)
        ctx.floor.commit()
        extra = (need - have) * len(seed.STATE_BUCKETS) // seed.STATE_BUCKETS.count("submitted") + 100
        print(f"seeding {extra:,} more files for bulk_10k …", flush=True)
        seed.seed(ctx.floor, ctx.world, start=files, stop=files + extra)
    pool = _submitted_files(ctx, need)
    world = ctx.world
    actor = User.objects.get(pk=ctx.reviewer.pk)
    requests: list[int] = []

    warm = [min(items, MAX_ITEMS)]  # the untimed warm-up call needs only one request's worth of files

    def ours() -> None:
        take = warm.pop() if warm else items
        batch = [next(pool) for _ in range(take)]
        for start in range(0, take, MAX_ITEMS):
            chunk = batch[start : start + MAX_ITEMS]
            _, results = nominations_bulk_transition(
                name="accept", actor=actor, items=[{"id": str(i), "version": v} for i, v, _ in chunk]
            )
            refused = [r for r in results if r.status != "done"]
            if refused:
                raise SystemExit(f"bulk_10k: {len(refused)} refused, first {refused[0]}")
        requests.append(-(-take // MAX_ITEMS))

    params = {
        "actor": world.reviewer_id,
        "actor_name": world.reviewer_name,
        "task": f"{world.flow_class}.appraise",
        "org_type": world.organization_type_id,
        "org": str(world.organization_id),
    }
    statement = BULK_FLOOR_SQL.format(hash=seed._hash_sql())

    def floor() -> None:
        batch = [next(pool) for _ in range(items)]
        with ctx.floor.transaction(), ctx.floor.cursor() as cur:
            counts = cur.execute(
                statement,
                {
                    **params,
                    "ids": [i for i, _, _ in batch],
                    "versions": [v for _, v, _ in batch],
                    "batch": str(uuid.uuid4()),
                },
            ).fetchone()
        if tuple(counts) != (items,) * 4:  # type: ignore[arg-type]
            raise SystemExit(f"bulk_10k floor: moved/anchored audit/outbox/links = {counts}, {items} expected")

    result = measure(
        "bulk_10k",
        ours=Side(ours),
        floor=Side(floor, queries=1),
        rounds=rounds,
        per_round=per_round,
        ours_includes=BULK_OURS.format(max=MAX_ITEMS),
        floor_includes=BULK_FLOOR,
        count_times=1,
        memory_times=1,
    )
    per_item_ours = result.ours / items
    per_item_floor = (result.floor or 0) / items
    result.note = (
        f"{items:,} files per operation ({requests[-1]} request(s) of ≤ {MAX_ITEMS}); per file: ours "
        f"{per_item_ours:.3f} ms, floor {per_item_floor:.4f} ms; statements per file: ours "
        f"{result.queries_per_op / items:.1f}, floor {1 / items:.4f}"
    )
    result.extra = {"items": items, "queries_per_item": round(result.queries_per_op / items, 2)}
    return result


# ---------------------------------------------------------------- import_10k


IMPORT_OURS = (
    "workflows.imports.nominees_import of an in-memory XLSX (households, made with openpyxl write_only) into a "
    "fresh draft file: content sniffing, lock, streaming read, clean_nominee per row, duplicate and already-awarded "
    "checks, bulk INSERT, version bump, audit entry"
)
IMPORT_FLOOR = "psycopg: COPY of the same rows (already parsed) into nominations_nominee, one transaction"


def _household_xlsx(award_kind: Any, rows: int, tag: str) -> bytes:
    from openpyxl import Workbook

    from workflows.import_template import template_columns

    columns = template_columns(award_kind)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Danh sách")
    sheet.append([header for _, header in columns])
    for i in range(rows):
        values = {
            "name": f"Hộ Nguyễn Văn {tag} {i}",
            "honorific": "Ông" if i % 2 else "Bà",
            "gender": "Nam" if i % 2 else "Nữ",
            "birth_year": 1950 + i % 50,
            "ethnicity": "Kinh",
            "address": f"Khóm {1 + i % 9}",
            "achievements": "Gia đình học tập tiêu biểu",
        }
        sheet.append([values.get(key, "") for key, _ in columns])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _parsed_rows(award_kind: Any, data: bytes) -> list[dict[str, Any]]:
    """The rows as the import would insert them, so COPY writes the same values (parsing is not timed)."""
    from workflows.imports import _cell_text, _key_of, _Reader, _rows

    reader = _Reader(award_kind)
    columns: dict[int, str] = {}
    out = []
    for number, raw in _rows(io.BytesIO(data)):
        if number == 1:
            columns = reader.read_header(raw)
            continue
        values = {key: _cell_text(raw[index], key) for index, key in columns.items() if index < len(raw)}
        cleaned = reader.clean_row(number, values)
        assert cleaned is not None, reader.errors
        out.append({**cleaned, "identity_key": _key_of(cleaned)})
    return out


def import_10k(ctx: Any, size: str) -> Any:
    if (why := _missing("workflows.imports")) is not None:
        return why
    from django.apps import apps

    from nominations.models import AwardKind, Nominee, Round, User
    from workflows.drafting import nomination_create
    from workflows.imports import nominees_import

    rows = IMPORT_ROWS[size]
    award_kind = AwardKind.objects.get(code="gia_dinh_hoc_tap")
    round_ = Round.objects.get(pk=ctx.world.round_id)
    submitter = User.objects.get(pk=ctx.world.submitter_id)
    rounds, per_round = _heavy(ctx)
    data = _household_xlsx(award_kind, rows, "Bench")
    parsed = _parsed_rows(award_kind, data)

    def new_draft() -> Any:
        with transaction.atomic():
            return nomination_create(
                actor=submitter, round=round_, award_kind=award_kind, title="Gia đình học tập (đo hiệu năng)"
            ).pk

    drafts = iter([new_draft() for _ in range(2 * (1 + rounds * per_round) + 3)])

    def ours() -> None:
        added = nominees_import(
            nomination_id=next(drafts), actor=submitter, stream=io.BytesIO(data), size=len(data), name="ho.xlsx"
        )
        if added != rows:
            raise SystemExit(f"import_10k: {added} rows added, {rows} expected")

    model = apps.get_model("nominations.Nominee")
    fields = [f for f in model._meta.concrete_fields if not f.primary_key and f.column not in ("nomination_id",)]
    columns = ["nomination_id", *(f.column for f in fields)]
    defaults = {f.attname: f.get_default() for f in fields}

    def floor() -> None:
        nomination_id = next(drafts)
        with ctx.floor.transaction(), ctx.floor.cursor() as cur:
            copy_sql = f"COPY nominations_nominee ({', '.join(chr(34) + c + chr(34) for c in columns)}) FROM STDIN"
            with cur.copy(copy_sql) as copy:
                for order, row in enumerate(parsed):
                    values = {**defaults, **row, "order": order, "result": "pending"}
                    copy.write_row([nomination_id, *(values.get(f.attname) for f in fields)])

    result = measure(
        "import_10k",
        ours=Side(ours),
        floor=Side(floor, queries=1),
        rounds=rounds,
        per_round=per_round,
        ours_includes=IMPORT_OURS,
        floor_includes=IMPORT_FLOOR,
        count_times=1,
        memory_times=1,
    )
    copied = Nominee.objects.filter(nomination__title="Gia đình học tập (đo hiệu năng)").count()
    result.note = f"{rows:,} rows per operation, {len(data) / 1024:.0f} KiB XLSX; {copied:,} nominees written in all"
    result.extra = {"rows": rows, "per_row_ms": round(result.ours / rows, 3)}
    return result


# ---------------------------------------------------------------- notify_relay


RELAY_OURS = (
    "N outbox events (nomination.accept of N files, one transaction, outbox_emit) handed to Redis by the "
    "after-commit relay and taken by a Celery worker (solo pool) running notifications.deliver_event: burst, "
    "delivery plan, in-app notifications, processed_at; time from COMMIT until every event has processed_at"
)
RELAY_FLOOR = (
    "N Celery no-op tasks (benchmarks.noop: one Redis INCR) published to the same broker and taken by the same "
    "worker; time from the first publish until the counter reaches N"
)


def _worker(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    root = Path(__file__).resolve().parent.parent
    command = [
        sys.executable, "-m", "celery", "-A", "config", "worker", "-Q", "notifications,default", "-P", "solo",
        "--concurrency", "1", "--include", "benchmarks.noop", "--without-gossip", "--without-mingle",
        "--without-heartbeat", "-l", "WARNING",
    ]  # fmt: skip
    return subprocess.Popen(command, cwd=root, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT)


def notify_relay(ctx: Any, size: str) -> Any:
    if (why := _missing("notifications.relay")) is not None:
        return why
    if not os.environ.get("REDIS_URL"):
        return "REDIS_URL is unset: there is no broker for a worker"
    import redis
    from django.conf import settings
    from django.db import connection

    from benchmarks.noop import COUNTER_PREFIX, noop
    from config.celery import app
    from nominations.models import User
    from workflows.audit import outbox_emit
    from workflows.models import OutboxEvent

    events = RELAY_EVENTS[size]
    rounds = min(ctx.rounds, 3)
    client = redis.Redis.from_url(settings.REDIS_URL)
    with app.connection_for_write() as conn:
        for queue in ("notifications", "default"):
            conn.default_channel.queue_purge(queue)
    # Earlier cases left their events unprocessed, with nobody to take them: mark them, so the worker's
    # bursts only gather this case's events.
    OutboxEvent.objects.filter(processed_at__isnull=True).update(processed_at=time_now(), dispatched_at=time_now())
    files = list(
        ctx.floor.execute(
            "SELECT id, unit_id FROM nominations_nomination WHERE status = 'under_review' LIMIT %s", (events,)
        ).fetchall()
    )
    ctx.floor.commit()
    actor = User.objects.get(pk=ctx.reviewer.pk)
    log = Path(tempfile.gettempdir()) / f"vd-bench-worker-{os.getpid()}.log"
    worker = _worker({**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}, log)
    ours_s: list[float] = []
    floor_s: list[float] = []
    statements: list[int] = []
    drained: list[float] = []
    try:
        deadline = time.monotonic() + 60
        warm = f"warm-{uuid.uuid4()}"
        noop.delay(warm)
        while int(client.get(COUNTER_PREFIX + warm) or 0) < 1:
            if worker.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"notify_relay: the worker did not start; see {log}")
            time.sleep(0.05)

        def ours() -> float:
            from django.test.utils import CaptureQueriesContext

            box: list[float] = []
            with CaptureQueriesContext(connection) as captured, transaction.atomic():
                # Registered first, so it runs at COMMIT, before the relay's own callbacks.
                transaction.on_commit(lambda: box.append(time.perf_counter()))
                ids = [
                    outbox_emit(
                        event="nomination.accept",
                        organization_id=ctx.world.organization_id,
                        nomination=_Pk(pk),
                        unit_id=unit_id,
                        actor=actor,
                        payload={"source": "submitted", "target": "under_review", "comment": ""},
                    ).pk
                    for pk, unit_id in files
                ]
            statements.append(len(captured.captured_queries))
            began = box[0]
            pending = OutboxEvent.objects.filter(pk__in=ids, processed_at__isnull=True)
            limit = time.monotonic() + 300
            while pending.exists():
                if time.monotonic() > limit:
                    raise SystemExit(f"notify_relay: events not processed in 300 s; see {log}")
                time.sleep(0.01)
            processed = time.perf_counter() - began
            # The tasks of events that an earlier task's burst already took still sit in the queue: wait for the
            # worker to finish them (and the deliveries they queued), so the floor's round starts on an idle worker.
            drained.append(_drain(client, noop, limit) - began)
            return processed

        def floor() -> float:
            run = str(uuid.uuid4())
            began = time.perf_counter()
            for _ in range(events):
                noop.delay(run)
            limit = time.monotonic() + 300
            while int(client.get(COUNTER_PREFIX + run) or 0) < events:
                if time.monotonic() > limit:
                    raise SystemExit(f"notify_relay: no-op tasks not done in 300 s; see {log}")
                time.sleep(0.01)
            client.delete(COUNTER_PREFIX + run)
            return time.perf_counter() - began

        for r in range(rounds):
            for side, sink in ((ours, ours_s), (floor, floor_s)) if r % 2 == 0 else ((floor, floor_s), (ours, ours_s)):
                sink.append(side())
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
        client.delete(COUNTER_PREFIX + warm)
    ours_rate = events / statistics.median(ours_s)
    floor_rate = events / statistics.median(floor_s)
    return Result(
        name="notify_relay",
        ours=round(1000 / ours_rate, 3),
        floor=round(1000 / floor_rate, 3),
        unit="ms/ev",
        overhead=round(floor_rate / ours_rate, 2),
        queries_per_op=round(statistics.median(statements) / events, 2),
        n=len(ours_s),
        peak_mb=0.0,
        floor_queries_per_op=0,
        ours_includes=RELAY_OURS,
        floor_includes=RELAY_FLOOR,
        note=f"{events} events per round: ours {ours_rate:,.0f} events/s, floor {floor_rate:,.0f} tasks/s; until "
        f"the worker is idle again (every deliver_event and send_delivery task done) ours takes "
        f"{statistics.median(drained):.2f} s = {events / statistics.median(drained):,.0f} events/s "
        f"({statistics.median(drained) / statistics.median(floor_s):.2f}× the floor). Statements per event are the "
        f"request side's; the worker's are not counted",
        extra={
            "events": events,
            "ours_idle_s": round(statistics.median(drained), 3),
            "ours_events_per_s": round(ours_rate, 1),
            "floor_tasks_per_s": round(floor_rate, 1),
        },
    )


def _drain(client: Any, noop: Any, limit: float) -> float:
    """Wait until both queues are empty and a last no-op has run (the solo worker then has nothing left)."""
    while client.llen("notifications") or client.llen("default"):
        if time.monotonic() > limit:
            raise SystemExit("notify_relay: the queues did not drain")
        time.sleep(0.01)
    from benchmarks.noop import COUNTER_PREFIX

    run = f"drain-{uuid.uuid4()}"
    noop.delay(run)
    while int(client.get(COUNTER_PREFIX + run) or 0) < 1:
        if time.monotonic() > limit:
            raise SystemExit("notify_relay: the worker did not come back")
        time.sleep(0.01)
    client.delete(COUNTER_PREFIX + run)
    return time.perf_counter()


class _Pk:
    """Stands for a file in outbox_emit, which only reads its pk."""

    def __init__(self, pk: Any) -> None:
        self.pk = pk


def time_now() -> Any:
    from django.utils import timezone

    return timezone.now()


OPTIONAL: dict[str, Callable[[Any, str], Any]] = {
    "round_report": round_report,
    "bulk_10k": bulk_10k,
    "import_10k": import_10k,
    "notify_relay": notify_relay,
    "sign_decision": sign_decision,
    "sign_1000_certs": sign_1000_certs,
    "certificates_1k": certificates_1k,
}
