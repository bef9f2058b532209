"""GET /api/v1/notifications/ and POST /api/v1/notifications/{id}/read/ (API.md "Notifications and reports")."""

from __future__ import annotations

import pytest

from tests.conftest import ACCEPT, SUBMIT


@pytest.fixture
def notified(ward, make_nomination, django_capture_on_commit_callbacks):
    """unit1's file submitted, accepted and returned: three notices for unit1's people and the reviewer's queue."""
    with django_capture_on_commit_callbacks(execute=True):
        return make_nomination(steps=(SUBMIT, ACCEPT, ("reviewer", "return_for_revision", "Bổ sung biên bản")))


@pytest.mark.django_db
def test_the_list_holds_the_readers_own_notices_newest_first_in_the_contracts_shape(api, notified):
    response = api("unit1").get("/api/v1/notifications/")

    assert response.status_code == 200
    body = response.json()
    assert [n["event"] for n in body] == ["nomination.return_for_revision", "nomination.accept"]
    assert set(body[0]) == {"id", "event", "nomination", "message", "created_at", "read"}
    assert body[0]["nomination"] == str(notified.pk)
    assert body[0]["read"] is False
    assert "Bổ sung biên bản" in body[0]["message"]
    assert response["X-Unread-Count"] == "2"


@pytest.mark.django_db
def test_marking_a_notice_read_lowers_the_unread_count(api, notified):
    client = api("unit1")
    newest = client.get("/api/v1/notifications/").json()[0]

    response = client.post(f"/api/v1/notifications/{newest['id']}/read/")
    again = client.post(f"/api/v1/notifications/{newest['id']}/read/")

    assert response.status_code == 200
    assert response.json()["read"] is True
    assert again.status_code == 200
    assert client.get("/api/v1/notifications/unread-count/").json() == {"unread": 1}
    assert [n["read"] for n in client.get("/api/v1/notifications/").json()] == [True, False]


@pytest.mark.django_db
def test_another_persons_notice_cannot_be_read_or_seen(api, notified):
    reviewers = api("reviewer").get("/api/v1/notifications/").json()

    response = api("unit1").post(f"/api/v1/notifications/{reviewers[0]['id']}/read/")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert api("reviewer").get("/api/v1/notifications/unread-count/").json() == {"unread": len(reviewers)}
    assert all(n["event"] != "nomination.accept" for n in reviewers)  # the reviewer did that himself


@pytest.mark.django_db
def test_english_readers_get_english_notices(ward, api, make_nomination, django_capture_on_commit_callbacks):
    ward.users["reviewer"].language = "en"
    ward.users["reviewer"].save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        nomination = make_nomination(steps=(SUBMIT,))

    (notice,) = api("reviewer").get("/api/v1/notifications/").json()

    assert notice["message"].startswith(f"File {nomination.reference}")
    assert "was submitted" in notice["message"]


@pytest.mark.django_db
def test_notifications_need_a_signed_in_user(api):
    assert api(None).get("/api/v1/notifications/").status_code in (401, 403)
