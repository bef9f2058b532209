"""Credentials as an attacker would test them: forged forwarding headers, password spraying, guessing one name
from many addresses, stolen or old tokens, and the second factor the admin and signing demand."""

from __future__ import annotations

import time

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from knox.models import AuthToken
from rest_framework.test import APIClient

from accounts.middleware import LAST_SEEN, STARTED
from awards.decisions import decision_create
from core.http import client_ip
from nominations.models import Decision, DecisionStatus, User
from tests.accounts.otp import code_of, enrolled, verified_login
from tests.awards.award_steps import approved_files
from tests.conftest import PASSWORD

TOKEN = "/api/v1/auth/token/"
ME = "/api/v1/me/"
PROXY = "10.0.0.5"


@pytest.fixture(autouse=True)
def _fresh_counters():
    """Rate counters live in the shared cache (Redis in service mode): each test starts from zero."""
    cache.clear()
    yield
    cache.clear()


def ask_token(username, password, *, remote="203.0.113.7", forwarded=None, **extra):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return APIClient().post(TOKEN, {"username": username, "password": password, **extra}, format="json", **headers)


def bearer(token):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


class _Request:
    def __init__(self, remote, forwarded=None):
        self.META = {"REMOTE_ADDR": remote}
        if forwarded is not None:
            self.META["HTTP_X_FORWARDED_FOR"] = forwarded


# ------------------------------------------------------------------ the real client address


def test_without_trusted_proxies_the_forwarding_header_is_ignored(settings):
    settings.VINHDANH_TRUSTED_PROXIES = []

    assert client_ip(_Request("203.0.113.7", "1.2.3.4")) == "203.0.113.7"


def test_behind_a_trusted_proxy_only_the_hop_it_added_counts(settings):
    settings.VINHDANH_TRUSTED_PROXIES = ["10.0.0.0/8"]

    # the client wrote "1.2.3.4" itself; the proxy appended the address it saw
    assert client_ip(_Request(PROXY, "1.2.3.4, 198.51.100.9")) == "198.51.100.9"
    assert client_ip(_Request(PROXY, "198.51.100.9, 10.0.0.7")) == "198.51.100.9"  # two trusted hops
    assert client_ip(_Request(PROXY)) == PROXY
    assert client_ip(_Request(PROXY, "not-an-address")) == PROXY
    # a peer outside the trusted list cannot speak for anyone else
    assert client_ip(_Request("198.51.100.20", "1.2.3.4")) == "198.51.100.20"


# ------------------------------------------------------------------ throttling and lockout


def test_a_spoofed_forwarded_for_does_not_reset_the_address_throttle(ward, settings):
    settings.VINHDANH_TRUSTED_PROXIES = []
    answers = [ask_token(f"khong-co-{n}", "x", forwarded=f"192.0.2.{n}").status_code for n in range(21)]

    assert answers[:20] == [400] * 20
    assert answers[20] == 429
    # and even the right password of a real person from that address waits
    late = ask_token("unit1", PASSWORD, forwarded="192.0.2.250")
    assert late.status_code == 429
    assert late.json()["code"] == "throttled"
    assert not AuthToken.objects.exists()


def test_the_web_sign_in_limit_is_not_reset_by_a_spoofed_header_either(ward, settings):
    settings.VINHDANH_TRUSTED_PROXIES = []
    client = Client(REMOTE_ADDR="203.0.113.8")
    answers = [
        client.post(
            "/accounts/login/", {"username": f"khong-co-{n}", "password": "x"}, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}"
        ).status_code
        for n in range(21)
    ]

    assert answers[:20] == [200] * 20
    assert answers[20] == 429


def test_behind_the_proxy_rotating_the_clients_own_header_part_does_not_reset_it(ward, settings):
    settings.VINHDANH_TRUSTED_PROXIES = ["10.0.0.0/8"]
    answers = [
        ask_token(f"khong-co-{n}", "x", remote=PROXY, forwarded=f"192.0.2.{n}, 198.51.100.9").status_code
        for n in range(21)
    ]

    assert answers[20] == 429
    # another client behind the same proxy has a budget of its own
    other = ask_token("unit1", PASSWORD, remote=PROXY, forwarded="192.0.2.1, 198.51.100.10")
    assert other.status_code == 200


def test_a_password_spray_over_twenty_usernames_from_one_address_is_stopped(ward):
    # given twenty real accounts, one of which uses the sprayed password
    for n in range(20):
        User.objects.create_user(f"canbo{n:02d}", password=f"Rieng-tu-{n}-Long-Xuyen")
    victim = User.objects.get(username="canbo19")
    victim.set_password("Mua-xuan-2026!")
    victim.save()

    # when one address tries that password on every name, then once more on each
    answers = [ask_token(f"canbo{n:02d}", "Mua-xuan-2026!") for n in range(20) for _ in range(2)]

    # then the address is stopped after its budget: the matching name is reached only after it ran out
    codes = [a.status_code for a in answers]
    assert codes[:20] == [400] * 20
    assert set(codes[20:]) == {429}
    assert not AuthToken.objects.filter(user=victim).exists()


def test_failed_sign_ins_for_one_username_from_many_addresses_lock_that_username(ward, settings):
    settings.VINHDANH_TRUSTED_PROXIES = ["10.0.0.0/8"]
    answers = [
        ask_token("signer", "sai-mat-khau", remote=f"198.51.100.{n}", forwarded=f"203.0.113.{n}") for n in range(5)
    ]
    behind_proxy = ask_token("signer", PASSWORD, remote=PROXY, forwarded="192.0.2.77")
    fresh_address = ask_token("signer", PASSWORD, remote="192.0.2.200")

    assert [a.status_code for a in answers] == [400, 400, 400, 400, 429]
    for locked in (answers[-1], behind_proxy, fresh_address):
        assert locked.status_code == 429
        assert locked.json()["code"] == "account_locked"
    assert not AuthToken.objects.filter(user=ward.users["signer"]).exists()
    # other people are not locked
    assert ask_token("reviewer", PASSWORD, remote="192.0.2.201").status_code == 200


# ------------------------------------------------------------------ tokens


def test_a_token_is_stored_only_as_a_digest_and_expires(ward, settings):
    response = ask_token("unit1", PASSWORD)
    token = response.json()["token"]
    stored = AuthToken.objects.get(user=ward.users["unit1"])

    assert token not in {stored.digest, stored.token_key}
    assert stored.token_key == token[:15]
    assert timezone.now() < stored.expiry <= timezone.now() + settings.REST_KNOX["TOKEN_TTL"]
    assert bearer(token).get(ME).status_code == 200


def test_an_expired_token_is_refused(ward):
    token = ask_token("unit1", PASSWORD).json()["token"]
    AuthToken.objects.filter(user=ward.users["unit1"]).update(expiry=timezone.now() - timezone.timedelta(seconds=1))

    response = bearer(token).get(ME)

    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"
    assert not AuthToken.objects.filter(user=ward.users["unit1"]).exists()


def test_logout_revokes_the_token_in_use_and_only_that_one(ward):
    first = ask_token("unit1", PASSWORD).json()["token"]
    second = ask_token("unit1", PASSWORD).json()["token"]

    assert bearer(first).post("/api/v1/auth/logout/").status_code == 204

    assert bearer(first).get(ME).status_code == 401
    assert bearer(second).get(ME).status_code == 200


def test_a_person_lists_and_revokes_his_own_tokens_but_not_anyone_elses(ward):
    mine = ask_token("unit1", PASSWORD).json()["token"]
    other = ask_token("unit1", PASSWORD).json()["token"]
    theirs = ask_token("unit2", PASSWORD).json()["token"]

    listed = bearer(mine).get("/api/v1/auth/tokens/").json()
    assert sorted(t["id"] for t in listed) == sorted([mine[:15], other[:15]])
    assert [t["current"] for t in listed if t["id"] == mine[:15]] == [True]
    assert all(set(t) == {"id", "created", "expiry", "current"} for t in listed)

    assert bearer(mine).delete(f"/api/v1/auth/tokens/{other[:15]}/").status_code == 204
    refused = bearer(mine).delete(f"/api/v1/auth/tokens/{theirs[:15]}/")

    assert bearer(other).get(ME).status_code == 401
    assert refused.status_code == 404
    assert bearer(theirs).get(ME).status_code == 200


# ------------------------------------------------------------------ the second factor


@pytest.fixture
def draft_decision(ward, make_nomination):
    files = approved_files(ward, make_nomination)
    return decision_create(actor=ward.users["secretary"], nomination_ids=[n.pk for n in files])


def test_a_signer_without_a_verified_device_cannot_sign_through_the_api(ward, draft_decision):
    token = ask_token("signer", PASSWORD).json()["token"]

    response = bearer(token).post(f"/api/v1/decisions/{draft_decision.pk}/sign/")

    assert response.status_code == 403
    assert response.json()["code"] == "second_factor_required"
    assert Decision.objects.get(pk=draft_decision.pk).status == DecisionStatus.DRAFT


def test_a_signer_with_a_device_gets_a_token_only_with_the_code_and_then_signs(ward, draft_decision):
    device = enrolled(ward.users["signer"])

    without = ask_token("signer", PASSWORD)
    right = ask_token("signer", PASSWORD, otp=code_of(device))
    wrong = ask_token("signer", PASSWORD, otp="000000" if code_of(device, step_offset=1) != "000000" else "111111")

    assert (without.status_code, without.json()["code"]) == (400, "otp_required")
    assert (wrong.status_code, wrong.json()["code"]) == (400, "otp_invalid")
    assert right.status_code == 200
    signed = bearer(right.json()["token"]).post(f"/api/v1/decisions/{draft_decision.pk}/sign/")
    assert signed.status_code == 200, signed.content
    assert Decision.objects.get(pk=draft_decision.pk).status == DecisionStatus.SIGNED


def test_a_secretary_who_tries_to_sign_is_told_she_is_not_the_signer(ward, draft_decision):
    token = ask_token("secretary", PASSWORD).json()["token"]

    response = bearer(token).post(f"/api/v1/decisions/{draft_decision.pk}/sign/")

    assert (response.status_code, response.json()["code"]) == (403, "signer_only")


def test_signing_on_the_web_demands_a_verified_session(ward, draft_decision):
    client = Client()
    client.force_login(ward.users["signer"])

    refused = client.post(f"/quyet-dinh/{draft_decision.pk}/ky/")

    assert "xác thực hai bước" in refused.content.decode()
    assert Decision.objects.get(pk=draft_decision.pk).status == DecisionStatus.DRAFT
    verified_login(client, ward.users["signer"])
    signed = client.post(f"/quyet-dinh/{draft_decision.pk}/ky/")
    assert signed.status_code == 302
    assert Decision.objects.get(pk=draft_decision.pk).status == DecisionStatus.SIGNED


def test_after_the_password_someone_with_a_device_enters_a_code_before_signing(ward, draft_decision):
    device = enrolled(ward.users["signer"])
    client = Client()

    signed_in = client.post("/accounts/login/", {"username": "signer", "password": PASSWORD})
    assert signed_in.status_code == 302
    assert signed_in["Location"].startswith("/tai-khoan/xac-minh/")
    assert client.post(f"/quyet-dinh/{draft_decision.pk}/ky/").status_code == 403  # refused, shown on the page
    wrong = client.post("/tai-khoan/xac-minh/", {"code": "12345"})
    time.sleep(1.1)  # django-otp makes the device wait a second after a wrong code
    verified = client.post("/tai-khoan/xac-minh/", {"code": code_of(device), "next": "/quyet-dinh/"})

    assert wrong.status_code == 200
    assert verified.status_code == 302
    assert verified["Location"] == "/quyet-dinh/"
    assert client.post(f"/quyet-dinh/{draft_decision.pk}/ky/").status_code == 302
    assert Decision.objects.get(pk=draft_decision.pk).status == DecisionStatus.SIGNED


def test_the_admin_demands_a_verified_device(ward):
    admin = ward.users["admin"]
    unverified = Client()
    unverified.force_login(admin)

    assert unverified.get("/admin/").status_code == 302
    device = enrolled(admin)
    form = Client().get("/admin/login/").content.decode()
    assert 'name="otp_token"' in form
    no_code = Client()
    no_code.post("/admin/login/", {"username": "admin", "password": PASSWORD, "next": "/admin/"})
    assert no_code.get("/admin/").status_code == 302
    with_code = Client()
    answer = with_code.post(
        "/admin/login/",
        {"username": "admin", "password": PASSWORD, "otp_device": device.persistent_id, "otp_token": code_of(device)},
    )
    assert answer.status_code == 302
    assert with_code.get("/admin/").status_code == 200


def test_enrolment_shows_a_qr_and_a_first_code_confirms_it_and_revokes_older_tokens(ward):
    signer = ward.users["signer"]
    old_token = ask_token("signer", PASSWORD).json()["token"]
    client = Client()
    client.force_login(signer)

    page = client.get("/tai-khoan/hai-buoc/")
    device = TOTPDevice.objects.get(user=signer, confirmed=False)
    wrong = client.post("/tai-khoan/hai-buoc/", {"code": "99999"})
    time.sleep(1.1)  # django-otp makes the device wait a second after a wrong code
    confirmed = client.post("/tai-khoan/hai-buoc/", {"code": code_of(device)})

    assert 'src="data:image/svg+xml' in page.content.decode()
    assert wrong.status_code == 200
    assert confirmed.status_code == 302
    assert TOTPDevice.objects.get(user=signer).confirmed
    assert bearer(old_token).get(ME).status_code == 401
    account = client.get("/tai-khoan/").content.decode()
    assert "Đang bật" in account


# ------------------------------------------------------------------ sessions and passwords


def test_a_session_idle_longer_than_the_timeout_is_signed_out(ward, settings):
    client = Client()
    client.force_login(ward.users["reviewer"])
    assert client.get("/").status_code == 200
    session = client.session
    session[LAST_SEEN] = int(time.time()) - settings.VINHDANH_SESSION_IDLE_MINUTES * 60 - 5
    session.save()

    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_an_active_session_still_ends_at_its_absolute_lifetime(ward, settings):
    client = Client()
    client.force_login(ward.users["reviewer"])
    client.get("/")
    session = client.session
    session[STARTED] = int(time.time()) - settings.SESSION_COOKIE_AGE - 5
    session[LAST_SEEN] = int(time.time())
    session.save()

    assert client.get("/").status_code == 302


def test_activity_keeps_a_session_alive_within_the_lifetime(ward, settings):
    client = Client()
    client.force_login(ward.users["reviewer"])
    client.get("/")
    session = client.session
    session[LAST_SEEN] = int(time.time()) - settings.VINHDANH_SESSION_IDLE_MINUTES * 60 + 60
    session.save()

    assert client.get("/").status_code == 200
    assert client.session[LAST_SEEN] >= int(time.time()) - 2


def test_a_person_changes_his_own_password_on_the_vietnamese_page(ward):
    client = Client()
    client.force_login(ward.users["reviewer"])
    page = client.get("/tai-khoan/mat-khau/").content.decode()
    new = "Song-Hau-xanh-mai-2026"

    wrong_old = client.post("/tai-khoan/mat-khau/", {"old_password": "sai", "new_password1": new, "new_password2": new})
    changed = client.post(
        "/tai-khoan/mat-khau/", {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )

    assert "Đổi mật khẩu" in page
    assert wrong_old.status_code == 200
    assert changed.status_code == 302
    assert User.objects.get(username="reviewer").check_password(new)
    assert client.get("/").status_code == 200  # still signed in


def test_password_reset_by_email_without_telling_who_exists(ward, settings):
    settings.PUBLIC_BASE_URL = "https://vinhdanh.example.vn"
    User.objects.filter(username="reviewer").update(email="reviewer@example.vn")
    client = Client()

    known = client.post("/accounts/password_reset/", {"email": "reviewer@example.vn"})
    unknown = client.post("/accounts/password_reset/", {"email": "khong-ai@example.vn"})

    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "Kính gửi" in body
    link = next(line for line in body.splitlines() if line.startswith("https://vinhdanh.example.vn/accounts/reset/"))
    form_page = client.get(link.removeprefix("https://vinhdanh.example.vn"), follow=True)
    new = "Cau-Ong-Manh-2026-moi"
    done = client.post(form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert done.status_code == 302
    assert User.objects.get(username="reviewer").check_password(new)


def test_password_reset_is_rate_limited_per_address(ward):
    client = Client()
    answers = [client.post("/accounts/password_reset/", {"email": f"x{n}@example.vn"}).status_code for n in range(6)]

    assert answers == [302] * 5 + [429]
