"""python -m benchmarks [--size smoke|small|full] [--json FILE] [--case NAME ...]

Runs each case against its raw-SQL floor on the PostgreSQL of DATABASE_URL. The database must be
dedicated to benchmarks: its files, tasks, audit entries and outbox rows are emptied and seeded anew.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import secrets
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

SIZES = {
    # (files for the baseline, files for the large measurement, rounds, operations per round)
    # smoke proves every case still runs end to end; its figures are too small to quote
    "smoke": (200, 2_000, 2, 3),
    "small": (1_000, 20_000, 5, 10),
    "full": (1_000, 1_000_000, 7, 12),
}
ALL_CASES = (
    "transition",
    "human_step",
    "queue_page",
    "growth",
    "round_report",
    "bulk_10k",
    "import_10k",
    "notify_relay",
    "sign_decision",
    "sign_1000_certs",
    "certificates_1k",
)


# Cases whose work does not touch the seeded files: no seeding when only they run.
FILELESS_CASES = frozenset({"certificates_1k"})


def _setup_django() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DJANGO_DEBUG", "true")
    import django

    django.setup()


def _refuse(message: str) -> None:
    print(f"benchmarks: {message}", file=sys.stderr)
    raise SystemExit(2)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n")[2])
    parser.add_argument("--size", choices=sorted(SIZES), default="small")
    parser.add_argument("--json", metavar="FILE", help="also write the results as JSON to FILE")
    parser.add_argument("--case", action="append", choices=ALL_CASES, help="run only these cases (repeatable)")
    parser.add_argument(
        "--files",
        type=int,
        metavar="N",
        help="files for the large measurement instead of the size's own (the cases keep their size's work)",
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="keep the files already seeded for the large measurement if there are enough (skips the baseline)",
    )
    parser.add_argument(
        "--any-database",
        action="store_true",
        help="run even if the database name does not contain 'bench' (its files are deleted!)",
    )
    args = parser.parse_args(argv)
    wanted = set(args.case or ALL_CASES)

    _setup_django()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor != "postgresql":
        _refuse(
            "the benchmarks measure PostgreSQL, but DATABASE_URL points at "
            f"{connection.vendor}. Set DATABASE_URL=postgres://user@host:5432/vd_bench (a dedicated database)."
        )
    db = settings.DATABASES["default"]
    if "bench" not in db["NAME"] and not args.any_database:
        _refuse(
            f"database {db['NAME']!r} does not look dedicated to benchmarks; its files would be deleted. "
            "Use a database whose name contains 'bench' (e.g. vd_bench) or pass --any-database."
        )
    if not os.environ.get("REDIS_URL"):
        print(
            "note: REDIS_URL is unset, so Celery runs eagerly and each transition delivers its notifications in-process"
        )

    call_command("migrate", verbosity=0)
    # Timings use Django's plain cursor; statements are counted apart with CaptureQueriesContext.
    settings.DEBUG = False
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

    import psycopg

    from benchmarks import cases, seed
    from benchmarks.harness import Result, render_table
    from benchmarks.optional import OPTIONAL

    base_files, large_files, rounds, per_round = SIZES[args.size]
    if args.files is not None:
        large_files = args.files
    if wanted <= FILELESS_CASES:
        large_files = 0  # nothing these cases measure reads the seeded files
    floor_conn = psycopg.connect(
        dbname=db["NAME"],
        user=db.get("USER") or None,
        password=db.get("PASSWORD") or None,
        host=db.get("HOST") or None,
        port=db.get("PORT") or None,
    )
    world, reviewer = _world()
    ctx = cases.Context(world=world, floor=floor_conn, reviewer=reviewer, rounds=rounds, per_round=per_round)
    results: list[Result] = []
    began = time.perf_counter()

    def seed_to(files: int) -> None:
        have = seed.count_files(floor_conn)
        floor_conn.commit()
        if have < files:
            print(f"seeding files {have:,} → {files:,} …", flush=True)
            seconds = seed.seed(floor_conn, world, start=have, stop=files)
            print(f"  seeded in {seconds:.1f} s", flush=True)
        ctx.files = files

    baseline: dict[str, Result] = {}
    reuse = args.reuse and seed.count_files(floor_conn) >= large_files
    floor_conn.commit()
    if not reuse:
        seed.reset(floor_conn)
        if wanted & {"growth"}:
            seed_to(base_files)
            print(f"baseline at {base_files:,} files", flush=True)
            baseline["transition"] = cases.transition(ctx)
            baseline["queue_page_1"] = cases.queue_page(ctx, 1)
            for r in baseline.values():
                r.name = f"{r.name}@{base_files:,}"
                r.ours_includes = r.floor_includes = ""
                results.append(r)
    seed_to(large_files)
    ctx.files = max(ctx.files, seed.count_files(floor_conn))
    floor_conn.commit()
    print(f"measuring at {ctx.files:,} files", flush=True)
    large: dict[str, Result] = {}
    if wanted & {"transition", "growth"}:
        large["transition"] = cases.transition(ctx)
        results.append(large["transition"])
    if "human_step" in wanted:
        results.append(cases.human_step(ctx))
    if wanted & {"queue_page", "growth"}:
        large["queue_page_1"] = cases.queue_page(ctx, 1)
        results.append(large["queue_page_1"])
    if "queue_page" in wanted:
        results.append(cases.queue_page(ctx, 100))
    if "growth" in wanted and baseline:
        for key in ("transition", "queue_page_1"):
            before, after = baseline[key], large[key]
            results.append(
                Result(
                    name=f"growth_{key}",
                    ours=after.ours,
                    floor=before.ours,
                    unit="ms",
                    overhead=round(after.ours / before.ours, 2),
                    queries_per_op=after.queries_per_op,
                    n=after.n,
                    peak_mb=after.peak_mb,
                    note=f"ours at {ctx.files:,} files ÷ ours at {base_files:,} "
                    f"(floor grew {after.floor / before.floor:.2f}×; statements {before.queries_per_op:g} → "
                    f"{after.queries_per_op:g})",
                )
            )
    for name, run in OPTIONAL.items():
        if name in wanted:
            outcome = run(ctx, args.size)
            if isinstance(outcome, str):
                print(f"skipped {name}: {outcome}")
            else:
                results.append(outcome)

    floor_conn.close()
    elapsed = time.perf_counter() - began
    print()
    print(render_table(results))
    print(f"\n{_machine()} — {elapsed:.0f} s")
    if args.json:
        payload: dict[str, Any] = {
            "results": [r.as_json() for r in results],
            "size": args.size,
            "files": ctx.files,
            "machine": _machine(),
            "seconds": round(elapsed, 1),
        }
        Path(args.json).write_text(json.dumps(payload, ensure_ascii=False, indent=2))
    _purge_relay_queue()
    return 0


def _world() -> tuple[Any, Any]:
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Model
    from django.utils import timezone
    from viewflow.workflow.models import Process

    from benchmarks.seed import World
    from demo.catalogues import seed_catalogues
    from demo.people import seed_users
    from nominations.models import Organization, Unit
    from workflows.flows import CommendationFlow

    ward = seed_catalogues(timezone.localdate())
    users = seed_users(ward, secrets.token_urlsafe(16))
    reviewer, submitter = users["reviewer"], users["unit1"]
    reviewer_units = {m.unit_id for m in reviewer.memberships.all()} if hasattr(reviewer, "memberships") else set()
    unit_ids = tuple(
        sorted(
            u.pk
            for u in ward.units.values()
            if u.pk not in reviewer_units and u.kind not in ("hoi_khuyen_hoc", "hoi_dong_tdkt", "ubnd")
        )
    )

    def type_id(model: type[Model]) -> int:
        return ContentType.objects.get_for_model(model, for_concrete_model=False).pk

    flow_class = Process._meta.get_field("flow_class").get_prep_value(CommendationFlow)
    world = World(
        organization_id=ward.organization.pk,
        unit_ids=unit_ids,
        round_id=ward.rounds["current"].pk,
        award_kind_id=ward.award_kinds["giay_khen"].pk,
        submitter_id=submitter.pk,
        submitter_name=submitter.username,
        reviewer_id=reviewer.pk,
        reviewer_name=reviewer.username,
        organization_type_id=type_id(Organization),
        unit_type_id=type_id(Unit),
        flow_class=flow_class,
    )
    return world, reviewer


def _machine() -> str:
    def run(cmd: list[str]) -> str:
        try:
            return subprocess.run(cmd, capture_output=True, text=True, check=False).stdout.strip()
        except OSError:
            return "?"

    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SHOW server_version")
        pg = cur.fetchone()[0]
    memory = run(["free", "-h"]).splitlines()
    total = memory[1].split()[1] if len(memory) > 1 else "?"
    return f"{os.cpu_count()} CPU, {total} RAM, PostgreSQL {pg}, Python {platform.python_version()}"


def _purge_relay_queue() -> None:
    """Events the benchmark handed to the broker have no worker waiting; drop them from its queue."""
    if not os.environ.get("REDIS_URL"):
        return
    try:
        from config.celery import app

        with app.connection_for_write() as conn:
            conn.default_channel.queue_purge("notifications")
    except Exception as exc:  # the results stand; the broker is only tidied
        print(f"note: could not empty the notifications queue: {exc}")


if __name__ == "__main__":
    raise SystemExit(main())
