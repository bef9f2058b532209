"""What notifications does when the lifecycle announces something (connected in NotificationsConfig.ready)."""

from typing import Any

from notifications.relay import dispatch_event_after_commit


def relay_outbox_event(sender: Any, *, event: Any, **kwargs: Any) -> None:
    """An outbox row was written: hand it to a worker once the transaction commits."""
    dispatch_event_after_commit(event)
