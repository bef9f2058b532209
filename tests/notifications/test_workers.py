"""Real Redis, real Celery workers started here: crashes and broker restarts lose nothing and double nothing.

These run when REDIS_URL is set (and fail rather than skip in service mode when Redis or
PostgreSQL is missing). Workers share this test database through DATABASE_URL, so the tests
commit for real (transactional database).
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest
import redis
from django.conf import settings
from django.db import connection

from config.celery import app
from nominations.models import Nomination
from notifications.models import Channel, Delivery, DeliveryState, Notification
from tests.conftest import SUBMIT
from workflows.models import OutboxEvent
from workflows.services import nomination_transition

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
# Parallel pytest workers each have their own (tests/parallel_services.py).
WORKER_BROKER_DB = int(os.environ.get("VINHDANH_TEST_BROKER_DB", "6"))
RESTARTED_BROKER_PORT = int(os.environ.get("VINHDANH_TEST_RESTARTED_BROKER_PORT", "6390"))


def require(condition: bool, reason: str) -> None:
    if condition:
        return
    if os.environ.get("VINHDANH_SERVICE_TESTS") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture
def services_up(db: Any) -> str:
    """The real Redis (its dedicated worker database) and PostgreSQL, or a failure in service mode."""
    require(bool(settings.REDIS_URL), "REDIS_URL is not set")
    require(connection.vendor == "postgresql", "worker tests share the PostgreSQL test database")
    parts = urlsplit(settings.REDIS_URL)
    broker = urlunsplit((parts.scheme, parts.netloc, f"/{WORKER_BROKER_DB}", "", ""))
    try:
        client = redis.Redis.from_url(broker, socket_connect_timeout=2)
        client.ping()
    except redis.RedisError as exc:
        require(False, f"Redis is unreachable at {settings.REDIS_URL}: {exc}")
    client.flushdb()
    return broker


def database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@contextlib.contextmanager
def publishing_to(broker: str) -> Iterator[None]:
    """This process publishes to `broker` instead of running tasks in-process."""

    def reset() -> None:
        app._pool = None
        with contextlib.suppress(AttributeError, KeyError):
            app.__dict__["amqp"]._producer_pool = None

    previous = (app.conf.broker_url, app.conf.task_always_eager)
    app.conf.broker_url, app.conf.task_always_eager = broker, False
    reset()
    try:
        yield
    finally:
        app.conf.broker_url, app.conf.task_always_eager = previous
        reset()


class Workers:
    def __init__(self, broker: str, tmp_path: Path) -> None:
        self.broker = broker
        self.tmp_path = tmp_path
        self.mail_dir = tmp_path / "mail"
        self.mail_dir.mkdir()
        self.running: list[subprocess.Popen[bytes]] = []

    def start(self, name: str, *, beat: bool = False) -> subprocess.Popen[bytes]:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DJANGO_DEBUG": "true",
            "DATABASE_URL": database_url(),
            "REDIS_URL": self.broker,
            "EMAIL_URL": f"filemail:///{self.mail_dir}",  # four slashes in all: an absolute path
            "CELERY_VISIBILITY_TIMEOUT": "3",
            "NOTIFICATIONS_SENDING_LEASE_SECONDS": "4",
            "NOTIFICATIONS_SWEEP_SECONDS": "1",
            "NOTIFICATIONS_SWEEP_AGE_SECONDS": "2",
        }
        command = [
            sys.executable, "-m", "celery", "-A", "tests.notifications.worker_app", "worker",
            "-Q", "notifications", "-c", "1", "-P", "prefork", "-n", f"{name}@%h", "-l", "INFO",
            "--without-gossip", "--without-mingle", "--without-heartbeat",
        ]  # fmt: skip
        if beat:
            command += ["-B", "-s", str(self.tmp_path / f"beat-{name}")]
        log = (self.tmp_path / f"{name}.log").open("wb")
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.running.append(process)
        return process

    def kill(self, process: subprocess.Popen[bytes]) -> None:
        """SIGKILL the worker and its pool at once, as a machine failure would."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(10)

    def log(self) -> str:
        return "\n".join(p.read_text(errors="replace")[-4000:] for p in sorted(self.tmp_path.glob("*.log")))

    def emails(self) -> list[str]:
        """The e-mails the workers sent, one Message-ID each."""
        found = []
        for path in self.mail_dir.glob("*.log"):
            found += [line for line in path.read_text().splitlines() if line.startswith("Message-ID:")]
        return found


@pytest.fixture
def workers(services_up: str, ward: Any, tmp_path: Path) -> Iterator[Workers]:
    pool = Workers(services_up, tmp_path)
    yield pool
    for process in pool.running:
        pool.kill(process)


def wait_for(condition: Callable[[], bool], what: str, workers: Workers, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.25)
    pytest.fail(f"timed out waiting for {what}\n{workers.log()}")


def all_sent() -> bool:
    return Delivery.objects.exists() and not Delivery.objects.exclude(state=DeliveryState.SENT).exists()


def test_a_worker_killed_mid_delivery_loses_nothing_and_doubles_nothing(
    ward, workers, make_nomination, reachable, gateway
):
    reachable("reviewer", "supervisor")
    gateway.hold = threading.Event()  # the first webhook request hangs until the worker is dead
    first = workers.start("first")
    nomination = make_nomination()

    with publishing_to(workers.broker):
        nomination_transition(nomination_id=nomination.pk, name="submit", actor=ward.users["unit1"], version=None)
    assert gateway.arrived.wait(60), workers.log()
    workers.kill(first)
    gateway.hold.set()
    workers.start("second")
    wait_for(all_sent, "every delivery to be sent", workers)

    assert Delivery.objects.count() == 6  # reviewer and supervisor × in-app, e-mail, webhook
    assert Notification.objects.filter(recipient=ward.users["reviewer"]).count() == 1
    assert Notification.objects.filter(recipient=ward.users["supervisor"]).count() == 1
    emails = workers.emails()
    assert len(emails) == 2
    assert len(set(emails)) == 2
    taken = [r["headers"]["X-Vinhdanh-Delivery"] for r in gateway.taken()]
    assert len(taken) == 2
    assert len(set(taken)) == 2
    assert [r["status"] for r in gateway.requests].count("abandoned") == 1
    assert OutboxEvent.objects.get(event="nomination.submit").processed_at is not None


def test_a_failing_gateway_is_retried_by_the_worker_after_growing_waits(
    ward, workers, make_nomination, reachable, gateway
):
    reachable("reviewer")
    gateway.answers = [500, 500]
    workers.start("retrying")

    with publishing_to(workers.broker):
        make_nomination(steps=(SUBMIT,))
    wait_for(lambda: len(gateway.taken()) == 1, "the gateway to take the message", workers)

    arrivals = [r["at"] for r in gateway.requests]
    assert [r["status"] for r in gateway.requests] == [500, 500, 200]
    assert arrivals[1] - arrivals[0] >= 1.9
    assert arrivals[2] - arrivals[1] >= 3.9
    hook = Delivery.objects.get(channel=Channel.WEBHOOK)
    assert (hook.state, hook.attempts) == (DeliveryState.SENT, 2)


@pytest.fixture
def own_broker(tmp_path: Path) -> Iterator[Callable[[], subprocess.Popen[bytes]]]:
    """A redis-server of the test's own on its own port, which the test may kill and start again."""
    started: list[subprocess.Popen[bytes]] = []

    def start() -> subprocess.Popen[bytes]:
        process = subprocess.Popen(
            ["redis-server", "--port", str(RESTARTED_BROKER_PORT), "--save", "", "--appendonly", "no"],
            cwd=tmp_path,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        started.append(process)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", RESTARTED_BROKER_PORT), 0.2):
                return process
            time.sleep(0.1)
        pytest.fail("redis-server did not start")

    yield start
    for process in started:
        process.kill()
        process.wait(10)


def test_a_transition_commits_while_the_broker_is_down_and_is_notified_once_it_returns(
    ward, services_up, tmp_path, own_broker, make_nomination
):
    broker = f"redis://127.0.0.1:{RESTARTED_BROKER_PORT}/0"
    redis_process = own_broker()
    pool = Workers(broker, tmp_path)
    try:
        pool.start("beat-and-worker", beat=True)
        with publishing_to(broker):
            delivered = make_nomination(steps=(SUBMIT,))
            wait_for(lambda: Notification.objects.filter(nomination=delivered).exists(), "the first notices", pool)
            second = make_nomination(nominees=[{"kind": "individual", "name": "Phan Văn Sáu", "details": {}}])

            redis_process.kill()
            redis_process.wait(10)
            nomination_transition(nomination_id=second.pk, name="submit", actor=ward.users["unit1"], version=None)

            assert Nomination.objects.get(pk=second.pk).status == "submitted"
            waiting = OutboxEvent.objects.get(nomination=second, event="nomination.submit")
            assert (waiting.dispatched_at, waiting.processed_at) == (None, None)
            own_broker()
            wait_for(
                lambda: Notification.objects.filter(nomination=second, recipient=ward.users["reviewer"]).exists(),
                "the notices of the transition made while the broker was down",
                pool,
            )
            time.sleep(3)  # a few more sweeps: they must not deliver anything twice
    finally:
        for process in pool.running:
            pool.kill(process)

    assert Notification.objects.filter(nomination=second, recipient=ward.users["reviewer"]).count() == 1
    assert Notification.objects.filter(nomination=delivered, recipient=ward.users["reviewer"]).count() == 1
    assert Notification.objects.filter(recipient=ward.users["supervisor"]).count() == 2
    assert not OutboxEvent.objects.filter(processed_at__isnull=True).exists()
