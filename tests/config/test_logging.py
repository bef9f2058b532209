"""DJANGO_LOG_FORMAT=json: every log line is one JSON object a collector can read."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from config.logging import JSONFormatter, logging_settings

ROOT = Path(__file__).resolve().parents[2]


def test_a_record_becomes_one_json_line_with_its_extras_and_exception():
    try:
        raise ValueError("hỏng")
    except ValueError:
        record = logging.getLogger("vinhdanh.test").makeRecord(
            "vinhdanh.test", logging.ERROR, __file__, 1, "Hồ sơ %s lỗi", ("HS-1",), sys.exc_info(),
            extra={"status_code": 500, "request": object()},
        )  # fmt: skip
    line = JSONFormatter().format(record)

    assert "\n" not in line
    entry = json.loads(line)
    assert entry["level"] == "ERROR"
    assert entry["logger"] == "vinhdanh.test"
    assert entry["message"] == "Hồ sơ HS-1 lỗi"
    assert entry["status_code"] == 500
    assert entry["request"].startswith("<object object")
    assert "ValueError: hỏng" in entry["exception"]
    assert entry["time"].endswith("+00:00")


def test_an_unknown_format_is_refused():
    with pytest.raises(ValueError, match="DJANGO_LOG_FORMAT"):
        logging_settings(log_format="xml", level="INFO")


def test_the_server_logs_json_lines_when_asked(tmp_path):
    # A request Django logs itself (a 404) from a process configured only through the environment.
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        PYTHONPATH=str(ROOT),
        DJANGO_DEBUG="true",
        DJANGO_LOG_FORMAT="json",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    script = (
        "from django.test import Client; print(Client(HTTP_HOST='localhost').get('/api/v1/no-such-thing/').status_code)"
    )
    run = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "shell", "-c", script],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.strip().splitlines()[-1] == "404"
    entries = [json.loads(line) for line in run.stderr.splitlines() if line.strip()]
    not_found = [e for e in entries if e["logger"] == "django.request"]
    assert not_found
    assert not_found[0]["status_code"] == 404
    assert "/api/v1/no-such-thing/" in not_found[0]["message"]
