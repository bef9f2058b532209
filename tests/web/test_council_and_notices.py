"""Council pages (convene, vote, recusal, close) and the notification centre with its badge."""

from __future__ import annotations

import pytest

from nominations.models import Nomination
from notifications import models as notification_models
from tests.conftest import ACCEPT, RECOMMEND, SUBMIT


def page(response) -> str:
    return response.content.decode()


@pytest.fixture
def convened(web, make_nomination):
    """A recommended file of unit1 put on a session by the secretary through the page."""
    nomination = make_nomination(steps=(SUBMIT, ACCEPT, RECOMMEND))
    response = web("secretary").post(
        "/hoi-dong/",
        {"title": "Phiên họp xét khen thưởng quý IV", "held_on": "2026-11-20", "nominations": [nomination.pk]},
    )
    assert response.status_code == 302
    session_id = int(response["Location"].rstrip("/").rsplit("/", 1)[-1])
    return session_id, Nomination.objects.get(pk=nomination.pk)


def test_the_secretary_convenes_a_session_from_recommended_files(web, convened):
    session_id, nomination = convened

    html = page(web("secretary").get(f"/hoi-dong/{session_id}/"))

    assert nomination.status == "in_council"
    assert "Phiên họp xét khen thưởng quý IV" in html
    assert "Nguyễn Thị Ánh Tuyết" in html


def test_convening_without_files_is_refused_on_the_page(web, make_nomination):
    make_nomination(steps=(SUBMIT, ACCEPT, RECOMMEND))

    response = web("secretary").post("/hoi-dong/", {"title": "Phiên họp", "held_on": "2026-11-20"})

    assert response.status_code == 400
    assert "Phiên họp cần ít nhất một hồ sơ." in page(response)
    assert Nomination.objects.get().status == "recommended"


def test_a_member_of_the_nominating_unit_sees_why_he_does_not_vote(web, convened):
    session_id, _nomination = convened

    html = page(web("member1").get(f"/hoi-dong/{session_id}/"))

    assert "Bạn không biểu quyết đối với trường hợp này." in html
    assert "Phạm Thị Mai không biểu quyết: thuộc đơn vị đề nghị" in html
    assert 'name="choice"' not in html


def test_closing_without_quorum_is_refused_and_with_it_sets_the_results(web, convened):
    session_id, nomination = convened
    nominee = nomination.nominees.get()

    # when the chair closes with one vote only
    web("chair").post(f"/hoi-dong/{session_id}/bieu-quyet/", {"nominee": nominee.pk, "choice": "agree"})
    early = web("chair").post(f"/hoi-dong/{session_id}/ket-thuc/")

    # then it is refused and nothing moved
    assert early.status_code == 400
    assert 'id="refusal"' in page(early)
    assert Nomination.objects.get(pk=nomination.pk).status == "in_council"

    # when three more members agree and the chair closes
    for member in ("member2", "member3", "member4"):
        assert (
            web(member)
            .post(f"/hoi-dong/{session_id}/bieu-quyet/", {"nominee": nominee.pk, "choice": "agree"})
            .status_code
            == 302
        )
    closed = web("chair").post(f"/hoi-dong/{session_id}/ket-thuc/")

    # then
    assert closed.status_code == 302
    assert Nomination.objects.get(pk=nomination.pk).status == "approved"
    html = page(web("secretary").get(f"/hoi-dong/{session_id}/"))
    assert "Đã kết thúc" in html
    assert "Được khen thưởng / công nhận" in html


def test_a_recused_vote_posted_anyway_is_refused_with_the_reason(web, convened):
    session_id, nomination = convened

    response = web("member1").post(
        f"/hoi-dong/{session_id}/bieu-quyet/", {"nominee": nomination.nominees.get().pk, "choice": "agree"}
    )

    assert response.status_code == 403
    assert "Thành viên thuộc đơn vị đề nghị nên không biểu quyết" in page(response)


def test_a_unit_cannot_open_a_council_session(web, convened):
    session_id, _nomination = convened

    assert web("unit1").get(f"/hoi-dong/{session_id}/").status_code == 404


def test_the_notification_centre_shows_the_unread_badge_and_marks_read(web, ward, make_nomination):
    # given two notices for the reviewer
    nomination = make_nomination(steps=(SUBMIT,))
    notification = notification_models.Notification
    first = notification.objects.create(
        recipient=ward.users["reviewer"], event="nomination.submit", nomination=nomination, message="Hồ sơ mới được gửi"
    )
    notification.objects.create(recipient=ward.users["reviewer"], event="deadline", message="Sắp đến hạn thẩm định")
    client = web("reviewer")

    # then the menu shows the badge, the centre the notices
    assert '<span class="badge" aria-label="2 chưa đọc">2</span>' in page(client.get("/"))
    assert "Hồ sơ mới được gửi" in page(client.get("/thong-bao/"))

    # when one is opened
    response = client.post(f"/thong-bao/{first.pk}/da-doc/", {"open": "1"})

    # then
    assert response["Location"] == f"/ho-so/{nomination.pk}/"
    assert '<span class="badge" aria-label="1 chưa đọc">1</span>' in page(client.get("/"))

    # when all are marked read
    client.post("/thong-bao/da-doc-tat-ca/")
    assert 'class="badge"' not in page(client.get("/"))
    assert "Không có thông báo chưa đọc." in page(client.get("/thong-bao/?unread=1"))


def test_nobody_reads_another_persons_notice(web, ward):
    notice = notification_models.Notification.objects.create(
        recipient=ward.users["reviewer"], event="x", message="Riêng tư"
    )

    response = web("unit1").post(f"/thong-bao/{notice.pk}/da-doc/")

    assert response.status_code == 404
    assert notification_models.Notification.objects.get(pk=notice.pk).read_at is None
    assert "Riêng tư" not in page(web("unit1").get("/thong-bao/"))


def test_a_notice_about_a_session_or_a_decision_opens_that_session_or_decision(
    web, ward, make_nomination, django_capture_on_commit_callbacks
):
    from config.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True  # deliveries run here, as in the demo
    try:
        _a_notice_opens_its_session(web, ward, make_nomination, django_capture_on_commit_callbacks)
    finally:
        app.conf.task_always_eager = previous


def _a_notice_opens_its_session(web, ward, make_nomination, django_capture_on_commit_callbacks):
    nomination = make_nomination(steps=(SUBMIT, ACCEPT, RECOMMEND))
    with django_capture_on_commit_callbacks(execute=True):
        convened = web("secretary").post(
            "/hoi-dong/", {"title": "Phiên họp tháng 11", "held_on": "2026-11-20", "nominations": [nomination.pk]}
        )
    session_id = int(convened["Location"].rstrip("/").rsplit("/", 1)[-1])
    notice = notification_models.Notification.objects.filter(
        recipient=ward.users["member2"], event__startswith="council."
    ).first()
    assert notice is not None

    html = page(web("member2").get("/thong-bao/"))

    assert f'href="/hoi-dong/{session_id}/">Mở phiên họp</a>' in html
    # a notice whose event names no session still opens the list of sessions
    notification_models.Notification.objects.filter(pk=notice.pk).update(read_at=None)
    orphan = notification_models.Notification.objects.create(
        recipient=ward.users["member2"], event="council.reminder", message="Nhắc họp"
    )
    html = page(web("member2").get("/thong-bao/"))
    assert 'href="/hoi-dong/">Mở các phiên họp Hội đồng</a>' in html
    assert orphan.deliveries.count() == 0
