"""Review in steps in Chromium: the clerk receives, the head assigns, the officer excludes one nominee and
proposes, the head accepts; the file page shows who held each step."""

from __future__ import annotations

import pytest

from nominations.models import Membership, Nomination, Role, User
from tests.awards.award_steps import person
from tests.conftest import PASSWORD, SUBMIT
from tests.e2e.test_lifecycle_in_browser import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_file_goes_through_the_review_steps_in_the_browser(ward, live_server, new_page, make_nomination):
    org = ward.organization
    org.review_in_steps = True
    org.save(update_fields=["review_in_steps"])
    for username, name, role in [
        ("clerk", "Lê Văn Tiếp", Role.REVIEW_CLERK),
        ("head", "Hồ Văn Trưởng", Role.REVIEW_HEAD),
    ]:
        user = User.objects.create_user(username, password=PASSWORD, full_name=name)
        Membership.objects.create(user=user, organization=org, role=role)
    nomination = make_nomination(steps=(SUBMIT,), nominees=[person(), person()])
    dropped = nomination.nominees.order_by("id").last()
    base = live_server.url
    file_url = f"{base}/ho-so/{nomination.pk}/"

    clerk = new_page()
    sign_in(clerk, base, "clerk")
    clerk.goto(file_url)
    clerk.get_by_role("button", name="Tiếp nhận hồ sơ").click()
    clerk.get_by_text("Đang chờ phân công cán bộ thẩm định.").wait_for()

    head = new_page()
    sign_in(head, base, "head")
    head.goto(file_url)
    head.get_by_label("Cán bộ thẩm định").select_option("reviewer")
    head.get_by_role("button", name="Phân công").click()
    head.get_by_text("Trần Văn Học").first.wait_for()

    officer = new_page()
    sign_in(officer, base, "reviewer")
    officer.goto(file_url)
    officer.locator(f"#reason-{dropped.pk}").fill("Chưa đủ thời gian công tác")
    officer.get_by_role("button", name=f"Loại {dropped.name}").click()
    officer.get_by_text("Chưa đủ thời gian công tác").first.wait_for()
    officer.get_by_label("Đủ điều kiện, trình Hội đồng").check()
    officer.get_by_label("Ý kiến thẩm định").fill("Đủ tiêu chuẩn")
    officer.get_by_role("button", name="Gửi đề xuất lên lãnh đạo").click()
    officer.get_by_text("Đủ tiêu chuẩn").first.wait_for()

    head.goto(file_url)
    head.get_by_role("button", name="Đồng ý với đề xuất").click()
    head.get_by_text("Ai đã xử lý hồ sơ").wait_for()

    assert Nomination.objects.get(pk=nomination.pk).status == "recommended"
    assert Nomination.objects.get(pk=nomination.pk).nominees.get(pk=dropped.pk).result == "excluded"
    assert head.locator("#tasks-title").is_visible()
    assert [p.csp_errors for p in (clerk, head, officer)] == [[], [], []]
