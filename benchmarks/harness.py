"""Measuring one case: our code against its raw-SQL floor, in alternating rounds, in one process."""

from __future__ import annotations

import gc
import resource
import statistics
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext


@dataclass
class Result:
    name: str
    ours: float
    floor: float | None
    unit: str
    overhead: float | None
    queries_per_op: float
    n: int
    peak_mb: float
    floor_queries_per_op: float | None = None
    ours_includes: str = ""
    floor_includes: str = ""
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v not in ("", None, {}) or k in ("floor", "overhead")}


@dataclass
class Side:
    """One way of doing the operation: `op` does it once (it picks its own input)."""

    op: Callable[[], Any]
    queries: int = 1  # statements per operation the side sends when that is known in advance (floor)


def _peak_mb(op: Callable[[], Any], times: int) -> float:
    """Peak Python memory of `times` operations (tracemalloc), or the resident-set growth if larger."""
    gc.collect()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    try:
        for _ in range(times):
            op()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    rss_growth_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before
    return round(max(peak / 2**20, rss_growth_kb / 2**10), 2)


def count_queries(op: Callable[[], Any], times: int = 3) -> float:
    """Statements per operation, counted by Django's own cursor wrapper (BEGIN/COMMIT are not statements)."""
    total = 0
    for _ in range(times):
        with CaptureQueriesContext(connection) as captured:
            op()
        total += sum(1 for q in captured.captured_queries if q["sql"] not in ("BEGIN", "COMMIT"))
    return round(total / times, 2)


def measure(
    name: str,
    *,
    ours: Side,
    floor: Side | None,
    rounds: int,
    per_round: int,
    unit: str = "ms",
    ours_includes: str = "",
    floor_includes: str = "",
    count_times: int = 3,
    memory_times: int = 2,
) -> Result:
    """Median time per operation of each side over `rounds` alternating rounds of `per_round` operations."""
    ours_times: list[float] = []
    floor_times: list[float] = []
    # Warm both sides (imports, plan caches, the ContentType cache) before timing anything.
    ours.op()
    if floor is not None:
        floor.op()
    for r in range(rounds):
        order = [(ours, ours_times), (floor, floor_times)] if r % 2 == 0 else [(floor, floor_times), (ours, ours_times)]
        for side, sink in order:
            if side is None:
                continue
            for _ in range(per_round):
                began = time.perf_counter()
                side.op()
                sink.append(time.perf_counter() - began)
    queries = count_queries(ours.op, count_times)
    peak = _peak_mb(ours.op, memory_times)
    ours_ms = statistics.median(ours_times) * 1000
    floor_ms = statistics.median(floor_times) * 1000 if floor_times else None
    return Result(
        name=name,
        ours=round(ours_ms, 3),
        floor=round(floor_ms, 3) if floor_ms is not None else None,
        unit=unit,
        overhead=round(ours_ms / floor_ms, 2) if floor_ms else None,
        queries_per_op=queries,
        n=len(ours_times),
        peak_mb=peak,
        floor_queries_per_op=floor.queries if floor is not None else None,
        ours_includes=ours_includes,
        floor_includes=floor_includes,
    )


def render_table(results: list[Result]) -> str:
    header = (
        f"{'case':<24} {'ours':>10} {'floor':>10} {'unit':<6} {'overhead':>8} {'stmts/op':>8} {'floor st':>8} "
        f"{'n':>5} {'peak MB':>8}"
    )
    lines = [header, "-" * len(header)]
    for r in results:
        floor = f"{r.floor:10.3f}" if r.floor is not None else f"{'—':>10}"
        overhead = f"{r.overhead:8.2f}" if r.overhead is not None else f"{'—':>8}"
        fq = f"{r.floor_queries_per_op:8g}" if r.floor_queries_per_op is not None else f"{'—':>8}"
        lines.append(
            f"{r.name:<24} {r.ours:10.3f} {floor} {r.unit:<6} {overhead} {r.queries_per_op:8g} {fq} "
            f"{r.n:5d} {r.peak_mb:8.2f}"
        )
    notes = [r for r in results if r.ours_includes or r.floor_includes or r.note]
    if notes:
        lines.append("")
        for r in notes:
            if r.ours_includes:
                lines.append(f"{r.name}: ours  = {r.ours_includes}")
            if r.floor_includes:
                lines.append(f"{r.name}: floor = {r.floor_includes}")
            if r.note:
                lines.append(f"{r.name}: {r.note}")
    return "\n".join(lines)
