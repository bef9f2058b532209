"""Counts of what the reliability tests tried, written out at the end of the run for the README figures."""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

FIGURES: Counter[str] = Counter()
# Parallel workers each count what they ran: one file per worker, added up by whoever reads them.
_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
REPORT = Path(__file__).resolve().parents[2] / "test-artifacts" / f"reliability{'-' + _WORKER if _WORKER else ''}.json"


def count(name: str, amount: int = 1) -> None:
    FIGURES[name] += amount


def write() -> None:
    if not FIGURES:
        return
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(json.dumps(dict(sorted(FIGURES.items())), indent=2) + "\n", encoding="utf-8")
