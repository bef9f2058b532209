"""Delivering outbox events exactly once per person and channel.

The steps, each safe to repeat:
1. plan: for an unprocessed event (and the burst it belongs to) insert one Delivery row per
   recipient and channel; the unique (event, recipient, channel) constraint with
   ON CONFLICT DO NOTHING makes a second plan a no-op;
2. in-app: claim the person's pending rows of one group, write one Notification and mark the
   rows sent, all in one transaction (a crash rolls the whole step back);
3. e-mail and webhook: claim the rows (pending → sending, with a lease) by a conditional
   UPDATE, send one message, then mark them sent. Only the worker whose UPDATE moved the
   rows sends; a copy of the task finds nothing to claim. A worker that dies while holding
   rows lets its lease expire, and the next run sends them with the same Message-ID /
   X-Vinhdanh-Delivery key, so the receiver can drop a copy it had already taken.

Bursts (a bulk action over hundreds of files) are coalesced when delivery is planned: events
of the same kind, organisation, unit and actor, not yet processed and created within
NOTIFICATIONS_COALESCE_SECONDS of each other (or carrying the same payload "batch" key, which
a bulk service may set) share one `group`, and each person gets one message listing them.
Events of one transaction are all committed before the first task runs, so a bulk action
always coalesces; separate requests coalesce when their events are still waiting.
"""

from __future__ import annotations

import datetime
import logging
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Min, Q
from django.utils import timezone

from notifications import channels
from notifications.models import Channel, Delivery, DeliveryState, Notification, NotificationPreference, WebhookEndpoint
from notifications.recipients import recipients_for
from notifications.texts import LABELS, compose, language_of
from notifications.timing import backoff_seconds, coalesce_window, max_attempts, sending_lease
from workflows.models import OutboxEvent

log = logging.getLogger(__name__)

MAX_BURST = 1000


# ---------------------------------------------------------------------------------------------
# planning


def burst_key(event: OutboxEvent) -> tuple[Any, ...]:
    """What the events of one burst share (burst_of's filter); those without a batch also share a time window."""
    payload = event.payload or {}
    return (
        event.event,
        event.organization_id,
        event.unit_id,
        event.actor_id,
        payload.get("batch") or None,
        payload.get("due_on") or None,
    )


def burst_of(event: OutboxEvent) -> list[OutboxEvent]:
    """The unprocessed events that leave together with `event` (itself first when alone)."""
    same = OutboxEvent.objects.filter(
        processed_at__isnull=True,
        event=event.event,
        organization_id=event.organization_id,
        unit_id=event.unit_id,
        actor_id=event.actor_id,
    )
    batch = event.payload.get("batch")
    if batch:
        same = same.filter(payload__batch=batch)
    else:
        window = coalesce_window()
        same = same.filter(created_at__gte=event.created_at - window, created_at__lte=event.created_at + window)
    if event.payload.get("due_on"):
        same = same.filter(payload__due_on=event.payload["due_on"])
    members = list(same.order_by("created_at", "pk")[:MAX_BURST])
    if not any(member.pk == event.pk for member in members):
        members.append(event)
    return members


def _audience_key(event: OutboxEvent) -> tuple[Any, ...]:
    payload = event.payload
    return (
        event.event,
        event.organization_id,
        event.unit_id,
        event.actor_id,
        payload.get("target"),
        event.nomination.award_kind_id if event.nomination_id else None,
        event.nomination.status if event.nomination_id and event.event.startswith("deadline.") else None,
        tuple(payload.get("recipient_ids") or ()),
        tuple(payload.get("unit_ids") or ()),
    )


def deliveries_plan(*, events: Sequence[OutboxEvent], group: str) -> int:
    """Insert the Delivery rows of `events`; rows that already exist are left as they are."""
    audiences: dict[tuple[Any, ...], list[Any]] = {}
    endpoints = set(
        WebhookEndpoint.objects.filter(
            organization_id__in={e.organization_id for e in events}, is_active=True
        ).values_list("organization_id", flat=True)
    )
    rows: list[Delivery] = []
    preferences: dict[int, NotificationPreference] = {}
    for event in events:
        key = _audience_key(event)
        if key not in audiences:
            audiences[key] = recipients_for(event)
        people = audiences[key]
        missing = [p.pk for p in people if p.pk not in preferences]
        if missing:
            found = {p.user_id: p for p in NotificationPreference.objects.filter(user_id__in=missing)}
            preferences.update({pk: found.get(pk) or NotificationPreference(user_id=pk) for pk in missing})
        for person in people:
            preference = preferences[person.pk]
            rows.append(Delivery(event=event, recipient=person, channel=Channel.IN_APP, group=group))
            if preference.email and person.email:
                state = DeliveryState.DIGEST if preference.daily_digest else DeliveryState.PENDING
                rows.append(Delivery(event=event, recipient=person, channel=Channel.EMAIL, group=group, state=state))
            if preference.webhook and person.phone and event.organization_id in endpoints:
                rows.append(Delivery(event=event, recipient=person, channel=Channel.WEBHOOK, group=group))
    Delivery.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
    return len(rows)


# ---------------------------------------------------------------------------------------------
# in-app


def _nomination_of(events: Sequence[OutboxEvent]) -> Any:
    ids = {e.nomination_id for e in events}
    return events[0].nomination if len(ids) == 1 else None


def _claimed(claim: str) -> list[Delivery]:
    return list(
        Delivery.objects.filter(claim=claim)
        .select_related("event__nomination", "event__unit", "event__actor", "recipient")
        .order_by("event__created_at", "event_id")
    )


def in_app_deliver(*, recipient_id: int, group: str) -> Notification | None:
    """One Notification for the person's pending in-app rows of one group, written with the rows marked sent."""
    with transaction.atomic():
        claim = uuid.uuid4().hex
        moved = Delivery.objects.filter(
            recipient_id=recipient_id, channel=Channel.IN_APP, group=group, state=DeliveryState.PENDING
        ).update(state=DeliveryState.SENDING, claim=claim)
        if not moved:
            return None
        rows = _claimed(claim)
        events = [row.event for row in rows]
        recipient = rows[0].recipient
        message = compose(events, language_of(recipient))
        notification = Notification.objects.create(
            recipient=recipient, event=events[0].event, nomination=_nomination_of(events), message=message.text
        )
        Delivery.objects.filter(claim=claim).update(
            state=DeliveryState.SENT, sent_at=timezone.now(), notification=notification
        )
    return notification


# ---------------------------------------------------------------------------------------------
# one event, end to end


def _claimable(now: datetime.datetime) -> Q:
    return (
        Q(state=DeliveryState.PENDING)
        | Q(state=DeliveryState.RETRYING, next_attempt_at__lte=now)
        | Q(state=DeliveryState.SENDING, lease_until__lt=now)
    )


def _leads(rows: Any) -> list[int]:
    """One delivery id per (recipient, channel, group): what send tasks take."""
    return [
        row["lead"] for row in rows.values("recipient_id", "channel", "group").annotate(lead=Min("pk")).order_by("lead")
    ]


def event_deliver(*, event_id: int) -> list[int]:
    """Plan the event's burst, deliver in-app, and return the deliveries left for e-mail and webhook tasks."""
    event = OutboxEvent.objects.select_related("nomination__award_kind", "unit", "actor").filter(pk=event_id).first()
    if event is None:
        return []
    if event.processed_at is None:
        events = burst_of(event)
        deliveries_plan(events=events, group=str(event.pk))
    else:
        events = [event]
    event_ids = [e.pk for e in events]
    in_app = Delivery.objects.filter(event_id__in=event_ids, channel=Channel.IN_APP, state=DeliveryState.PENDING)
    for recipient_id, group in sorted(set(in_app.values_list("recipient_id", "group"))):
        in_app_deliver(recipient_id=recipient_id, group=group)
    now = timezone.now()
    outgoing = Delivery.objects.filter(event_id__in=event_ids, channel__in=[Channel.EMAIL, Channel.WEBHOOK]).filter(
        _claimable(now)
    )
    leads = _leads(outgoing)
    OutboxEvent.objects.filter(pk__in=event_ids, processed_at__isnull=True).update(processed_at=now, dispatched_at=now)
    return leads


# ---------------------------------------------------------------------------------------------
# e-mail and webhook


@dataclass(frozen=True)
class SendOutcome:
    sent: int = 0
    retry_in: int | None = None
    dead_letter: bool = False


def _webhook_payload(rows: Sequence[Delivery], key: str) -> dict[str, Any]:
    recipient = rows[0].recipient
    events = [row.event for row in rows]
    language = language_of(recipient)
    return {
        "delivery": key,
        "event": events[0].event,
        "organization": events[0].organization_id,
        "recipient": {
            "username": recipient.username,
            "full_name": recipient.full_name,
            "phone": recipient.phone,
            "language": language,
        },
        "message": compose(events, language).text,
        "events": [
            {
                "id": e.pk,
                "event": e.event,
                "nomination": str(e.nomination_id) if e.nomination_id else None,
                "reference": e.nomination.reference if e.nomination_id else None,
                "created_at": e.created_at.isoformat(),
            }
            for e in events
        ],
    }


def _send(rows: Sequence[Delivery], key: str) -> None:
    recipient = rows[0].recipient
    channel = rows[0].channel
    if channel == Channel.EMAIL:
        message = compose([row.event for row in rows], language_of(recipient))
        channels.email_send(
            recipient=recipient, language=language_of(recipient), messages=[message], subject=message.subject, key=key
        )
        return
    endpoint = WebhookEndpoint.objects.filter(organization_id=rows[0].event.organization_id, is_active=True).first()
    if endpoint is None:
        raise channels.DeliveryFailed("no active webhook endpoint")
    channels.webhook_post(url=endpoint.url, secret=endpoint.secret, payload=_webhook_payload(rows, key), key=key)


def _record_failure(claim: str, rows: Sequence[Delivery], error: str) -> SendOutcome:
    attempts = max(row.attempts for row in rows) + 1
    claimed = Delivery.objects.filter(claim=claim, state=DeliveryState.SENDING)
    if attempts >= max_attempts():
        claimed.update(state=DeliveryState.DEAD_LETTER, attempts=attempts, last_error=error[:2000], lease_until=None)
        log.error("notification delivery dead-lettered after %s attempts: %s", attempts, error)
        return SendOutcome(dead_letter=True)
    wait = backoff_seconds(attempts)
    claimed.update(
        state=DeliveryState.RETRYING,
        attempts=attempts,
        last_error=error[:2000],
        lease_until=None,
        next_attempt_at=timezone.now() + datetime.timedelta(seconds=wait),
    )
    return SendOutcome(retry_in=wait)


def delivery_send(*, delivery_id: int) -> SendOutcome:
    """Send the e-mail or webhook for one person's rows of one group, if no one else has them."""
    lead = Delivery.objects.filter(pk=delivery_id).first()
    if lead is None or lead.channel == Channel.IN_APP:
        return SendOutcome()
    now = timezone.now()
    claim = uuid.uuid4().hex
    siblings = Delivery.objects.filter(recipient_id=lead.recipient_id, channel=lead.channel, group=lead.group)
    moved = siblings.filter(_claimable(now)).update(
        state=DeliveryState.SENDING, claim=claim, lease_until=now + sending_lease()
    )
    if not moved:
        # Rows held by another sender or waiting for their next attempt: come back when that is due.
        due = siblings.filter(state__in=[DeliveryState.SENDING, DeliveryState.RETRYING]).aggregate(
            lease=Min("lease_until"), retry=Min("next_attempt_at")
        )
        moments = [m for m in (due["lease"], due["retry"]) if m is not None]
        if not moments:
            return SendOutcome()
        return SendOutcome(retry_in=max(1, int((min(moments) - now).total_seconds()) + 1))
    rows = _claimed(claim)
    key = f"{lead.channel}-{lead.recipient_id}-{lead.group}"
    try:
        _send(rows, key)
    except channels.DeliveryFailed as exc:
        return _record_failure(claim, rows, str(exc))
    Delivery.objects.filter(claim=claim, state=DeliveryState.SENDING).update(
        state=DeliveryState.SENT, sent_at=timezone.now(), lease_until=None, last_error=""
    )
    return SendOutcome(sent=len(rows))


# ---------------------------------------------------------------------------------------------
# daily digest


def digests_send(*, day: datetime.date | None = None) -> int:
    """One e-mail per person who chose the digest, holding everything collected for them; returns e-mails sent."""
    day = day or timezone.localdate()
    sent = 0
    people = Delivery.objects.filter(channel=Channel.EMAIL, state=DeliveryState.DIGEST).values_list(
        "recipient_id", flat=True
    )
    for recipient_id in sorted(set(people)):
        claim = uuid.uuid4().hex
        moved = Delivery.objects.filter(
            recipient_id=recipient_id, channel=Channel.EMAIL, state=DeliveryState.DIGEST
        ).update(state=DeliveryState.SENDING, claim=claim, lease_until=timezone.now() + sending_lease())
        if not moved:
            continue
        rows = _claimed(claim)
        recipient = rows[0].recipient
        language = language_of(recipient)
        by_group: dict[str, list[OutboxEvent]] = defaultdict(list)
        for row in rows:
            by_group[row.group].append(row.event)
        messages = [compose(events, language) for events in by_group.values()]
        subject = LABELS[language]["digest_subject"].format(day=f"{day:%d/%m/%Y}", n=len(messages))
        try:
            channels.email_send(
                recipient=recipient, language=language, messages=messages, subject=subject, key=f"digest-{claim}"
            )
        except channels.DeliveryFailed as exc:
            attempts = max(row.attempts for row in rows) + 1
            state = DeliveryState.DEAD_LETTER if attempts >= max_attempts() else DeliveryState.DIGEST
            Delivery.objects.filter(claim=claim).update(
                state=state, attempts=attempts, last_error=str(exc)[:2000], lease_until=None
            )
            continue
        Delivery.objects.filter(claim=claim, state=DeliveryState.SENDING).update(
            state=DeliveryState.SENT, sent_at=timezone.now(), lease_until=None
        )
        sent += 1
    return sent


# ---------------------------------------------------------------------------------------------
# sweep


@dataclass(frozen=True)
class SweepResult:
    events: list[int]
    deliveries: list[int]


def outbox_sweep(*, older_than_seconds: int, limit: int = 500) -> SweepResult:
    """What a crash or a broker outage left behind: events never processed, sends never finished."""
    now = timezone.now()
    cutoff = now - datetime.timedelta(seconds=older_than_seconds)
    events = list(
        OutboxEvent.objects.filter(processed_at__isnull=True, created_at__lt=cutoff)
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )
    stale = Delivery.objects.filter(channel__in=[Channel.EMAIL, Channel.WEBHOOK]).filter(
        Q(state=DeliveryState.PENDING, created_at__lt=cutoff)
        | Q(state=DeliveryState.RETRYING, next_attempt_at__lt=cutoff)
        | Q(state=DeliveryState.SENDING, lease_until__lt=now)
    )
    return SweepResult(events=events, deliveries=_leads(stale)[:limit])


# ---------------------------------------------------------------------------------------------
# the reader's side


def deliveries_retry(*, delivery_ids: Iterable[int]) -> list[int]:
    """An administrator gives dead-lettered deliveries another round of attempts."""
    rows = Delivery.objects.filter(pk__in=list(delivery_ids), state=DeliveryState.DEAD_LETTER)
    leads = _leads(rows)
    rows.update(state=DeliveryState.PENDING, attempts=0, next_attempt_at=None, last_error="")
    return leads
