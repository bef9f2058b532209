"""The outbox relay: after the change commits, hand each event's id to a worker.

A failed hand-off (broker down) loses nothing: the event stays unprocessed in the outbox
and the periodic sweep (notifications.sweep_outbox) hands it over once the broker is back.
"""

from __future__ import annotations

import functools
import logging

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
