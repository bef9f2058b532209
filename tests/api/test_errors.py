"""A database that gave up waiting for another writer answers like the loser of a race: 409, never 500."""

import pytest
from django.db import OperationalError

from api import nominations as views

pytestmark = pytest.mark.django_db


def test_a_locked_database_answers_409_in_the_error_format(ward, make_nomination, api, monkeypatch):
    nomination = make_nomination()

    def locked(**kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(views, "nomination_transition", locked)
    response = api("unit1").post(
        f"/api/v1/nominations/{nomination.pk}/transitions/submit/", {"version": nomination.version}, format="json"
    )

    assert response.status_code == 409
    assert response.json()["code"] == "busy"
    assert response["Retry-After"] == "1"


def test_other_database_errors_are_not_disguised(ward, make_nomination, api, monkeypatch):
    nomination = make_nomination()

    def broken(**kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(views, "nomination_transition", broken)
    client = api("unit1")
    client.raise_request_exception = False
    response = client.post(
        f"/api/v1/nominations/{nomination.pk}/transitions/submit/", {"version": nomination.version}, format="json"
    )

    assert response.status_code == 500
