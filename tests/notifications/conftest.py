"""Fixtures for notifications: in-process delivery, a gateway that records signed requests, submitted files."""

from __future__ import annotations

import http.server
import json
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from config.celery import app
from demo.catalogues import Ward
from notifications.models import WebhookEndpoint

GATEWAY_SECRET = "bi-mat-cong-sms-0123456789"


@pytest.fixture(autouse=True)
def _tasks_in_process(request: pytest.FixtureRequest) -> Iterator[None]:
    """Tasks run in this process, as in the demo, except in the tests that start real workers."""
    if request.node.get_closest_marker("services"):
        yield
        return
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@dataclass
class Gateway:
    """An SMS/Zalo gateway stand-in on a real socket: records each request, answers with scripted codes."""

    url: str = ""
    requests: list[dict[str, Any]] = field(default_factory=list)
    answers: list[int] = field(default_factory=list)
    hold: threading.Event | None = None
    arrived: threading.Event = field(default_factory=threading.Event)

    def taken(self) -> list[dict[str, Any]]:
        return [r for r in self.requests if r["status"] == 200]


def start_gateway() -> tuple[Gateway, http.server.ThreadingHTTPServer]:
    gateway = Gateway()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            gateway.arrived.set()
            at = time.monotonic()
            if gateway.hold is not None and not gateway.hold.is_set():
                # Keep the sender waiting, as a slow gateway would, until the test lets go.
                gateway.hold.wait(60)
                gateway.requests.append({"status": "abandoned", "body": body, "headers": dict(self.headers), "at": at})
                return
            status = gateway.answers.pop(0) if gateway.answers else 200
            gateway.requests.append(
                {"status": status, "body": body, "headers": dict(self.headers), "json": json.loads(body), "at": at}
            )
            self.send_response(status)
            self.end_headers()
            self.wfile.write(b"{}")

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    gateway.url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return gateway, server


@pytest.fixture
def gateway(ward: Ward, settings: Any) -> Iterator[Gateway]:
    settings.VINHDANH_WEBHOOK_ALLOW_HTTP = True  # the test gateway listens on plain http on the loopback
    gateway, server = start_gateway()
    WebhookEndpoint.objects.create(
        organization=ward.organization, name="Cổng SMS", url=gateway.url, secret=GATEWAY_SECRET
    )
    yield gateway
    if gateway.hold is not None:
        gateway.hold.set()
    server.shutdown()


@pytest.fixture
def reachable(ward: Ward) -> Callable[..., None]:
    """Give demo users an e-mail address and a phone number, so every channel applies."""

    def give(*usernames: str, language: str = "vi") -> None:
        for username in usernames:
            user = ward.users[username]
            user.email = f"{username}@my-thanh.gov.vn"
            user.phone = "0901234567"
            user.language = language
            user.save(update_fields=["email", "phone", "language"])

    return give
