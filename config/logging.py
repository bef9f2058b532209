"""Log records as one JSON object per line (DJANGO_LOG_FORMAT=json), for log collectors that read machines."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any

# Attributes every LogRecord has; anything else on a record was passed as `extra` and is kept.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime", "taskName"}


class JSONFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "process": record.process,
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and key not in entry:
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        # default=str: Django attaches the request object itself; its text names the method and path.
        return json.dumps(entry, ensure_ascii=False, default=str)


def logging_settings(*, log_format: str, level: str) -> dict[str, Any]:
    if log_format not in ("text", "json"):
        raise ValueError(f"DJANGO_LOG_FORMAT must be 'text' or 'json', not {log_format!r}")
    formatter: dict[str, Any] = (
        {"()": JSONFormatter} if log_format == "json" else {"format": "%(levelname)s %(name)s %(message)s"}
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"default": formatter},
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "default"}},
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "weasyprint": {"level": "ERROR"},
            "fontTools": {"level": "ERROR"},
            # Django's default configuration gives these loggers a handler of their own; gunicorn configures
            # its own too. All of them write through the one handler and format.
            "django": {"handlers": ["console"], "level": level, "propagate": False},
            "gunicorn.error": {"handlers": ["console"], "level": level, "propagate": False},
            "gunicorn.access": {"handlers": ["console"], "level": level, "propagate": False},
        },
    }
