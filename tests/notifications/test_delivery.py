"""Delivery: after commit, once per person and channel, in the reader's language, coalesced in bursts."""

from __future__ import annotations

import datetime
import json

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from notifications import inbox, services
from notifications.channels import signature_valid
from notifications.models import Channel, Delivery, DeliveryState, Notification, NotificationPreference
from notifications.tasks import deliver_event, send_delivery, sweep_outbox
from tests.accounts.otp import verified_login
from tests.conftest import SUBMIT, individual
from tests.notifications.conftest import GATEWAY_SECRET
from workflows.models import OutboxEvent
from workflows.services import nomination_transition


def submitted_event(nomination) -> OutboxEvent:
    return OutboxEvent.objects.get(nomination=nomination, event="nomination.submit")


@pytest.mark.django_db
def test_a_transition_is_notified_in_app_once_it_commits(ward, make_nomination, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        nomination = make_nomination(steps=(SUBMIT,))

    notice = Notification.objects.get(recipient=ward.users["reviewer"])
    assert notice.event == "nomination.submit"
    assert notice.nomination_id == nomination.pk
    assert nomination.reference in notice.message
    assert "đã được gửi" in notice.message
    assert submitted_event(nomination).processed_at is not None


@pytest.mark.django_db
def test_a_change_that_rolls_back_notifies_no_one(ward, make_nomination, django_capture_on_commit_callbacks):
    nomination = make_nomination()

    def submit_then_fail() -> None:
        with transaction.atomic():
            nomination_transition(nomination_id=nomination.pk, name="submit", actor=ward.users["unit1"], version=None)
            raise RuntimeError("the request failed after the transition")

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        submit_then_fail()

    assert not OutboxEvent.objects.filter(event="nomination.submit").exists()
    assert not Notification.objects.exists()


@pytest.mark.django_db
def test_a_task_delivered_twice_sends_one_email_and_one_notice(ward, make_nomination, reachable):
    reachable("reviewer", "supervisor")
    nomination = make_nomination(steps=(SUBMIT,))  # no commit hooks here: the tasks are run by hand
    event = submitted_event(nomination)

    deliver_event.apply(args=[event.pk])
    deliver_event.apply(args=[event.pk])
    for delivery in Delivery.objects.filter(channel=Channel.EMAIL):
        send_delivery.apply(args=[delivery.pk])
        send_delivery.apply(args=[delivery.pk])

    assert sorted(m.to[0] for m in mail.outbox) == ["reviewer@my-thanh.gov.vn", "supervisor@my-thanh.gov.vn"]
    assert Notification.objects.filter(recipient=ward.users["reviewer"]).count() == 1
    assert set(Delivery.objects.values_list("state", flat=True)) == {DeliveryState.SENT}
    assert Delivery.objects.count() == 4  # two people × (in-app, e-mail)


@pytest.mark.django_db
def test_a_sender_that_died_holding_its_rows_is_replaced_once_its_lease_runs_out(ward, make_nomination, reachable):
    reachable("reviewer")
    nomination = make_nomination(steps=(SUBMIT,))
    services.event_deliver(event_id=submitted_event(nomination).pk)  # planned; the e-mail not sent yet
    email = Delivery.objects.get(channel=Channel.EMAIL, recipient=ward.users["reviewer"])
    # A worker claimed the row and was killed before sending.
    Delivery.objects.filter(pk=email.pk).update(
        state=DeliveryState.SENDING, claim="dead-worker", lease_until=timezone.now() + datetime.timedelta(minutes=2)
    )

    while_held = services.delivery_send(delivery_id=email.pk)
    Delivery.objects.filter(pk=email.pk).update(lease_until=timezone.now() - datetime.timedelta(seconds=1))
    after_lease = services.delivery_send(delivery_id=email.pk)
    again = services.delivery_send(delivery_id=email.pk)

    assert while_held.sent == 0
    assert 100 <= while_held.retry_in <= 121
    assert after_lease.sent == 1
    assert again.sent == 0
    assert again.retry_in is None
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_email_is_html_and_text_in_vietnamese_by_default_and_english_by_choice(
    ward, make_nomination, reachable, django_capture_on_commit_callbacks
):
    reachable("reviewer", language="en")
    reachable("supervisor")
    with django_capture_on_commit_callbacks(execute=True):
        make_nomination(steps=(SUBMIT,))

    by_person = {m.to[0].split("@")[0]: m for m in mail.outbox}
    assert "was submitted" in by_person["reviewer"].subject
    assert by_person["reviewer"].body.startswith("Dear Trần Văn Học,")
    assert "đã được gửi" in by_person["supervisor"].subject
    assert by_person["supervisor"].body.startswith("Kính gửi Bùi Văn Giám,")
    html, mimetype = by_person["supervisor"].alternatives[0]
    assert mimetype == "text/html"
    assert '<html lang="vi">' in html


@pytest.mark.django_db
def test_a_person_who_turned_email_off_gets_only_the_in_app_notice(
    ward, make_nomination, reachable, django_capture_on_commit_callbacks
):
    reachable("reviewer")
    inbox.preference_set(user=ward.users["reviewer"], email=False, daily_digest=False, webhook=True)
    with django_capture_on_commit_callbacks(execute=True):
        make_nomination(steps=(SUBMIT,))

    assert mail.outbox == []
    assert Notification.objects.filter(recipient=ward.users["reviewer"]).count() == 1


@pytest.mark.django_db
def test_a_daily_digest_collects_the_days_emails_into_one(
    ward, make_nomination, reachable, django_capture_on_commit_callbacks
):
    reachable("reviewer")
    NotificationPreference.objects.create(user=ward.users["reviewer"], daily_digest=True)
    with django_capture_on_commit_callbacks(execute=True):
        first = make_nomination(steps=(SUBMIT,))
        second = make_nomination(
            submitter="unit2", nominees=[individual("Trần Văn Khóm")], steps=(("unit2", "submit", ""),)
        )

    assert mail.outbox == []
    sent = services.digests_send(day=datetime.date(2025, 11, 20))
    again = services.digests_send(day=datetime.date(2025, 11, 20))

    assert (sent, again) == (1, 0)
    (digest,) = mail.outbox
    assert digest.subject == "Bản tin thông báo ngày 20/11/2025 (2 thông báo)"
    assert first.reference in digest.body
    assert second.reference in digest.body


@pytest.mark.django_db
def test_a_burst_of_one_units_files_arrives_as_one_message(
    ward, make_nomination, reachable, django_capture_on_commit_callbacks
):
    reachable("reviewer")
    files = [make_nomination(nominees=[individual(f"Hội viên số {n}")]) for n in range(12)]
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        for nomination in files:  # one bulk action: every file submitted in one transaction
            nomination_transition(nomination_id=nomination.pk, name="submit", actor=ward.users["unit1"], version=None)

    (notice,) = Notification.objects.filter(recipient=ward.users["reviewer"])
    assert notice.message.startswith("12 hồ sơ của Hội Liên hiệp Phụ nữ phường đã được gửi")
    assert all(nomination.reference in notice.message for nomination in files)
    assert notice.nomination_id is None
    assert len(mail.outbox) == 1
    assert Delivery.objects.filter(recipient=ward.users["reviewer"], channel=Channel.IN_APP).count() == 12
    assert OutboxEvent.objects.filter(event="nomination.submit", processed_at__isnull=True).count() == 0


@pytest.mark.django_db
def test_events_a_crash_left_in_the_outbox_are_delivered_by_the_sweep(ward, make_nomination, settings):
    settings.NOTIFICATIONS_SWEEP_AGE_SECONDS = 0
    nomination = make_nomination(steps=(SUBMIT,))  # committed, but its relay never ran
    assert not Notification.objects.exists()

    sweep_outbox.apply()

    assert Notification.objects.filter(recipient=ward.users["reviewer"], nomination=nomination).count() == 1
    assert sweep_outbox.apply().result == 0


@pytest.mark.django_db
def test_webhook_requests_are_signed_over_timestamp_and_body(
    ward, make_nomination, reachable, gateway, django_capture_on_commit_callbacks
):
    reachable("reviewer")
    with django_capture_on_commit_callbacks(execute=True):
        nomination = make_nomination(steps=(SUBMIT,))

    (request,) = gateway.taken()
    headers = request["headers"]
    timestamp, signature = headers["X-Vinhdanh-Timestamp"], headers["X-Vinhdanh-Signature"]
    assert signature_valid(secret=GATEWAY_SECRET, timestamp=timestamp, body=request["body"], signature=signature)
    assert not signature_valid(secret="another-secret", timestamp=timestamp, body=request["body"], signature=signature)
    tampered = request["body"].replace(b"0901234567", b"0909999999")
    assert not signature_valid(secret=GATEWAY_SECRET, timestamp=timestamp, body=tampered, signature=signature)
    stale = str(int(timestamp) - 3600)
    assert not signature_valid(secret=GATEWAY_SECRET, timestamp=stale, body=request["body"], signature=signature)
    assert request["json"]["recipient"]["phone"] == "0901234567"
    assert request["json"]["events"][0]["reference"] == nomination.reference
    assert json.loads(request["body"])["message"].startswith("Hồ sơ")


def test_retries_back_off_exponentially_up_to_a_cap(settings):
    settings.NOTIFICATIONS_BACKOFF_CAP_SECONDS = 600

    assert [services.backoff_seconds(n) for n in range(1, 12)] == [2, 4, 8, 16, 32, 64, 128, 256, 512, 600, 600]


def make_due(delivery: Delivery) -> None:
    """Let the countdown of the last failure pass."""
    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now() - datetime.timedelta(seconds=1))


@pytest.mark.django_db
def test_a_failing_gateway_is_retried_after_growing_waits_until_it_takes_the_message(
    ward, make_nomination, reachable, gateway
):
    reachable("reviewer")
    gateway.answers = [500, 503]
    services.event_deliver(event_id=submitted_event(make_nomination(steps=(SUBMIT,))).pk)
    hook = Delivery.objects.get(channel=Channel.WEBHOOK)

    first = services.delivery_send(delivery_id=hook.pk)
    too_early = services.delivery_send(delivery_id=hook.pk)
    make_due(hook)
    second = services.delivery_send(delivery_id=hook.pk)
    make_due(hook)
    third = services.delivery_send(delivery_id=hook.pk)

    assert (first.retry_in, second.retry_in, third.sent) == (2, 4, 1)
    assert too_early.sent == 0
    assert too_early.retry_in is not None
    assert [r["status"] for r in gateway.requests] == [500, 503, 200]
    assert len({r["headers"]["X-Vinhdanh-Delivery"] for r in gateway.requests}) == 1
    hook.refresh_from_db()
    assert (hook.state, hook.attempts) == (DeliveryState.SENT, 2)


@pytest.mark.django_db
def test_after_the_last_attempt_a_delivery_is_dead_lettered_and_shown_to_admins(
    ward, make_nomination, reachable, gateway, settings, client
):
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 3
    reachable("reviewer")
    gateway.answers = [500] * 10
    services.event_deliver(event_id=submitted_event(make_nomination(steps=(SUBMIT,))).pk)
    hook = Delivery.objects.get(channel=Channel.WEBHOOK)

    outcomes = []
    for _ in range(4):
        outcomes.append(services.delivery_send(delivery_id=hook.pk))
        make_due(hook)

    assert [o.dead_letter for o in outcomes] == [False, False, True, False]
    assert len(gateway.requests) == 3
    hook.refresh_from_db()
    assert (hook.state, hook.attempts, hook.last_error) == (DeliveryState.DEAD_LETTER, 3, "HTTP 500")
    verified_login(client, ward.users["admin"])
    page = client.get("/admin/notifications/delivery/", {"state__exact": "dead_letter"})
    assert page.status_code == 200
    assert "Gửi thất bại (đã hết số lần thử)" in page.content.decode()
