"""How much work the pages ask of a reviewing body in steps: twenty submitted files taken through intake,
assignment, appraisal and the head's decision with the pages only, counting page loads, clicks and fields
typed per file. The counts are written to test-artifacts/usability.json and quoted in the README; the
bounds below fail the suite when a change makes the work heavier."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from nominations.models import Membership, Nomination, Role, User
from tests.awards.award_steps import person
from tests.conftest import PASSWORD, SUBMIT
from tests.e2e.test_lifecycle_in_browser import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

FILES = 20


@dataclass
class Counted:
    """A person's browser page, counting what the person does: documents loaded, clicks, fields filled."""

    page: Any
    loads: int = 0
    clicks: int = 0
    fields: int = 0

    def __post_init__(self) -> None:
        self.page.on("load", lambda _: self._loaded())

    def _loaded(self) -> None:
        self.loads += 1

    def click(self, locator: Any) -> None:
        self.clicks += 1
        locator.click()

    def choose(self, locator: Any, value: str) -> None:
        self.fields += 1
        locator.select_option(value)

    def fill(self, locator: Any, text: str) -> None:
        self.fields += 1
        locator.fill(text)

    def tick(self, locator: Any) -> None:
        self.clicks += 1
        locator.check()


def _open_from_the_queue(person: Counted, nomination: Nomination) -> None:
    page = person.page
    person.click(page.get_by_role("link", name="Việc cần xử lý", exact=True))
    person.click(page.get_by_role("link", name=nomination.reference))


def test_twenty_files_through_the_review_steps_with_the_pages_only(ward, live_server, new_page, make_nomination):
    org = ward.organization
    org.review_in_steps = True
    org.save(update_fields=["review_in_steps"])
    for username, name, role in [
        ("clerk", "Lê Văn Tiếp", Role.REVIEW_CLERK),
        ("head", "Hồ Văn Trưởng", Role.REVIEW_HEAD),
    ]:
        user = User.objects.create_user(username, password=PASSWORD, full_name=name)
        Membership.objects.create(user=user, organization=org, role=role)
    files = [make_nomination(steps=(SUBMIT,), nominees=[person()]) for _ in range(FILES)]
    base = live_server.url
    people = {}
    for username in ("clerk", "head", "reviewer"):
        page = new_page()
        sign_in(page, base, username)
        people[username] = Counted(page)
    clerk, head, officer = people["clerk"], people["head"], people["reviewer"]

    # intake: the clerk ticks every file on the queue and receives them in one action
    clerk.click(clerk.page.get_by_role("link", name="Việc cần xử lý", exact=True))
    clerk.tick(clerk.page.locator("#select-all"))
    clerk.choose(clerk.page.get_by_label("Thao tác", exact=True), "accept")
    clerk.click(clerk.page.get_by_role("button", name="Thực hiện với các hồ sơ đã chọn"))
    clerk.page.get_by_text(files[-1].reference).first.wait_for()
    for nomination in files:
        # assignment
        _open_from_the_queue(head, nomination)
        head.choose(head.page.get_by_label("Cán bộ thẩm định"), "reviewer")
        head.click(head.page.get_by_role("button", name="Phân công"))
        head.page.get_by_text("Trần Văn Học").first.wait_for()
        # appraisal
        _open_from_the_queue(officer, nomination)
        officer.tick(officer.page.get_by_label("Đủ điều kiện, trình Hội đồng"))
        officer.fill(officer.page.get_by_label("Ý kiến thẩm định"), "Đủ tiêu chuẩn")
        officer.click(officer.page.get_by_role("button", name="Gửi đề xuất lên lãnh đạo"))
        officer.page.get_by_text("Đủ tiêu chuẩn").first.wait_for()
        # the head's decision
        _open_from_the_queue(head, nomination)
        head.click(head.page.get_by_role("button", name="Đồng ý với đề xuất"))
        head.page.get_by_text("Ai đã xử lý hồ sơ").wait_for()

    assert set(Nomination.objects.filter(pk__in=[f.pk for f in files]).values_list("status", flat=True)) == {
        "recommended"
    }
    everyone = people.values()
    per_file = {
        "page_loads": round(sum(p.loads for p in everyone) / FILES, 2),
        "clicks": round(sum(p.clicks for p in everyone) / FILES, 2),
        "fields": round(sum(p.fields for p in everyone) / FILES, 2),
    }
    report = {
        "files": FILES,
        "per_file": per_file,
        "by_person": {
            name: {"page_loads": p.loads, "clicks": p.clicks, "fields": p.fields} for name, p in people.items()
        },
    }
    artifacts = Path(settings.BASE_DIR) / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    (artifacts / "usability.json").write_text(json.dumps(report, ensure_ascii=False, indent=2))
    print("usability:", json.dumps(report, ensure_ascii=False))
    # Intake is one action for all twenty; each later step is: the queue, the file, the act. Measured here:
    # 9.1 page loads, 10.15 clicks and 2.05 fields per file (README, "The reviewing body's desk").
    assert (clerk.loads, clerk.clicks, clerk.fields) == (2, 3, 1)
    assert per_file["page_loads"] <= 9.1
    assert per_file["clicks"] <= 10.15
    assert per_file["fields"] <= 2.05
    assert [p.page.csp_errors for p in everyone] == [[], [], []]
