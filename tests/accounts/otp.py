"""Second-factor helpers for tests: an enrolled authenticator, its current code, a verified session."""

from __future__ import annotations

import time
from typing import Any

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


def enrolled(user: Any) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="test", confirmed=True)


def code_of(device: TOTPDevice, *, step_offset: int = 0) -> str:
    """The code the authenticator app shows now, or `step_offset` time steps later (a code is accepted once:
    a second sign-in within the same 30 seconds uses the next step's code, inside the allowed tolerance)."""
    token = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    token.time = time.time() + step_offset * device.step
    return f"{token.token():0{device.digits}d}"


def verified_login(client: Any, user: Any) -> TOTPDevice:
    """Sign in as `user` with a session the second factor has verified (as after entering a code)."""
    device = enrolled(user)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


def api_client_for(user: Any) -> Any:
    """An API client signed in as `user`; an administrator or signer as after signing in with the code (a token
    issued to someone with an enrolled authenticator)."""
    from knox.models import AuthToken
    from rest_framework.test import APIClient

    from accounts.second_factor import needs_second_factor

    client = APIClient()
    if needs_second_factor(user):
        enrolled(user)
        token, _ = AuthToken.objects.create(user=user)
        client.force_authenticate(user, token=token)
    else:
        client.force_authenticate(user)
    return client
