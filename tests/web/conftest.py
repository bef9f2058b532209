"""Browser-less clients for the web pages, signed in as demo users."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from demo.catalogues import Ward
from tests.accounts.otp import verified_login

SECOND_FACTOR_USERS = ("signer", "admin")


@pytest.fixture
def web(ward: Ward) -> Callable[..., Client]:
    """A Django test client signed in as the named demo user (or anonymous for None)."""

    def client_for(username: str | None, *, enforce_csrf_checks: bool = False, **headers: Any) -> Client:
        client = Client(enforce_csrf_checks=enforce_csrf_checks, headers=headers or None)
        if username in SECOND_FACTOR_USERS:
            # as after entering the authenticator's code: signing and the admin demand it
            verified_login(client, ward.users[username])
        elif username is not None:
            client.force_login(ward.users[username], backend="django.contrib.auth.backends.ModelBackend")
        return client

    return client_for
