"""The Celery app as production runs it, with the broker scanning for abandoned messages every second.

Started by the worker tests as `celery -A tests.notifications.worker_app worker`.
"""

from config.celery import app

app.conf.broker_transport_options = {
    **app.conf.broker_transport_options,
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}

__all__ = ["app"]
