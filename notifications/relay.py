"""The outbox relay: after the change commits, hand the committed events to a worker, one task per burst.

The worker delivers an event together with the unprocessed events of its burst (same kind, body,
unit, actor and batch — or time window — see services.burst_of). So the relay publishes a task for
the first event of each burst a transaction committed and none for the events that burst already
carries: a bulk action over 10,000 files is one task, not 10,000 tasks of which 9,999 would find
their event done and read it again for nothing.

A failed hand-off (broker down) loses nothing: the event stays unprocessed in the outbox
and the periodic sweep (notifications.sweep_outbox) hands it over once the broker is back.
"""

from __future__ import annotations

import datetime
import functools
import logging
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

log = logging.getLogger(__name__)

# Publishing gives up quickly: the request that committed the change should not wait on a broker.
PUBLISH_RETRY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}


def dispatch(event_id: int) -> bool:
    """Publish notifications.deliver_event for one committed event; False when the broker refused."""
    from notifications.tasks import deliver_event

    try:
        deliver_event.apply_async((event_id,), retry=True, retry_policy=PUBLISH_RETRY)
    except Exception:  # any broker or transport error: the sweep takes over
        log.warning("outbox event %s not handed to the broker; the sweep will retry", event_id, exc_info=True)
        return False
    # The worker records when it took the event (with processed_at): a second UPDATE and commit here
    # would cost every request that changes a file as much as the change itself.
    return True


def dispatch_after_commit(event_id: int) -> None:
    """Hand the event over once the surrounding transaction commits (never from inside it)."""
    transaction.on_commit(functools.partial(dispatch, event_id), robust=True)


@dataclass
class _Burst:
    first_created_at: datetime.datetime
    size: int = 1


@dataclass
class _CommitRound:
    """The events one transaction hands over, grouped into bursts as their callbacks run at COMMIT."""

    hooks: list[Any]  # the connection's run_on_commit list this round was made for
    started: bool = False
    bursts: dict[tuple[Any, ...], list[_Burst]] = field(default_factory=dict)

    def hand_over(self, event_id: int, key: tuple[Any, ...], created_at: datetime.datetime) -> None:
        # Built as the callbacks run, not as they are registered, so an event whose savepoint rolled
        # back (its callback discarded) never stands for another.
        from .services import MAX_BURST, coalesce_window

        self.started = True
        batched = key[4] is not None
        for burst in self.bursts.setdefault(key, []):
            within = batched or abs(created_at - burst.first_created_at) <= coalesce_window()
            # Carried by the burst's task — or, when the broker refused it, swept up with it later.
            if within and burst.size < MAX_BURST:
                burst.size += 1
                return
        self.bursts[key].append(_Burst(first_created_at=created_at))
        dispatch(event_id)


def dispatch_event_after_commit(event: Any) -> None:
    """Hand the event over once the transaction commits, unless an earlier event of its burst carries it."""
    from .services import burst_key

    connection = transaction.get_connection()
    round_ = getattr(connection, "_vinhdanh_commit_round", None)
    # A new list of hooks means a new transaction (or a rolled-back savepoint); a round whose callbacks
    # already ran belongs to a transaction that is over.
    if round_ is None or round_.hooks is not connection.run_on_commit or round_.started:
        round_ = _CommitRound(hooks=connection.run_on_commit)
        connection._vinhdanh_commit_round = round_
    transaction.on_commit(
        functools.partial(round_.hand_over, event.pk, burst_key(event), event.created_at), robust=True
    )
