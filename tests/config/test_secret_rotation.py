"""Rotating DJANGO_SECRET_KEY: sessions signed with the previous key survive while it is a fallback."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.test import Client


def test_sessions_of_the_previous_key_survive_while_it_is_a_fallback_and_are_moved_to_the_new_key(db, settings):
    user = get_user_model().objects.create_user("rotation", password="Mat-khau-thu-nghiem-2026")
    returning, away = Client(), Client()
    for client in (returning, away):
        client.force_login(user)
        assert client.get("/api/v1/me/").status_code == 200

    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = "n" * 60, [settings.SECRET_KEY]
    assert returning.get("/api/v1/me/").status_code == 200  # verified by the fallback, re-signed with the new key

    settings.SECRET_KEY_FALLBACKS = []
    assert returning.get("/api/v1/me/").status_code == 200
    assert away.get("/api/v1/me/").status_code in (401, 403)  # never came back while the old key was accepted
