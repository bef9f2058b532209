"""The demo still works with the second factor: seed_demo enrols the admin's and the signer's authenticator
and prints each key, from which any TOTP app (here django-otp's own) gives the code."""

from __future__ import annotations

import base64
import re
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django_otp.oath import TOTP
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def test_the_printed_key_gives_the_signer_a_token_and_a_second_run_keeps_it():
    cache.clear()
    out = StringIO()
    call_command("seed_demo", password="Mot-mat-khau-1", stdout=out)
    again = StringIO()
    call_command("seed_demo", password="Mot-mat-khau-1", stdout=again)

    keys = dict(re.findall(r"TOTP (\w+): ([A-Z2-7=]+)", out.getvalue()))
    assert set(keys) == {"admin", "signer"}
    assert dict(re.findall(r"TOTP (\w+): ([A-Z2-7=]+)", again.getvalue())) == keys
    code = f"{TOTP(base64.b32decode(keys['signer'])).token():06d}"
    response = APIClient().post(
        "/api/v1/auth/token/", {"username": "signer", "password": "Mot-mat-khau-1", "otp": code}, format="json"
    )
    assert response.status_code == 200, response.content
