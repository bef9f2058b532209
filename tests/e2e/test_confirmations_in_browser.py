"""Irreversible actions ask once more, naming what follows, from the project's script (no inline script)."""

from __future__ import annotations

import pytest

from nominations.models import Nomination
from tests.conftest import SUBMIT
from tests.e2e.test_lifecycle_in_browser import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_withdrawing_asks_first_and_a_dismissed_question_changes_nothing(make_nomination, live_server, new_page):
    nomination = make_nomination(steps=(SUBMIT,))
    page = new_page(width=1366, height=768)
    sign_in(page, live_server.url, "unit1")
    page.goto(f"{live_server.url}/ho-so/{nomination.pk}/")
    questions: list[str] = []

    def dismiss(dialog):
        questions.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", dismiss)
    page.get_by_role("button", name="Rút hồ sơ").click()
    page.wait_for_timeout(300)
    assert questions == ["Rút hồ sơ này? Rút là vĩnh viễn: hồ sơ không thể gửi lại được nữa."]
    assert Nomination.objects.get(pk=nomination.pk).status == "submitted"

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Rút hồ sơ").click()
    page.wait_for_load_state()
    page.wait_for_timeout(300)
    assert Nomination.objects.get(pk=nomination.pk).status == "withdrawn"
    assert page.csp_errors == []
