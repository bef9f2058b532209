"""Visibility by need: one rule for who reads a file, its personal data and its evidence, tried as an attacker."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from core.errors import Refusal
from nominations.models import FileAccessGrant, Nomination
from privacy.models import AccessLog
from privacy.services import access_grant_decide, access_grant_request
from tests.accounts.otp import verified_login
from tests.conftest import SUBMIT, individual

CCCD = "079182005678"


def _ids(response) -> set[str]:
    body = response.json()
    return {row["id"] for row in (body["results"] if isinstance(body, dict) else body)}


def _sensitive(name: str = "Lâm Thị Riêng Tư"):
    return individual(name, citizen_id=CCCD, ethnicity="Khmer")


def test_a_draft_withdrawn_before_submission_never_leaves_its_unit(api, make_nomination):
    withdrawn = make_nomination(nominees=[_sensitive()], steps=(("unit1", "withdraw", "Không gửi nữa"),))
    assert withdrawn.status == "withdrawn"

    for username in ("reviewer", "secretary", "chair", "signer", "supervisor"):
        client = api(username)
        assert client.get(f"/api/v1/nominations/{withdrawn.pk}/").status_code == 404, username
        assert str(withdrawn.pk) not in _ids(client.get("/api/v1/nominations/")), username
    assert api("unit1").get(f"/api/v1/nominations/{withdrawn.pk}/").status_code == 200


def test_the_broadcaster_lists_no_file_and_downloads_no_evidence(api, make_nomination):
    nomination = make_nomination(
        nominees=[_sensitive()], attachments=("proposal", "minutes", "achievement_report", "evidence"), steps=(SUBMIT,)
    )
    evidence = nomination.attachments.get(kind="evidence")
    radio = api("broadcaster")

    listed = radio.get("/api/v1/nominations/")
    detail = radio.get(f"/api/v1/nominations/{nomination.pk}/")
    download = radio.get(f"/api/v1/nominations/{nomination.pk}/attachments/{evidence.pk}/")

    assert listed.status_code == 200
    assert _ids(listed) == set()
    assert detail.status_code == 404
    assert download.status_code == 404
    assert radio.get("/api/v1/broadcasts/").status_code == 200  # what the radio needs still works


@pytest.mark.parametrize(("username", "allowed"), [("supervisor", False), ("chair", False), ("reviewer", True)])
def test_evidence_scans_follow_the_personal_data_rule_and_every_download_is_logged(
    api, make_nomination, username, allowed
):
    nomination = make_nomination(
        nominees=[_sensitive()], attachments=("proposal", "minutes", "achievement_report", "evidence"), steps=(SUBMIT,)
    )
    evidence = nomination.attachments.get(kind="evidence")
    minutes = nomination.attachments.get(kind="minutes")
    client = api(username)
    AccessLog.objects.all().delete()

    scan = client.get(f"/api/v1/nominations/{nomination.pk}/attachments/{evidence.pk}/")
    other = client.get(f"/api/v1/nominations/{nomination.pk}/attachments/{minutes.pk}/")

    assert scan.status_code == (200 if allowed else 403)
    if not allowed:
        assert scan.json()["code"] == "personal_data_only"
    assert other.status_code == 200
    logged = list(AccessLog.objects.order_by("id").values_list("actor__username", "kind", "subject"))
    expected = [(username, "attachment", "Biên bản họp bình xét: minutes.pdf")]
    if allowed:
        expected.insert(0, (username, "attachment", "Minh chứng: evidence.pdf"))
    assert logged == expected


def test_the_administrator_reads_a_file_only_under_a_granted_unexpired_grant_and_each_read_says_why(
    ward, api, make_nomination
):
    nomination = make_nomination(nominees=[_sensitive()], steps=(SUBMIT,))
    admin = api("admin")
    assert _ids(admin.get("/api/v1/nominations/")) == set()
    assert admin.get(f"/api/v1/nominations/{nomination.pk}/").status_code == 404

    grant = access_grant_request(actor=ward.users["admin"], nomination_id=nomination.pk, reason="Sửa lỗi tệp đính kèm")
    still_closed = admin.get(f"/api/v1/nominations/{nomination.pk}/").status_code
    with pytest.raises(Refusal) as self_service:
        access_grant_decide(grant_id=grant.pk, actor=ward.users["admin"], approve=True)
    access_grant_decide(
        grant_id=grant.pk, actor=ward.users["signer"], approve=True, duration=datetime.timedelta(hours=2)
    )
    opened = admin.get(f"/api/v1/nominations/{nomination.pk}/")
    FileAccessGrant.objects.filter(pk=grant.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    expired = admin.get(f"/api/v1/nominations/{nomination.pk}/").status_code

    assert still_closed == 404
    assert self_service.value.status == 403
    assert opened.status_code == 200
    assert CCCD not in opened.content.decode()  # the grant opens the file, not its sensitive data
    assert "Khmer" not in opened.content.decode()
    assert expired == 404
    (log,) = AccessLog.objects.filter(actor=ward.users["admin"])
    assert (log.nomination_id, log.reason, log.grant_id) == (nomination.pk, "Sửa lỗi tệp đính kèm", grant.pk)


def test_a_grant_needs_a_reason_and_is_bounded_in_time(ward, make_nomination):
    nomination = make_nomination(steps=(SUBMIT,))
    with pytest.raises(Refusal) as no_reason:
        access_grant_request(actor=ward.users["admin"], nomination_id=nomination.pk, reason=" ")
    grant = access_grant_request(actor=ward.users["admin"], nomination_id=nomination.pk, reason="Kiểm tra")
    with pytest.raises(Refusal) as too_long:
        access_grant_decide(
            grant_id=grant.pk, actor=ward.users["signer"], approve=True, duration=datetime.timedelta(days=30)
        )

    assert no_reason.value.code == "reason_required"
    assert too_long.value.code == "invalid_duration"
    grant.refresh_from_db()
    assert (grant.status, grant.expires_at) == ("requested", None)


def test_exports_are_logged(ward, api, make_nomination):
    make_nomination(nominees=[_sensitive()], steps=(SUBMIT,))
    round_id = ward.rounds["current"].pk

    response = api("reviewer").get(f"/api/v1/reports/rounds/{round_id}/?format=xlsx")

    assert response.status_code == 200
    (log,) = AccessLog.objects.all()
    assert (log.actor.username, log.kind, log.nomination_id) == ("reviewer", "export", None)
    assert f"/reports/rounds/{round_id}/" in log.subject


def test_the_supervisors_listing_drops_nothing_it_may_read(api, make_nomination):
    submitted = make_nomination(steps=(SUBMIT,))

    assert str(submitted.pk) in _ids(api("supervisor").get("/api/v1/nominations/"))
    assert Nomination.objects.get(pk=submitted.pk).submitted_at is not None


def test_the_admin_site_is_no_back_door_and_an_access_grant_is_requested_there(ward, client, make_nomination):
    nomination = make_nomination(nominees=[_sensitive()], steps=(SUBMIT,))
    verified_login(client, ward.users["admin"])

    listing = client.get("/admin/nominations/nomination/").content.decode()
    nominee = client.get(f"/admin/nominations/nominee/{nomination.nominees.get().pk}/change/")
    requested = client.post(
        "/admin/nominations/fileaccessgrant/add/", {"reference": nomination.reference, "reason": "Hỗ trợ đơn vị"}
    )

    assert nomination.reference not in listing
    assert nominee.status_code in (302, 404)  # not found among what the admin may read
    assert CCCD not in nominee.content.decode()
    assert requested.status_code == 302
    grant = FileAccessGrant.objects.get()
    assert (grant.grantee.username, grant.status, grant.reason) == ("admin", "requested", "Hỗ trợ đơn vị")
