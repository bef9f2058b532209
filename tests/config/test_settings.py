"""Settings come from the environment alone; production mode is strict and passes check --deploy."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STRONG_KEY = "k3y-" + "x9Qz7Lm2Vb8Nc4Rt6Yp1Wd5Hs0Jf3Gk" * 2
AUDIT_KEY = "audit-" + "Qm4Zr8Tx2Lp6Vn0Bc3Hs7Jd1Wf5Kg9Ya" * 2


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL", "VINHDANH_"))
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_mode_refuses_to_start_without_a_secret_key():
    result = run_manage("check", DJANGO_DEBUG="false", DJANGO_ALLOWED_HOSTS="vinhdanh.example.vn")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_production_mode_refuses_a_weak_secret_key():
    result = run_manage(
        "check", DJANGO_DEBUG="false", DJANGO_SECRET_KEY="short", DJANGO_ALLOWED_HOSTS="vinhdanh.example.vn"
    )
    assert result.returncode != 0
    assert "too weak" in result.stderr


def test_production_mode_refuses_to_start_without_an_audit_key():
    result = run_manage(
        "check", DJANGO_DEBUG="false", DJANGO_SECRET_KEY=STRONG_KEY, DJANGO_ALLOWED_HOSTS="vinhdanh.example.vn"
    )
    assert result.returncode != 0
    assert "VINHDANH_AUDIT_KEY must be set" in result.stderr


def test_production_mode_refuses_a_weak_audit_key():
    result = run_manage(
        "check",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=STRONG_KEY,
        VINHDANH_AUDIT_KEY="short",
        DJANGO_ALLOWED_HOSTS="vinhdanh.example.vn",
    )
    assert result.returncode != 0
    assert "VINHDANH_AUDIT_KEY is too weak" in result.stderr


def test_production_mode_passes_check_deploy_cleanly():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=STRONG_KEY,
        VINHDANH_AUDIT_KEY=AUDIT_KEY,
        DJANGO_ALLOWED_HOSTS="vinhdanh.example.vn",
        DATABASE_URL="postgres://vinhdanh@db:5432/vinhdanh",
        REDIS_URL="redis://redis:6379/0",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_local_mode_defaults_to_sqlite_vietnamese_and_in_process_work():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DATABASES['default']['ENGINE'], s.LANGUAGE_CODE, s.TIME_ZONE, s.CELERY_TASK_ALWAYS_EAGER, "
        "[c for c, _ in s.LANGUAGES])"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", "DJANGO_DEBUG": "true"},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert result.stdout.split() == [
        "django.db.backends.sqlite3",
        "vi",
        "Asia/Ho_Chi_Minh",
        "True",
        "['vi',",
        "'en']",
    ]


def test_database_url_and_redis_url_switch_to_postgresql_and_the_broker():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DATABASES['default']['ENGINE'], s.DATABASES['default']['NAME'], s.CELERY_BROKER_URL, "
        "s.CELERY_TASK_ALWAYS_EAGER, s.CACHES['default']['BACKEND'])"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DJANGO_DEBUG": "true",
            "DATABASE_URL": "postgres://u@db:5432/vinhdanh",
            "REDIS_URL": "redis://redis:6379/2",
        },
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        "vinhdanh",
        "redis://redis:6379/2",
        "False",
        "django.core.cache.backends.redis.RedisCache",
    ]
