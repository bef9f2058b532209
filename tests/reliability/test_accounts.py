"""Accounts and sessions: lockout, password rules, cookies and HSTS in production, CSRF on every form, the
content security policy, and rate limits on sign-in, token and the public verification page."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

from nominations.models import User
from tests.accounts.otp import verified_login
from tests.conftest import PASSWORD
from tests.reliability import figures

ROOT = Path(__file__).resolve().parents[2]
STRONG_KEY = "k3y-" + "x9Qz7Lm2Vb8Nc4Rt6Yp1Wd5Hs0Jf3Gk" * 2
AUDIT_KEY = "audit-" + "Qm4Zr8Tx2Lp6Vn0Bc3Hs7Jd1Wf5Kg9Ya" * 2
LOGIN = "/accounts/login/"
TOKEN = "/api/v1/auth/token/"


@pytest.fixture(autouse=True)
def _fresh_counters():
    """Rate counters live in the shared cache (Redis in service mode): each test starts from zero."""
    cache.clear()
    yield
    cache.clear()


def sign_in(client: Client, username: str, password: str) -> Any:
    figures.count("sign_in_attempts")
    return client.post(LOGIN, {"username": username, "password": password})


def ask_token(username: str, password: str) -> Any:
    figures.count("sign_in_attempts")
    return APIClient().post(TOKEN, {"username": username, "password": password}, format="json")


def test_five_wrong_passwords_on_the_web_lock_the_account_even_against_the_right_one(ward, client):
    for _ in range(4):
        assert sign_in(client, "reviewer", "sai-mat-khau").status_code == 200  # the form again, with its error
    fifth = sign_in(client, "reviewer", "sai-mat-khau")

    locked = sign_in(client, "reviewer", PASSWORD)

    assert fifth.status_code == 429
    assert locked.status_code == 429
    assert "15" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    assert AccessAttempt.objects.get(username="reviewer").failures_since_start >= 5
    # another person on the same address is not locked out
    assert sign_in(Client(), "secretary", PASSWORD).status_code == 302


def test_four_wrong_passwords_then_the_right_one_signs_in_and_resets_the_count(ward, client):
    for _ in range(4):
        sign_in(client, "reviewer", "sai-mat-khau")

    assert sign_in(client, "reviewer", PASSWORD).status_code == 302
    assert not AccessAttempt.objects.filter(username="reviewer", failures_since_start__gt=0).exists()


def test_axes_counts_failures_on_the_token_endpoint_and_locks_it_in_the_error_format(ward):
    answers = [ask_token("signer", "sai-mat-khau") for _ in range(5)]

    locked = ask_token("signer", PASSWORD)

    assert [(a.status_code, a.json()["code"]) for a in answers] == [(400, "invalid_credentials")] * 4 + [
        (429, "account_locked")
    ]
    assert AccessAttempt.objects.get(username="signer").failures_since_start >= 5
    assert locked.status_code == 429
    assert locked.json()["code"] == "account_locked"
    assert set(locked.json()) >= {"detail", "code"}
    assert int(locked["Retry-After"]) > 0
    # the web sign-in is locked for the same person too
    assert sign_in(Client(), "signer", PASSWORD).status_code == 429


def test_a_right_password_on_the_token_endpoint_gives_a_token(ward):
    response = ask_token("signer", PASSWORD)

    assert response.status_code == 200
    assert len(response.json()["token"]) == 64
    assert response.json()["expiry"]


@pytest.mark.parametrize("weak", ["12345678", "password", "reviewer1", "ab1"])
def test_djangos_password_validators_refuse_weak_passwords(ward, weak):
    with pytest.raises(ValidationError):
        validate_password(weak, user=ward.users["reviewer"])


def test_the_admin_cannot_give_a_new_account_a_weak_password(ward, client):
    verified_login(client, User.objects.create_superuser("quantri", "qt@example.vn", "Mat-khau-quan-tri-2026"))
    form = {
        "username": "canbo.moi",
        "usable_password": "true",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
    }

    weak = client.post("/admin/nominations/user/add/", {**form, "password1": "123456", "password2": "123456"})
    good = "Tre-xanh-Long-Xuyen-9"
    strong = client.post("/admin/nominations/user/add/", {**form, "password1": good, "password2": good})

    assert weak.status_code == 200  # the form again, with the validators' messages
    assert weak.context["adminform"].form.errors["password2"]
    assert strong.status_code == 302, strong.context["adminform"].form.errors if strong.context else strong
    assert User.objects.filter(username="canbo.moi").count() == 1
    assert User.objects.get(username="canbo.moi").check_password("Tre-xanh-Long-Xuyen-9")


def _production_settings() -> dict[str, Any]:
    names = [
        "SESSION_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "CSRF_COOKIE_SECURE",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_SSL_REDIRECT",
        "SECURE_CONTENT_TYPE_NOSNIFF",
        "X_FRAME_OPTIONS",
    ]
    script = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        f"print(json.dumps({{n: getattr(s, n, None) for n in {names!r}}}))"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))}
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": STRONG_KEY,
            "VINHDANH_AUDIT_KEY": AUDIT_KEY,
            "DJANGO_ALLOWED_HOSTS": "vinhdanh.example.vn",
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_cookies_are_secure_and_http_only_and_hsts_is_a_year():
    values = _production_settings()

    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["SESSION_COOKIE_HTTPONLY"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_CONTENT_TYPE_NOSNIFF"] is True
    assert values["X_FRAME_OPTIONS"] == "DENY"


def test_a_signed_in_session_cookie_is_http_only(ward, client):
    response = sign_in(client, "reviewer", PASSWORD)

    assert response.cookies["sessionid"]["httponly"] is True
    assert response.cookies["sessionid"]["samesite"] == "Lax"


def _web_routes() -> list[str]:
    """Every route of the web UI, with made-up ids (CSRF is checked before the view looks anything up)."""
    paths: list[str] = []

    def walk(patterns: list[Any], prefix: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                route = prefix + str(pattern.pattern)
                if route.startswith(("admin/", "api/", "verify/", "healthz", "metrics", "^")):
                    continue
                route = re.sub(r"<int:\w+>", "1", route)
                route = re.sub(r"<uuid:\w+>", "00000000-0000-0000-0000-000000000001", route)
                paths.append("/" + route)

    walk(get_resolver().url_patterns, "")
    return paths


WEB_POST_PATHS = [
    "/hoi-dong/1/khieu-nai/",
    "/hoi-dong/1/rut-phieu-viet/",
    "/quyet-dinh/1/thu-hoi/",
    "/accounts/login/",
    "/accounts/logout/",
    "/i18n/setlang/",
    "/ho-so/tao-moi/",
    "/ho-so/00000000-0000-0000-0000-000000000001/thao-tac/",
    "/ho-so/00000000-0000-0000-0000-000000000001/soan/",
    "/ho-so/00000000-0000-0000-0000-000000000001/doi-tuong/",
    "/ho-so/00000000-0000-0000-0000-000000000001/doi-tuong/1/xoa/",
    "/ho-so/00000000-0000-0000-0000-000000000001/tai-lieu/",
    "/hang-doi/thao-tac/",
    "/hoi-dong/1/bieu-quyet/",
    "/hoi-dong/1/ket-thuc/",
    "/quyet-dinh/1/ky/",
    "/quyet-dinh/1/trao/",
    "/phat-thanh/1/da-phat/",
    "/thong-bao/1/da-doc/",
    "/thong-bao/da-doc-tat-ca/",
    "/thong-bao/tuy-chon/",
    "/ho-so/00000000-0000-0000-0000-000000000001/tai-lieu/00000000-0000-0000-0000-000000000001/xoa/",
    "/ho-so/00000000-0000-0000-0000-000000000001/nhap-danh-sach/",
    "/ho-so/00000000-0000-0000-0000-000000000001/cham-diem/",
    "/hang-doi/00000000-0000-0000-0000-000000000001/nhan/",
    "/hoi-dong/1/phieu-viet/",
    "/giay-khen/1/huy/",
    "/vinh-danh/dong-y/ghi-nhan/",
    "/accounts/password_reset/",
    "/accounts/reset/MQ/set-password/",
    "/tai-khoan/mat-khau/",
    "/tai-khoan/hai-buoc/",
    "/tai-khoan/xac-minh/",
    "/ho-so/00000000-0000-0000-0000-000000000001/doi-tuong/1/quyet-dinh/",
    "/ho-so/00000000-0000-0000-0000-000000000001/phan-cong/",
    "/ho-so/00000000-0000-0000-0000-000000000001/de-xuat/",
    "/ho-so/00000000-0000-0000-0000-000000000001/duyet/",
    "/vang-mat/",
    "/vang-mat/1/huy/",
]


def test_the_list_of_forms_checked_for_csrf_covers_every_web_route_that_posts():
    # Every route of the web UI is either a form target listed here or a page only read with GET.
    read_only = {"/", "/ho-so/", "/hang-doi/", "/hoi-dong/", "/quyet-dinh/", "/phat-thanh/", "/thong-bao/"}
    read_only |= {"/ho-so/00000000-0000-0000-0000-000000000001/", "/hoi-dong/1/", "/quyet-dinh/1/"}
    read_only |= {"/quyet-dinh/1/ban-quet/"}
    read_only |= {"/bao-cao/", "/bao-cao/giai-doan/", "/vinh-danh/1/", "/vinh-danh/dong-y/"}
    read_only |= {"/tai-khoan/", "/accounts/password_reset/done/", "/accounts/reset/done/"}
    read_only |= {"/accounts/reset/<uidb64>/<token>/"}  # posted to as /accounts/reset/MQ/set-password/
    unlisted = set(_web_routes()) - set(WEB_POST_PATHS) - read_only
    assert unlisted == set(), "a new web route: add it to WEB_POST_PATHS or to the read-only pages"


@pytest.mark.parametrize("path", WEB_POST_PATHS)
def test_every_web_form_refuses_a_post_without_the_csrf_token(ward, path):
    client = Client(enforce_csrf_checks=True)
    client.force_login(ward.users["unit1"])

    response = client.post(path, {"username": "unit1", "password": PASSWORD})

    assert response.status_code == 403


def test_pages_carry_a_content_security_policy_without_inline_scripts(ward, client):
    client.force_login(ward.users["reviewer"])
    for path in (LOGIN, "/", "/ho-so/"):
        policy = client.get(path)["Content-Security-Policy"]
        assert "default-src 'self'" in policy
        assert "script-src 'self'" in policy
        assert "unsafe-inline" not in policy
        assert "frame-ancestors 'none'" in policy


def test_sign_in_is_rate_limited_per_address_across_usernames(ward, client):
    # Different names each time: axes (per name and address) never locks, the address limit does.
    answers = [sign_in(client, f"khong-co-{n}", "x").status_code for n in range(21)]

    assert answers[:20] == [200] * 20
    assert answers[20] == 429


def test_the_token_endpoint_is_rate_limited_in_the_error_format(ward):
    answers = [ask_token(f"khong-co-{n}", "x") for n in range(21)]

    assert [a.status_code for a in answers[:20]] == [400] * 20
    assert answers[20].status_code == 429
    assert answers[20].json()["code"] == "throttled"


def test_the_public_verification_page_is_rate_limited(ward, client):
    answers = [client.get("/verify/khong-co-ma-nay/").status_code for _ in range(61)]
    figures.count("verify_requests", len(answers))

    assert answers[:60] == [404] * 60
    assert answers[60] == 429
