"""Steps the reviewing body takes through the API, shared by the review-step tests."""

from __future__ import annotations

from typing import Any

from nominations.models import Nomination


def _post(api: Any, who: str, nomination: Nomination, path: str, data: dict[str, Any]) -> Any:
    return api(who).post(f"/api/v1/nominations/{nomination.pk}/{path}/", data, format="json")


def _version(nomination: Nomination) -> int:
    return Nomination.objects.get(pk=nomination.pk).version
