"""The desk through the pages: per-nominee decisions, review in steps, the task history and absences."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from core import clock
from nominations.models import Absence, Membership, Nomination, Nominee, ReviewAssignment, Role, User
from tests.awards.award_steps import person
from tests.conftest import ACCEPT, PASSWORD, SUBMIT


def _login(username):
    client = Client()
    client.force_login(User.objects.get(username=username), backend="django.contrib.auth.backends.ModelBackend")
    return client


def _page(client, nomination):
    response = client.get(f"/ho-so/{nomination.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_reviewer_excludes_and_restores_a_nominee_from_the_file_page(ward, make_nomination):
    nomination = make_nomination(steps=(SUBMIT, ACCEPT), nominees=[person(), person()])
    nominee = nomination.nominees.order_by("id").last()
    reviewer = _login("reviewer")
    assert f'id="reason-{nominee.pk}"' in _page(reviewer, nomination)
    assert f'id="reason-{nominee.pk}"' not in _page(_login("unit1"), nomination)

    url = f"/ho-so/{nomination.pk}/doi-tuong/{nominee.pk}/quyet-dinh/"
    refused = reviewer.post(url, {"action": "exclude", "reason": "", "version": 3}, follow=True)
    assert Nominee.objects.get(pk=nominee.pk).result == "pending"
    assert "lý do" in refused.content.decode()
    reviewer.post(url, {"action": "exclude", "reason": "Chưa đủ thời gian công tác", "version": 3})
    assert Nominee.objects.get(pk=nominee.pk).result == "excluded"
    assert "Chưa đủ thời gian công tác" in _page(_login("unit1"), nomination)
    reviewer.post(url, {"action": "restore", "reason": "Đã bổ sung", "version": 4})
    assert Nominee.objects.get(pk=nominee.pk).result == "pending"


@pytest.fixture
def body(ward):
    org = ward.organization
    org.review_in_steps = True
    org.save(update_fields=["review_in_steps"])
    for username, name, role in [
        ("clerk", "Lê Văn Tiếp", Role.REVIEW_CLERK),
        ("head", "Hồ Văn Trưởng", Role.REVIEW_HEAD),
    ]:
        user = User.objects.create_user(username, password=PASSWORD, full_name=name)
        Membership.objects.create(user=user, organization=org, role=role)
    return org


def test_a_file_goes_through_every_review_step_on_the_pages(ward, body, make_nomination):
    nomination = make_nomination(steps=(SUBMIT,), nominees=[person()])
    clerk, head, officer = _login("clerk"), _login("head"), _login("reviewer")
    version = Nomination.objects.get(pk=nomination.pk).version
    clerk.post(f"/ho-so/{nomination.pk}/thao-tac/", {"transition": "accept", "version": version, "comment": ""})
    assert 'name="officer"' in _page(head, nomination)

    head.post(f"/ho-so/{nomination.pk}/phan-cong/", {"officer": "reviewer"})
    assert ReviewAssignment.objects.get().officer.username == "reviewer"
    assert 'name="proposal"' in _page(officer, nomination)
    officer.post(f"/ho-so/{nomination.pk}/de-xuat/", {"proposal": "recommend", "opinion": "Đủ tiêu chuẩn"})
    page = _page(head, nomination)
    assert 'value="accept"' in page
    assert "Đủ tiêu chuẩn" in page
    head.post(f"/ho-so/{nomination.pk}/duyet/", {"decision": "accept", "note": ""})

    assert Nomination.objects.get(pk=nomination.pk).status == "recommended"
    history = _page(head, nomination)
    assert "Ai đã xử lý hồ sơ" in history
    assert "Trần Văn Học" in history  # the officer, in the table of who held the file
    assert "Lê Văn Tiếp" in history


def test_a_person_records_and_cancels_an_absence_from_the_menu(ward, make_nomination):
    reviewer = _login("reviewer")
    home = reviewer.get("/").content.decode()
    assert "/vang-mat/" in home
    assert "Ghi nhận thời gian vắng mặt" in reviewer.get("/vang-mat/").content.decode()
    today = clock.today()

    refused = reviewer.post("/vang-mat/", {"starts_on": today.isoformat(), "ends_on": "", "substitute": "secretary"})
    assert refused.status_code == 400
    assert not Absence.objects.exists()
    reviewer.post(
        "/vang-mat/",
        {
            "starts_on": today.isoformat(),
            "ends_on": (today + datetime.timedelta(days=3)).isoformat(),
            "substitute": "secretary",
        },
    )
    absence = Absence.objects.get()
    assert absence.substitute.username == "secretary"
    assert "Trần Văn Học" in _login("secretary").get("/vang-mat/").content.decode()
    reviewer.post(f"/vang-mat/{absence.pk}/huy/")
    assert Absence.objects.get().cancelled_at is not None


def test_the_queue_keeps_the_filters_a_person_chose_and_counts_per_state(ward, make_nomination):
    make_nomination(steps=(SUBMIT,), nominees=[person()])
    make_nomination(steps=(SUBMIT, ACCEPT), nominees=[person()])
    other_unit = make_nomination(submitter="unit2", steps=(("unit2", "submit", ""),), nominees=[person()])
    reviewer = _login("reviewer")
    unit2 = ward.users["unit2"].memberships.get().unit

    filtered = reviewer.get(f"/hang-doi/?unit={unit2.pk}").content.decode()
    reopened = _login("reviewer").get("/hang-doi/").content.decode()
    cleared = reviewer.get("/hang-doi/?reset=1").content.decode()

    assert other_unit.reference in filtered
    assert filtered.count("HS-") == reopened.count("HS-")  # the same rows after signing in again
    assert f'<option value="{unit2.pk}" selected>' in reopened
    assert "Tổng quan" in cleared
    assert "Đã gửi, chờ tiếp nhận: <strong>2</strong>" in cleared
    assert "Đang thẩm định: <strong>1</strong>" in cleared
    assert f'<option value="{unit2.pk}" selected>' not in _login("reviewer").get("/hang-doi/").content.decode()
