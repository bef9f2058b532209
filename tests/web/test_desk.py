"""Each role's home lists what waits for that person and links to where it is done."""

from __future__ import annotations

import datetime

import pytest

from council import services as council
from nominations.models import Nomination
from notifications.models import Notification
from notifications.tasks import deliver_event
from tests.conftest import ACCEPT, RECOMMEND, SUBMIT
from workflows.models import OutboxEvent


def page(response) -> str:
    return response.content.decode()


def deliver_all() -> None:
    for pk in OutboxEvent.objects.order_by("pk").values_list("pk", flat=True):
        deliver_event.apply(args=[pk])


@pytest.fixture
def session(ward, make_nomination):
    nomination = make_nomination(steps=(SUBMIT, ACCEPT, RECOMMEND))
    convened = council.council_session_create(
        actor=ward.users["secretary"],
        title="Phiên họp xét khen thưởng quý IV",
        held_on=datetime.date(2026, 11, 20),
        nomination_ids=[nomination.pk],
    )
    return convened, Nomination.objects.get(pk=nomination.pk)


def test_a_council_member_sees_the_open_session_to_vote_in_and_the_invitation_links_to_it(web, session):
    convened, nomination = session
    deliver_all()

    html = page(web("member2").get("/"))
    assert "Phiên họp Hội đồng chờ bạn biểu quyết" in html
    assert f'href="/hoi-dong/{convened.pk}/"' in html
    assert "Rất tốt" not in html

    invitation = page(web("member2").get("/thong-bao/"))
    assert "mời thành viên dự họp" in invitation
    assert 'href="/hoi-dong/"' in invitation

    # once the member has voted on every nominee, the session no longer waits for him
    nominee = nomination.nominees.get()
    web("member2").post(f"/hoi-dong/{convened.pk}/bieu-quyet/", {"nominee": nominee.pk, "choice": "agree"})
    assert f'href="/hoi-dong/{convened.pk}/"' not in page(web("member2").get("/"))


def test_the_secretarys_waiting_file_in_council_links_to_its_session(web, session):
    convened, nomination = session

    html = page(web("secretary").get("/"))

    assert nomination.reference in html
    assert f'<a href="/hoi-dong/{convened.pk}/">Mở phiên họp Hội đồng</a>' in html


def test_the_signer_is_told_of_a_draft_and_his_home_shows_it_waiting(web, ward, session):
    convened, nomination = session
    nominee = nomination.nominees.get()
    for member in ("chair", "member2", "member3", "member4"):
        council.council_vote_cast(
            session_id=convened.pk, actor=ward.users[member], nominee_id=nominee.pk, choice="agree"
        )
    council.council_session_close(session_id=convened.pk, actor=ward.users["chair"])
    before = page(web("signer").get("/"))
    assert "Quyết định chờ bạn ký" not in before

    drafted = web("secretary").post("/quyet-dinh/", {"nominations": [nomination.pk], "summary": ""})
    decision_url = drafted["Location"]
    deliver_all()

    html = page(web("signer").get("/"))
    assert "Quyết định chờ bạn ký" in html
    assert f'href="{decision_url}"' in html
    assert "Rất tốt" not in html
    notice = Notification.objects.get(recipient=ward.users["signer"], event="decision.drafted")
    assert "đang chờ đồng chí xem và ký" in notice.message
    assert 'href="/quyet-dinh/"' in page(web("signer").get("/thong-bao/"))

    # the secretary's approved file links to the draft decision, not to the file page
    assert f'<a href="{decision_url}">Mở dự thảo quyết định</a>' in page(web("secretary").get("/"))


def test_a_returned_file_opens_on_the_reviewers_reason(web, make_nomination):
    nomination = make_nomination(
        steps=(SUBMIT, ACCEPT, ("reviewer", "return_for_revision", "Thiếu biên bản họp bình xét của chi hội."))
    )

    html = page(web("unit1").get(f"/ho-so/{nomination.pk}/"))

    reason = html.index('id="return-reason"')
    assert html.index("Thiếu biên bản họp bình xét của chi hội.") > reason
    assert reason < html.index('id="nominees-title"')
    assert "Trả lại để bổ sung bởi" in html
    edit = page(web("unit1").get(f"/ho-so/{nomination.pk}/soan/"))
    assert 'id="return-reason"' in edit


def test_council_results_show_as_results_only_once_they_are(web, ward, session):
    convened, nomination = session
    url = f"/hoi-dong/{convened.pk}/"
    before = page(web("chair").get(url))
    assert "Chưa bỏ phiếu" in before
    assert "Không được thông qua" not in before

    nominee = nomination.nominees.get()
    web("chair").post(f"{url}bieu-quyet/", {"nominee": nominee.pk, "choice": "agree"})
    assert "Chưa có kết quả: chưa đủ tỷ lệ có mặt" in page(web("chair").get(url))

    for member in ("member2", "member3", "member4"):
        web(member).post(f"{url}bieu-quyet/", {"nominee": nominee.pk, "choice": "agree"})
    assert "Nếu kết thúc lúc này: Được khen thưởng / công nhận" in page(web("chair").get(url))
    assert "Đang biểu quyết" in page(web("member2").get(url))
