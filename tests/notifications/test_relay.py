"""The relay hands each committed burst to one task: the events a burst carries get no task of their own."""

from __future__ import annotations

import pytest
from django.db import transaction

from notifications.models import Notification
from notifications.tasks import deliver_event
from tests.conftest import individual
from workflows.models import OutboxEvent
from workflows.services import nomination_transition

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(monkeypatch) -> list[int]:
    """The event ids handed to the broker (the tasks still run, eagerly, as in the other tests)."""
    ids: list[int] = []
    original = deliver_event.apply_async

    def counting(args=None, *rest, **kwargs):
        ids.append(args[0])
        return original(args, *rest, **kwargs)

    monkeypatch.setattr(deliver_event, "apply_async", counting)
    return ids


def submit(ward, nomination) -> None:
    nomination_transition(nomination_id=nomination.pk, name="submit", actor=ward.users["unit1"], version=None)


def test_one_transaction_of_one_units_files_is_one_task_and_every_event_is_delivered(
    ward, make_nomination, published, django_capture_on_commit_callbacks
):
    files = [make_nomination(nominees=[individual(f"Hội viên số {n}")]) for n in range(8)]
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        for nomination in files:
            submit(ward, nomination)

    events = OutboxEvent.objects.filter(event="nomination.submit").order_by("pk")
    assert published == [events[0].pk]
    assert events.filter(processed_at__isnull=True).count() == 0
    (notice,) = Notification.objects.filter(recipient=ward.users["reviewer"])
    assert all(nomination.reference in notice.message for nomination in files)


def test_each_transaction_hands_its_own_events_over(
    ward, make_nomination, published, django_capture_on_commit_callbacks
):
    first, second = (make_nomination(nominees=[individual(f"Hội viên {n}")]) for n in ("Một", "Hai"))
    for nomination in (first, second):
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            submit(ward, nomination)

    events = list(OutboxEvent.objects.filter(event="nomination.submit").order_by("pk").values_list("pk", flat=True))
    assert published == events
    assert not OutboxEvent.objects.filter(event="nomination.submit", processed_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=ward.users["reviewer"]).count() == 2


def test_events_of_different_bursts_get_a_task_each(
    ward, make_nomination, published, django_capture_on_commit_callbacks
):
    mine = make_nomination(nominees=[individual("Hội viên Một")])
    theirs = make_nomination(submitter="unit2", nominees=[individual("Hội viên Hai")])
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        submit(ward, mine)
        nomination_transition(nomination_id=theirs.pk, name="submit", actor=ward.users["unit2"], version=None)

    events = OutboxEvent.objects.filter(event="nomination.submit")
    assert sorted(published) == sorted(events.values_list("pk", flat=True))
    assert len(published) == 2
    assert not events.filter(processed_at__isnull=True).exists()


def test_an_event_whose_savepoint_rolled_back_stands_for_no_other(
    ward, make_nomination, published, django_capture_on_commit_callbacks
):
    undone, kept = (make_nomination(nominees=[individual(f"Hội viên {n}")]) for n in ("Một", "Hai"))

    def submit_then_fail() -> None:
        with transaction.atomic():
            submit(ward, undone)
            raise RuntimeError("this file's step failed")

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        with pytest.raises(RuntimeError):
            submit_then_fail()
        submit(ward, kept)

    (event,) = OutboxEvent.objects.filter(event="nomination.submit")
    assert event.nomination_id == kept.pk
    assert published == [event.pk]
    assert event_processed(event)


def event_processed(event: OutboxEvent) -> bool:
    event.refresh_from_db()
    return event.processed_at is not None
