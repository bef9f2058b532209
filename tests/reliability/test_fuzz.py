"""API fuzzing with schemathesis: every operation of the served OpenAPI schema, as every role.

No answer is a server error (5xx), and every 4xx carries API.md's error format {"detail", "code"}. Each
generated request is sent as generated (mostly unknown ids) and once more aimed at real objects of the
demo ward, so the handlers behind the 404s are fuzzed too. Examples are derandomized: CI sees the same run.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from knox.models import AuthToken

from config.wsgi import application
from demo.world import seed_demo
from nominations.models import (
    Attachment,
    AwardKind,
    Certificate,
    CouncilSession,
    Decision,
    Membership,
    Nomination,
    Phase,
    Role,
    Round,
    User,
)
from nominations.states import PUBLIC_TRANSITIONS
from notifications.models import Notification
from tests.reliability import figures
from tests.reliability.conftest import postgresql

# One demo user per role (Role): submitter, unit head, reviewer, secretary, council member and chair, signer,
# broadcaster, supervisor, administrator. The demo has no unit head: the fixture adds one.
ROLES = (
    "unit1", "unit_head", "reviewer", "secretary", "member2", "chair", "signer", "broadcaster", "supervisor", "admin",
)  # fmt: skip
EXAMPLES_PER_OPERATION = 10
JSON = re.compile(r"^application/(.+\+)?json")


def _text(response: Any, limit: int) -> str:
    return response.content[:limit].decode("utf-8", errors="replace")


@dataclass
class Findings:
    requests: int = 0
    failures: list[str] = field(default_factory=list)

    def check(self, label: str, response: Any) -> None:
        self.requests += 1
        status = response.status_code
        content_type = response.headers.get("Content-Type", [""])
        content_type = content_type[0] if isinstance(content_type, list) else content_type
        if status >= 500:
            self.failures.append(f"{label} → {status}: {_text(response, 300)}")
        elif 400 <= status < 500:
            try:
                body = json.loads(response.content)
            except ValueError:
                self.failures.append(f"{label} → {status} not JSON ({content_type}): {_text(response, 200)}")
                return
            if not (isinstance(body, dict) and isinstance(body.get("detail"), str) and body.get("code")):
                self.failures.append(f"{label} → {status} without detail/code: {_text(response, 200)}")
        elif JSON.match(content_type or "") and status != 204:
            try:
                json.loads(response.content)
            except ValueError:
                self.failures.append(f"{label} → {status} declares JSON but is not: {_text(response, 200)}")


def _real_ids() -> dict[str, list[Any]]:
    """Ids of existing objects per path parameter meaning, to aim requests at real handlers."""
    return {
        "nomination": [str(pk) for pk in Nomination.objects.values_list("pk", flat=True)[:20]],
        "attachment": [str(pk) for pk in Attachment.objects.values_list("pk", flat=True)[:10]],
        "code": list(AwardKind.objects.values_list("code", flat=True)),
        "name": sorted(PUBLIC_TRANSITIONS),
        "certificates": list(Certificate.objects.values_list("pk", flat=True)),
        "council-sessions": list(CouncilSession.objects.values_list("pk", flat=True)),
        "decisions": list(Decision.objects.values_list("pk", flat=True)),
        "broadcasts": [],
        "notifications": list(Notification.objects.values_list("pk", flat=True)[:10]),
        "rounds": list(Round.objects.values_list("pk", flat=True)),
        "phases": list(Phase.objects.values_list("pk", flat=True)),
    }


def _aimed(path: str, parameters: dict[str, Any], ids: dict[str, list[Any]], turn: int) -> dict[str, Any]:
    """The path parameters with each id replaced by a real one of the right kind (chosen by turn)."""
    aimed = dict(parameters)
    collection = path.split("/")[3] if path.count("/") > 3 else ""
    for key in parameters:
        if key == "id":
            pool = ids["nomination"] if collection == "nominations" else ids.get(collection, [])
        elif key == "attachment_id":
            pool = ids["attachment"]
        else:
            pool = ids.get(key, [])
        if pool:
            aimed[key] = pool[turn % len(pool)]
    return aimed


@pytest.fixture
def demo_ward(db: Any) -> Iterator[dict[str, str]]:
    """The demo ward with files in every state, and each role's API token."""
    ward = seed_demo("Mat-khau-thu-nghiem-2026")
    head = User.objects.create_user("unit_head", password="Mat-khau-thu-nghiem-2026", full_name="Thủ trưởng đơn vị")
    Membership.objects.create(
        user=head, organization=ward.organization, unit=ward.users["unit1"].memberships.get().unit, role=Role.UNIT_HEAD
    )
    ward.users["unit_head"] = head
    cache.clear()  # throttles start afresh
    # Requests go straight to the WSGI application inside the test's transaction; like Django's test
    # client, keep the per-request connection clean-up from closing that transaction's connection.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield {role: AuthToken.objects.create(user=ward.users[role])[1] for role in ROLES}
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@postgresql
def test_no_operation_answers_a_server_error_and_every_4xx_has_the_error_format(demo_ward):
    schema = schemathesis.openapi.from_wsgi("/api/schema/", application)
    ids = _real_ids()
    findings = Findings()
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 40
    # Logging out revokes the token every later request of that role uses; it is tested on its own.
    operations = [op for op in operations if not op.path.endswith("/auth/logout/")]
    turn = iter(range(1_000_000))

    for operation in operations:

        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            derandomize=True,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def fuzz(case: Any) -> None:
            label = f"{case.method} {case.formatted_path}"
            for role in ROLES:
                findings.check(f"{role} {label}", case.call(headers={"Authorization": f"Token {demo_ward[role]}"}))
            if case.path_parameters:
                n = next(turn)
                case.path_parameters = _aimed(case.path, case.path_parameters, ids, n)
                role = ROLES[n % len(ROLES)]
                response = case.call(headers={"Authorization": f"Token {demo_ward[role]}"})
                findings.check(f"{role} {case.method} {case.formatted_path} (aimed)", response)

        fuzz()

    figures.count("requests_fuzzed", findings.requests)
    figures.count("fuzz_failures", len(findings.failures))
    assert findings.failures == [], f"{len(findings.failures)} of {findings.requests}:\n" + "\n".join(
        findings.failures[:40]
    )


@postgresql
def test_an_unknown_format_on_any_read_answers_a_json_refusal_for_every_role(demo_ward):
    """?format= is DRF's renderer override: a value no renderer has is a 4xx, also on the file endpoints."""
    schema = schemathesis.openapi.from_wsgi("/api/schema/", application)
    ids = _real_ids()
    findings = Findings()
    reads = [op for op in (result.ok() for result in schema.get_all_operations()) if op.method.upper() == "GET"]
    turn = iter(range(1_000_000))

    for operation in reads:

        @settings(
            max_examples=1, derandomize=True, deadline=None, database=None, suppress_health_check=list(HealthCheck)
        )
        @given(case=operation.as_strategy())
        def unknown_format(case: Any) -> None:
            case.query = {**(case.query or {}), "format": "AAA"}
            if case.path_parameters:
                case.path_parameters = _aimed(case.path, case.path_parameters, ids, next(turn))
            for role in ROLES:
                response = case.call(headers={"Authorization": f"Token {demo_ward[role]}"})
                findings.check(f"{role} {case.method} {case.formatted_path}?format=AAA", response)
                if response.status_code == 200:
                    findings.failures.append(f"{role} {case.formatted_path}?format=AAA answered 200")

        unknown_format()

    assert any("/reports/statistics/" in op.path for op in reads)
    assert findings.failures == [], f"{len(findings.failures)} of {findings.requests}:\n" + "\n".join(
        findings.failures[:40]
    )
