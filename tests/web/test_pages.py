"""The web pages through Django's test client: sign-in, pages per role, visibility, i18n."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.conftest import ACCEPT, PASSWORD, RECOMMEND, SUBMIT, individual

ROLES = ["admin", "reviewer", "secretary", "chair", "member1", "signer", "broadcaster", "supervisor", "unit1", "unit2"]


def page(response) -> str:
    return response.content.decode()


def test_an_anonymous_visitor_is_sent_to_the_sign_in_page(web):
    # when
    response = web(None).get("/")

    # then
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/"


def test_the_sign_in_page_has_the_contract_fields_in_vietnamese(web):
    response = web(None).get("/accounts/login/")

    html = page(response)
    assert response.status_code == 200
    assert 'name="username"' in html
    assert 'name="password"' in html
    assert "Đăng nhập" in html
    assert "Tên đăng nhập" in html


def test_signing_in_lands_on_the_dashboard_in_the_users_language(ward):
    # given
    client = Client()

    # when
    response = client.post("/accounts/login/", {"username": "reviewer", "password": PASSWORD}, follow=True)

    # then
    assert response.redirect_chain[-1][0] == "/"
    assert "Đang chờ bạn xử lý" in page(response)
    assert client.cookies["django_language"].value == "vi"


def test_a_wrong_password_is_refused_with_a_message(ward):
    response = Client().post("/accounts/login/", {"username": "reviewer", "password": "sai-mat-khau"})

    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in page(response)
    assert "_auth_user_id" not in Client().session


def test_signing_out_needs_a_post_and_ends_the_session(web):
    client = web("unit1")

    response = client.post("/accounts/logout/")

    assert response.status_code == 302
    assert client.get("/").status_code == 302


@pytest.mark.parametrize("username", ROLES)
def test_every_page_renders_for_every_role(web, make_nomination, username):
    # given a submitted file every body role may see, and one the reviewer has recommended
    submitted = make_nomination(steps=(SUBMIT,))
    make_nomination(nominees=[individual("Lê Văn Bình")], steps=(SUBMIT, ACCEPT, RECOMMEND))
    client = web(username)

    # when / then
    for url in [
        "/",
        "/ho-so/",
        "/hang-doi/",
        "/ho-so/?status=submitted&award_kind=giay_khen",
        "/hang-doi/?due=overdue",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Đăng xuất" in page(response)
    detail = client.get(f"/ho-so/{submitted.pk}/")
    # another unit, the broadcaster and an administrator without an access grant do not see the file
    assert detail.status_code == (404 if username in ("unit2", "broadcaster", "admin") else 200)


def test_the_dashboard_lists_what_waits_for_the_reviewer_with_its_due_date(web, make_nomination):
    # given
    nomination = make_nomination(steps=(SUBMIT,))

    # when
    html = page(web("reviewer").get("/"))

    # then
    assert nomination.reference in html
    assert nomination.due_on.strftime("%d/%m/%Y") in html


def test_the_dashboard_puts_overdue_files_first(web, make_nomination):
    # given one file past its deadline and one not yet due
    from nominations.models import Nomination

    late = make_nomination(steps=(SUBMIT,))
    fresh = make_nomination(nominees=[individual("Lê Văn Bình")], steps=(SUBMIT,))
    overdue = late.due_on.replace(year=late.due_on.year - 1)
    Nomination.objects.filter(pk=late.pk).update(due_on=overdue, deadline=overdue)

    # when
    html = page(web("reviewer").get("/"))

    # then
    assert html.index(late.reference) < html.index(fresh.reference)
    assert "Quá hạn" in html
    assert "đã quá hạn" in html


def test_a_submitter_cannot_see_another_units_file(web, make_nomination):
    # given a draft and a submitted file of unit1
    draft = make_nomination(nominees=[individual("Lê Văn Bình")])
    submitted = make_nomination(steps=(SUBMIT,))
    client = web("unit2")

    # then unit2 gets 404 everywhere, never a hint that the file exists
    for nomination in (draft, submitted):
        assert client.get(f"/ho-so/{nomination.pk}/").status_code == 404
        assert client.get(f"/ho-so/{nomination.pk}/soan/").status_code == 404
        response = client.post(
            f"/ho-so/{nomination.pk}/thao-tac/", {"transition": "withdraw", "version": nomination.version}
        )
        assert response.status_code == 404
        assert nomination.reference not in page(client.get("/ho-so/"))


def test_drafts_stay_inside_the_unit(web, make_nomination):
    draft = make_nomination()

    assert web("reviewer").get(f"/ho-so/{draft.pk}/").status_code == 404
    assert web("unit1").get(f"/ho-so/{draft.pk}/").status_code == 200


def test_the_detail_shows_nominees_attachments_and_the_timeline(web, make_nomination):
    # given
    nomination = make_nomination(steps=(SUBMIT, ACCEPT))

    # when
    html = page(web("reviewer").get(f"/ho-so/{nomination.pk}/"))

    # then
    assert "Nguyễn Thị Ánh Tuyết" in html
    assert "proposal.pdf" in html
    assert "Biên bản họp bình xét" in html
    for step in ("Tạo hồ sơ", "Đính kèm tài liệu", "Gửi hồ sơ", "Tiếp nhận hồ sơ"):
        assert step in html
    assert "Ngô Thị Hồng" in html  # who submitted, on the timeline
    assert f'name="version" value="{nomination.version}"' in html
    assert 'value="recommend"' in html
    assert 'value="recognize"' not in html  # commendation track


def test_the_supervisor_reads_but_gets_no_buttons(web, make_nomination):
    nomination = make_nomination(steps=(SUBMIT,))

    html = page(web("supervisor").get(f"/ho-so/{nomination.pk}/"))

    assert nomination.title in html
    assert 'name="transition"' not in html
    assert "Hiện bạn không có thao tác nào với hồ sơ này." in html


def test_the_list_filters_by_status_round_award_kind_and_unit(web, ward, make_nomination):
    # given
    draft = make_nomination(nominees=[individual("Lê Văn Bình")])
    submitted = make_nomination(steps=(SUBMIT,))
    client = web("unit1")

    # when
    by_status = page(client.get("/ho-so/", {"status": "submitted"}))
    by_award = page(client.get("/ho-so/", {"award_kind": "cong_dan_hoc_tap"}))
    by_unit_and_round = page(
        client.get(
            "/ho-so/", {"unit": ward.units["Hội Liên hiệp Phụ nữ phường"].pk, "round": ward.rounds["current"].pk}
        )
    )

    # then
    assert submitted.reference in by_status
    assert draft.reference not in by_status
    assert submitted.reference not in by_award
    assert "Không có hồ sơ nào phù hợp với bộ lọc." in by_award
    assert submitted.reference in by_unit_and_round
    assert draft.reference in by_unit_and_round


def test_english_is_one_switch_away(web):
    # given
    client = web("unit1")

    # when
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)

    # then
    html = page(response)
    assert "Sign out" in html
    assert "Waiting for you" in html
    assert "Đăng xuất" not in html


def test_pages_carry_no_inline_script_or_style(web, make_nomination):
    nomination = make_nomination(steps=(SUBMIT,))

    for url in ["/", "/ho-so/", f"/ho-so/{nomination.pk}/", "/hang-doi/"]:
        html = page(web("unit1").get(url))
        assert "<script>" not in html
        assert "style=" not in html
        assert "<style" not in html
