#!/usr/bin/env bash
# The one way an installed vinhdanh is prepared and started: the image (Dockerfile, docker-compose.yml)
# and `make prod-check` both run these steps, so what CI proves is what the image does.
#   vinhdanh.sh build    collect static files (at image build; the catalogues are compiled by the wheel build)
#   vinhdanh.sh web      apply migrations, then serve with gunicorn (WEB_WORKERS, default 2 per core)
#   vinhdanh.sh worker   a Celery worker on every queue
#   vinhdanh.sh beat     the Celery scheduler (one per deployment)
#   vinhdanh.sh health   exit 0 when the local web server answers /healthz with 200 (the image's HEALTHCHECK)
set -euo pipefail
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-config.settings}"

case "${1:-}" in
build)
    django-admin collectstatic --noinput -v0
    ;;
web)
    django-admin migrate --noinput
    if [ -n "${PROMETHEUS_MULTIPROC_DIR:-}" ]; then
        # Each start counts afresh; files of processes that no longer exist would be summed in.
        mkdir -p "$PROMETHEUS_MULTIPROC_DIR" && find "$PROMETHEUS_MULTIPROC_DIR" -name '*.db' -delete
    fi
    workers="${WEB_WORKERS:-$(($(nproc) * 2))}"
    exec gunicorn config.wsgi \
        --bind "${BIND:-0.0.0.0:8000}" \
        --workers "$workers" \
        --preload \
        --timeout "${WEB_TIMEOUT:-120}" \
        --forwarded-allow-ips "${FORWARDED_ALLOW_IPS:-127.0.0.1}" \
        --access-logfile - \
        --error-logfile -
    ;;
worker)
    exec celery -A config worker -Q default,notifications --concurrency "${WORKER_CONCURRENCY:-$(nproc)}" \
        --loglevel "${DJANGO_LOG_LEVEL:-INFO}"
    ;;
beat)
    exec celery -A config beat --schedule "${BEAT_SCHEDULE_FILE:-/tmp/celerybeat-schedule}" \
        --loglevel "${DJANGO_LOG_LEVEL:-INFO}"
    ;;
health)
    # Asks as a client of the site would: with one of its host names, and as if through the HTTPS proxy.
    exec python - <<'PY'
import os
import sys
import urllib.request

host = os.environ.get("DJANGO_ALLOWED_HOSTS", "localhost").split(",")[0].strip().lstrip(".") or "localhost"
port = os.environ.get("BIND", "0.0.0.0:8000").rsplit(":", 1)[1]
request = urllib.request.Request(
    f"http://127.0.0.1:{port}/healthz", headers={"Host": host, "X-Forwarded-Proto": "https"}
)
try:
    with urllib.request.urlopen(request, timeout=5) as answer:  # noqa: S310 (a fixed http:// address)
        sys.exit(0 if answer.status == 200 else 1)
except OSError as exc:
    sys.exit(f"unhealthy: {exc}")
PY
    ;;
*)
    echo "usage: $0 build|web|worker|beat|health" >&2
    exit 2
    ;;
esac
