"""A database that gave up waiting for another writer answers like the loser of a race: 409, never 500."""

import threading

import pytest
from django.db import OperationalError, connection, transaction

from api import nominations as views
from nominations.models import Nomination

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


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="a real row lock and lock_timeout need PostgreSQL")
def test_a_postgresql_lock_wait_that_times_out_answers_409_busy_and_changes_nothing(ward, make_nomination, api):
    nomination = make_nomination()
    held, release = threading.Event(), threading.Event()

    def hold_the_row() -> None:
        try:
            with transaction.atomic():
                Nomination.objects.select_for_update().get(pk=nomination.pk)
                held.set()
                release.wait(timeout=30)
        finally:
            connection.close()

    holder = threading.Thread(target=hold_the_row)
    holder.start()
    try:
        assert held.wait(timeout=30), "the other connection never took the row lock"
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '300ms'")
        response = api("unit1").post(
            f"/api/v1/nominations/{nomination.pk}/transitions/submit/", {"version": nomination.version}
        )
    finally:
        release.set()
        holder.join(timeout=30)
        with connection.cursor() as cursor:
            cursor.execute("RESET lock_timeout")
    assert not holder.is_alive(), "the lock holder never finished"

    assert response.status_code == 409
    assert response.json()["code"] == "busy"
    assert response["Retry-After"] == "1"
    assert Nomination.objects.values_list("status", "version").get(pk=nomination.pk) == ("draft", nomination.version)

    retried = api("unit1").post(
        f"/api/v1/nominations/{nomination.pk}/transitions/submit/", {"version": nomination.version}
    )
    assert retried.status_code == 200, retried.content
