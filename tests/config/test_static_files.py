"""Static files in production mode: collectstatic succeeds and the login page's stylesheet is served."""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Runs in a production-mode process: the settings are read once, at start-up, from the environment.
LOGIN_AND_STYLESHEET = """
import re
from django.test import Client
client = Client(HTTP_X_FORWARDED_PROTO="https")
login = client.get("/accounts/login/")
href = re.search(r'<link rel="stylesheet" href="([^"]+)"', login.content.decode()).group(1)
sheet = client.get(href)
body = b"".join(sheet.streaming_content) if sheet.streaming else sheet.content
print(login.status_code, href, sheet.status_code, sheet["Content-Type"], len(body), sep="|")
"""


def _production_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))}
    env.update(
        PYTHONPATH=str(ROOT),
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        VINHDANH_AUDIT_KEY=secrets.token_urlsafe(48),
        DJANGO_ALLOWED_HOSTS="testserver",
        DJANGO_STATIC_ROOT=str(tmp_path / "static"),
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    return env


def test_collectstatic_in_production_mode_succeeds_and_the_login_stylesheet_is_served(tmp_path):
    env = _production_env(tmp_path)
    manage = [sys.executable, str(ROOT / "manage.py")]
    collected = subprocess.run(
        [*manage, "collectstatic", "--noinput"], env=env, capture_output=True, text=True, timeout=900
    )
    assert collected.returncode == 0, collected.stderr[-2000:]
    manifest = json.loads((tmp_path / "static" / "staticfiles.json").read_text())["paths"]
    assert re.fullmatch(r"web/site\.[0-9a-f]{12}\.css", manifest["web/site.css"])
    assert "admin/css/base.css" in manifest
    assert not [name for name in manifest if name.startswith("viewflow/")]  # its unused front end stays out

    served = subprocess.run(
        [*manage, "shell", "-c", LOGIN_AND_STYLESHEET], env=env, capture_output=True, text=True, timeout=120
    )
    assert served.returncode == 0, served.stderr[-2000:]
    login_status, href, sheet_status, content_type, size = served.stdout.strip().splitlines()[-1].split("|")
    assert (login_status, sheet_status) == ("200", "200")
    assert href == "/static/" + manifest["web/site.css"]
    assert content_type.startswith("text/css")
    assert int(size) == (tmp_path / "static" / manifest["web/site.css"]).stat().st_size > 0


def test_the_stylesheet_the_pages_link_has_no_missing_reference():
    static = ROOT / "web" / "static" / "web"
    for url in re.findall(r"url\(['\"]?([^'\")]+)", (static / "site.css").read_text()):
        if not url.startswith(("data:", "http", "#")):
            assert (static / url).exists(), url
