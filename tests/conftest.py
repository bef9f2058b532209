"""Shared fixtures: the demo ward's catalogues and people, API clients per user, and file builders."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from demo.catalogues import Ward, seed_catalogues
from demo.files import DEMO_PDF
from demo.people import seed_users
from nominations.models import Nomination
from tests.accounts.otp import api_client_for
from workflows.drafting import attachment_add, nomination_create
from workflows.services import nomination_transition

PASSWORD = "Mat-khau-thu-nghiem-2026"


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The browser tests run last, after pytest-django has put the database tests first.

    Playwright's sync API keeps its event loop running in this thread until the session ends; any test
    after it that signs a PDF (pyHanko calls asyncio.run) would meet a running loop.
    """
    items.sort(key=lambda item: item.get_closest_marker("e2e") is not None)


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def ward(db: Any) -> Ward:
    """Phường Mỹ Thạnh with every demo user and no files yet."""
    ward = seed_catalogues(timezone.localdate())
    ward.users = seed_users(ward, PASSWORD)
    return ward


@pytest.fixture
def api(ward: Ward) -> Callable[[str], APIClient]:
    """An API client authenticated as the named demo user."""

    def client_for(username: str | None) -> APIClient:
        if username is None:
            return APIClient()
        return api_client_for(ward.users[username])

    return client_for


def individual(name: str = "Nguyễn Thị Ánh Tuyết", **details: Any) -> dict[str, Any]:
    return {
        "kind": "individual",
        "name": name,
        "details": {"honorific": "Bà", "gender": "female", "birth_year": 1982, **details},
        "achievements": "Có thành tích xuất sắc trong phong trào học tập suốt đời",
    }


@pytest.fixture
def make_nomination(ward: Ward) -> Callable[..., Nomination]:
    """A file of unit1 (or another submitter) for giay_khen in the open round, walked through `steps`."""

    def make(
        *,
        submitter: str = "unit1",
        award: str = "giay_khen",
        nominees: list[dict[str, Any]] | None = None,
        attachments: tuple[str, ...] = ("proposal", "minutes", "achievement_report"),
        steps: tuple[tuple[str, str, str], ...] = (),
    ) -> Nomination:
        actor = ward.users[submitter]
        nomination = nomination_create(
            actor=actor,
            round=ward.rounds["current"],
            award_kind=ward.award_kinds[award],
            title="Đề nghị tặng Giấy khen",
            summary="Thành tích tiêu biểu",
            nominees=nominees if nominees is not None else [individual()],
        )
        for kind in attachments:
            attachment_add(
                nomination_id=nomination.pk,
                actor=actor,
                kind=kind,
                stream=io.BytesIO(DEMO_PDF),
                name=f"{kind}.pdf",
                size=len(DEMO_PDF),
            )
        for who, name, comment in steps:
            nomination = nomination_transition(
                nomination_id=nomination.pk,
                name=name,
                actor=ward.users[who],
                version=Nomination.objects.get(pk=nomination.pk).version,
                comment=comment,
            )
        return Nomination.objects.get(pk=nomination.pk)

    return make


SUBMIT = ("unit1", "submit", "")
ACCEPT = ("reviewer", "accept", "")
RECOMMEND = ("reviewer", "recommend", "Đủ điều kiện")
