#!/usr/bin/env bash
# make prod-check: the release as an operator installs it, proven outside the source tree.
#
# Builds the wheel from the tracked sources (no compiled catalogue, no collected static files), installs
# it without extras into a new virtual environment, and from a temporary folder (only the installed
# package is importable) with debug off, a strong key, PostgreSQL and Redis: imports every module of every
# top-level package, then migrate, check --deploy, collectstatic, seed_demo; starts gunicorn (2 workers), a
# Celery worker and beat through scripts/vinhdanh.sh (the image's own steps) and drives them over HTTP as
# a proxy would (scripts/prod_check_http.py). Everything it started is stopped on success and failure.
#
# Its own database and Redis db (dropped and flushed): PRODCHECK_DATABASE_URL, PRODCHECK_REDIS_URL.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PYTHON="${PYTHON:-python3.11}"
DATABASE_URL="${PRODCHECK_DATABASE_URL:-postgres://root@127.0.0.1:5432/vd_prodcheck}"
REDIS_URL="${PRODCHECK_REDIS_URL:-redis://127.0.0.1:6379/5}"
PORT="${PRODCHECK_PORT:-18080}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/vinhdanh-prodcheck.XXXXXX")"
VENV="$WORK/venv"
PIDS=()
STARTED=$SECONDS

say() { echo "prod-check [$((SECONDS - STARTED)) s]: $*"; }
# pip names each configured package location it cannot read: noise here.
pip_quiet() { "$VENV/bin/pip" "$@" 2> >(grep -v "^WARNING: Location" >&2); }

stop_started() {
    local pid
    for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for _ in $(seq 1 30); do
        local alive=0
        for pid in "${PIDS[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
        [ "$alive" = 0 ] && break
        sleep 1
    done
    for pid in "${PIDS[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
    PIDS=()
}

cleanup() {
    local status=$?
    stop_started
    if [ "$status" != 0 ] && [ -d "$WORK/logs" ]; then
        for log in "$WORK"/logs/*.log; do
            echo "----- last lines of $(basename "$log")"
            tail -n 40 "$log"
        done
    fi
    if [ -x "$VENV/bin/python" ] && "$VENV/bin/python" -c "import psycopg, redis" 2>/dev/null; then
        "$VENV/bin/python" - "$DATABASE_URL" "$REDIS_URL" <<'PY' || true
import sys
from urllib.parse import urlsplit

import psycopg
import redis
from psycopg import sql

url = urlsplit(sys.argv[1])
admin = url._replace(scheme="postgresql", path="/postgres").geturl()
with psycopg.connect(admin, autocommit=True, connect_timeout=5) as conn:
    conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(url.path.lstrip("/"))))
redis.Redis.from_url(sys.argv[2], socket_connect_timeout=5).flushdb()
PY
    fi
    rm -rf "$WORK"
    if [ "$status" = 0 ]; then
        say "passed in $((SECONDS - STARTED)) s"
    else
        say "FAILED (exit $status) after $((SECONDS - STARTED)) s"
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Fail at once, before minutes of building, when a service is not even listening (checked again, with a
# real connection, once the environment is installed).
for url in "$DATABASE_URL" "$REDIS_URL"; do
    hostport="${url#*://}" && hostport="${hostport#*@}" && hostport="${hostport%%/*}"
    host="${hostport%:*}" port="${hostport##*:}"
    [ "$port" = "$hostport" ] && port=$([ "${url%%:*}" = redis ] && echo 6379 || echo 5432)
    if ! timeout 5 bash -c "exec 3<>/dev/tcp/$host/$port" 2>/dev/null; then
        echo "prod-check needs ${url%%:*} at $host:$port (PRODCHECK_DATABASE_URL / PRODCHECK_REDIS_URL): nothing answers" >&2
        exit 1
    fi
done

mkdir -p "$WORK/src" "$WORK/dist" "$WORK/run" "$WORK/logs"

say "building the wheel from the tracked sources"
git -C "$ROOT" ls-files -z --cached --others --exclude-standard \
    | tar -C "$ROOT" --null --ignore-failed-read -T - -cf - 2>/dev/null | tar -C "$WORK/src" -xf -
"$PYTHON" -m venv "$VENV"
pip_quiet wheel -q --disable-pip-version-check --no-deps --wheel-dir "$WORK/dist" "$WORK/src"

say "installing it without extras into a new virtual environment"
pip_quiet install -q --disable-pip-version-check --no-compile "$WORK"/dist/vinhdanh-*.whl
if "$VENV/bin/python" -c "import pytest" 2>/dev/null; then
    echo "a development dependency was installed with the wheel" >&2
    exit 1
fi

# From here on only the installed package is importable.
cd "$WORK/run"
unset PYTHONPATH DJANGO_ALLOW_ASYNC_UNSAFE VINHDANH_SERVICE_TESTS
export PATH="$VENV/bin:$PATH"
export PYTHONNOUSERSITE=1
export DJANGO_SETTINGS_MODULE=config.settings
export DJANGO_DEBUG=false
DJANGO_SECRET_KEY="$("$VENV/bin/python" -c 'import secrets; print(secrets.token_urlsafe(64))')"
VINHDANH_METRICS_TOKEN="$("$VENV/bin/python" -c 'import secrets; print(secrets.token_urlsafe(32))')"
VINHDANH_AUDIT_KEY="$("$VENV/bin/python" -c 'import secrets; print(secrets.token_urlsafe(48))')"
PRODCHECK_PASSWORD="Kiem-tra-$("$VENV/bin/python" -c 'import secrets; print(secrets.token_urlsafe(12))')"
export DJANGO_SECRET_KEY VINHDANH_METRICS_TOKEN VINHDANH_AUDIT_KEY PRODCHECK_PASSWORD DATABASE_URL REDIS_URL
export DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost"
export DJANGO_STATIC_ROOT="$WORK/static"
export DJANGO_MEDIA_ROOT="$WORK/media"
export DJANGO_LOG_FORMAT=json
export DJANGO_DB_LOCK_TIMEOUT_MS=10000
export EMAIL_URL="consolemail://"
export PROMETHEUS_MULTIPROC_DIR="$WORK/prometheus"
export BIND="127.0.0.1:$PORT" WEB_WORKERS=2 WORKER_CONCURRENCY=2 BEAT_SCHEDULE_FILE="$WORK/beat-schedule"
export PRODCHECK_BASE_URL="http://127.0.0.1:$PORT"

say "PostgreSQL and Redis must answer (the check fails, never skips, without them)"
python - <<'PY'
import os
import sys
from urllib.parse import urlsplit

import psycopg
import redis
from psycopg import sql

url = urlsplit(os.environ["DATABASE_URL"])
admin = url._replace(scheme="postgresql", path="/postgres").geturl()
try:
    with psycopg.connect(admin, autocommit=True, connect_timeout=5) as conn:
        name = sql.Identifier(url.path.lstrip("/"))
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(name))
except psycopg.Error as exc:
    sys.exit(f"PostgreSQL unreachable at {url.hostname}:{url.port}: {exc}")
try:
    redis.Redis.from_url(os.environ["REDIS_URL"], socket_connect_timeout=5).flushdb()
except redis.RedisError as exc:
    sys.exit(f"Redis unreachable at {os.environ['REDIS_URL']}: {exc}")
PY

say "importing every module of every top-level package from the installed wheel"
packages=()
for init in "$WORK"/src/*/__init__.py; do
    package="$(basename "$(dirname "$init")")"
    case "$package" in tests | benchmarks | scripts) ;; *) packages+=("$package") ;; esac
done
python - "$WORK/src" "${packages[@]}" <<'PY'
import importlib
import pkgutil
import sys
from pathlib import Path

import django

source, packages = Path(sys.argv[1]), sys.argv[2:]
django.setup()
imported = 0
for package in packages:
    try:
        module = importlib.import_module(package)
    except ImportError as exc:
        sys.exit(f"package {package!r} of the source tree is not in the wheel: {exc}")
    if Path(module.__file__).resolve().is_relative_to(source):
        sys.exit(f"{package} was imported from the source tree, not from the installed wheel")
    for info in pkgutil.walk_packages(module.__path__, f"{package}."):
        importlib.import_module(info.name)  # a missing runtime dependency or package fails here
        imported += 1
print(f"prod-check: {len(packages)} packages, {imported} modules imported from {Path(module.__file__).parent.parent}")

# Importable is not enough: a package can arrive as another one's dependency and leave with it. Every
# third-party import of the installed modules must be one of the wheel's own declared requirements.
import ast
import re
from importlib import metadata

def normal(name):
    return re.split(r"[\s\[<>=;!~]", name, maxsplit=1)[0].lower().replace("_", "-")


# Extras (dev) do not count: the server is installed without them.
declared = {normal(r) for r in metadata.requires("vinhdanh") if "extra" not in r.partition(";")[2]}
providers = metadata.packages_distributions()
undeclared = set()
for package in packages:
    site = Path(importlib.import_module(package).__file__).parent.parent
    for path in (site / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            for name in names:
                top = name.split(".")[0]
                if top in sys.stdlib_module_names or top in packages:
                    continue
                dists = {normal(d) for d in providers.get(top, [f"(no distribution provides {top})"])}
                if not dists & declared:
                    undeclared.add(f"{path.relative_to(site)}: {top} from {', '.join(sorted(dists))}")
if undeclared:
    sys.exit("imported but not a declared runtime dependency:\n  " + "\n  ".join(sorted(undeclared)))
print(f"prod-check: every third-party import is one of the {len(declared)} declared runtime dependencies")
PY

say "migrate, check --deploy, collectstatic, seed_demo"
django-admin migrate --noinput -v0
django-admin check --deploy --fail-level WARNING
"$ROOT/scripts/vinhdanh.sh" build
django-admin seed_demo --password "$PRODCHECK_PASSWORD"

say "starting gunicorn (2 workers), a Celery worker and beat"
"$ROOT/scripts/vinhdanh.sh" web >"$WORK/logs/web.log" 2>&1 &
PIDS+=($!)
"$ROOT/scripts/vinhdanh.sh" worker >"$WORK/logs/worker.log" 2>&1 &
PIDS+=($!)
"$ROOT/scripts/vinhdanh.sh" beat >"$WORK/logs/beat.log" 2>&1 &
PIDS+=($!)

python "$ROOT/scripts/prod_check_http.py"
"$ROOT/scripts/vinhdanh.sh" health || { echo "the image's health check fails against a healthy server" >&2; exit 1; }
say "the image's health check passes"

# The notification came from the worker process, not from the web process running the task itself.
grep -q '"Task notifications\.[a-z_]*\[[^]]*\] succeeded' "$WORK/logs/worker.log" \
    || { echo "the Celery worker ran no notification task" >&2; exit 1; }
grep -q '"Task notifications\.' "$WORK/logs/web.log" \
    && { echo "a notification task ran inside the web process" >&2; exit 1; }
say "the worker delivered the notifications"
stop_started
