"""A unit prepares and submits a file, a reviewer acts on it: through the pages, refusals shown."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile

from demo.files import DEMO_PDF
from nominations.models import Nomination
from tests.conftest import ACCEPT, SUBMIT, individual
from workflows.models import AuditEntry


def page(response) -> str:
    return response.content.decode()


def pdf(name: str = "to-trinh.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, DEMO_PDF, content_type="application/pdf")


def test_a_unit_creates_a_file_through_the_form(web, ward):
    # when
    response = web("unit1").post(
        "/ho-so/tao-moi/",
        {
            "round": ward.rounds["current"].pk,
            "award_kind": "giay_khen",
            "title": "Đề nghị khen thưởng năm học 2025–2026",
            "summary": "Thành tích xuất sắc",
        },
    )

    # then
    nomination = Nomination.objects.get(title="Đề nghị khen thưởng năm học 2025–2026")
    assert response.status_code == 302
    assert response["Location"] == f"/ho-so/{nomination.pk}/soan/"
    assert nomination.status == "draft"
    assert nomination.unit == ward.units["Hội Liên hiệp Phụ nữ phường"]


def test_only_a_submitter_may_open_the_create_form(web, ward):
    response = web("reviewer").post(
        "/ho-so/tao-moi/", {"round": ward.rounds["current"].pk, "award_kind": "giay_khen", "title": "X"}
    )

    assert response.status_code == 302
    assert not Nomination.objects.exists()


def test_adding_a_nominee_keeps_the_others_and_bumps_the_version(web, make_nomination):
    # given
    nomination = make_nomination()
    before = nomination.version

    # when
    response = web("unit1").post(
        f"/ho-so/{nomination.pk}/doi-tuong/",
        {
            "kind": "individual",
            "name": "Trần Thị Bích Ngọc",
            "honorific": "Bà",
            "gender": "female",
            "birth_year": "1990",
            "citizen_id": "089190000123",
            "version": nomination.version,
        },
    )

    # then
    assert response.status_code == 302
    nomination = Nomination.objects.get(pk=nomination.pk)
    assert nomination.version == before + 1
    assert [n.name for n in nomination.nominees.all()] == ["Nguyễn Thị Ánh Tuyết", "Trần Thị Bích Ngọc"]
    assert nomination.nominees.get(name="Trần Thị Bích Ngọc").citizen_id == "089190000123"


def test_a_refused_nominee_field_is_shown_next_to_that_field(web, make_nomination):
    # given
    nomination = make_nomination()
    before = nomination.version

    # when the citizen ID has five digits
    response = web("unit1").post(
        f"/ho-so/{nomination.pk}/doi-tuong/",
        {"kind": "individual", "name": "Trần Thị Bích Ngọc", "citizen_id": "12345", "version": nomination.version},
    )

    # then
    html = page(response)
    assert response.status_code == 400
    error_at = html.index("số CCCD gồm đúng 12 chữ số.")
    assert html.rindex('id="nominee_citizen_id"', 0, error_at) > html.rindex('id="nominee_address"', 0, error_at)
    nomination = Nomination.objects.get(pk=nomination.pk)
    assert nomination.version == before
    assert nomination.nominees.count() == 1


def test_a_stale_page_cannot_overwrite_the_nominee_list(web, make_nomination):
    nomination = make_nomination()

    response = web("unit1").post(
        f"/ho-so/{nomination.pk}/doi-tuong/",
        {"kind": "individual", "name": "Trần Thị Bích Ngọc", "version": nomination.version - 1 or 99},
    )

    assert response.status_code == 400
    assert "Hồ sơ đã được người khác thay đổi" in page(response)
    assert Nomination.objects.get(pk=nomination.pk).nominees.count() == 1


def test_removing_a_nominee(web, make_nomination):
    # given
    nomination = make_nomination(nominees=[individual(), individual("Lê Văn Bình")])
    first = nomination.nominees.get(name="Nguyễn Thị Ánh Tuyết")

    # when
    response = web("unit1").post(f"/ho-so/{nomination.pk}/doi-tuong/{first.pk}/xoa/", {"version": nomination.version})

    # then
    assert response.status_code == 302
    assert [n.name for n in Nomination.objects.get(pk=nomination.pk).nominees.all()] == ["Lê Văn Bình"]


def test_uploading_a_document_by_form_and_by_script(web, make_nomination):
    # given a file without documents
    nomination = make_nomination(attachments=())
    client = web("unit1")

    # when: a plain form post, then the script's post
    plain = client.post(f"/ho-so/{nomination.pk}/tai-lieu/", {"kind": "proposal", "file": pdf()})
    scripted = client.post(
        f"/ho-so/{nomination.pk}/tai-lieu/",
        {"kind": "minutes", "file": pdf("bien-ban.pdf")},
        headers={"x-requested-with": "XMLHttpRequest"},
    )

    # then
    assert plain.status_code == 302
    assert scripted.status_code == 200
    assert scripted.json() == {"ok": True, "redirect": f"/ho-so/{nomination.pk}/soan/#attachments"}
    assert sorted(nomination.attachments.values_list("kind", flat=True)) == ["minutes", "proposal"]


def test_a_refused_upload_is_reported_and_nothing_stored(web, make_nomination):
    nomination = make_nomination(attachments=())
    client = web("unit1")
    fake = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")

    plain = client.post(f"/ho-so/{nomination.pk}/tai-lieu/", {"kind": "proposal", "file": fake})
    fake.seek(0)
    scripted = client.post(
        f"/ho-so/{nomination.pk}/tai-lieu/",
        {"kind": "proposal", "file": fake},
        headers={"x-requested-with": "XMLHttpRequest"},
    )

    assert plain.status_code == 400
    assert "Chỉ nhận tệp PDF, DOCX, XLSX, JPEG hoặc PNG" in page(plain)
    assert scripted.status_code == 400
    assert "Chỉ nhận tệp PDF" in scripted.json()["error"]
    assert not nomination.attachments.exists()


def test_submitting_without_the_required_documents_is_refused_on_the_page(web, make_nomination):
    # given
    nomination = make_nomination(attachments=("proposal",))

    # when
    response = web("unit1").post(
        f"/ho-so/{nomination.pk}/thao-tac/", {"transition": "submit", "version": nomination.version}
    )

    # then the guard's reason is shown in the actions panel, and nothing changed
    html = page(response)
    assert response.status_code == 400
    assert 'id="refusal"' in html
    assert "Không thực hiện được:" in html
    assert "Biên bản họp bình xét" in html
    after = Nomination.objects.get(pk=nomination.pk)
    assert (after.status, after.version) == ("draft", nomination.version)


def test_submitting_a_complete_file(web, make_nomination):
    nomination = make_nomination()

    response = web("unit1").post(
        f"/ho-so/{nomination.pk}/thao-tac/", {"transition": "submit", "version": nomination.version}, follow=True
    )

    assert response.redirect_chain[-1][0] == f"/ho-so/{nomination.pk}/"
    assert "Đã thực hiện: Gửi hồ sơ." in page(response)
    assert Nomination.objects.get(pk=nomination.pk).status == "submitted"


def test_returning_without_a_comment_is_refused_with_the_reason(web, make_nomination):
    nomination = make_nomination(steps=(SUBMIT, ACCEPT))

    response = web("reviewer").post(
        f"/ho-so/{nomination.pk}/thao-tac/",
        {"transition": "return_for_revision", "version": nomination.version, "comment": "  "},
    )

    assert response.status_code == 400
    assert 'id="refusal"' in page(response)
    assert Nomination.objects.get(pk=nomination.pk).status == "under_review"


def test_a_stale_version_is_refused_with_409(web, make_nomination):
    nomination = make_nomination(steps=(SUBMIT,))

    response = web("reviewer").post(
        f"/ho-so/{nomination.pk}/thao-tac/", {"transition": "accept", "version": nomination.version - 1}
    )

    assert response.status_code == 409
    assert "Hồ sơ đã được người khác thay đổi" in page(response)
    assert Nomination.objects.get(pk=nomination.pk).status == "submitted"


def test_the_submitter_may_not_appraise_and_is_told_why(web, make_nomination):
    nomination = make_nomination(steps=(SUBMIT,))

    response = web("unit1").post(
        f"/ho-so/{nomination.pk}/thao-tac/", {"transition": "accept", "version": nomination.version}
    )

    assert response.status_code == 403
    assert "Chỉ cán bộ thẩm định của cơ quan mới được thực hiện thao tác này." in page(response)
    assert Nomination.objects.get(pk=nomination.pk).status == "submitted"


def test_refusals_follow_the_language_switch(web, make_nomination):
    nomination = make_nomination(steps=(SUBMIT,))
    client = web("unit1")
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    response = client.post(f"/ho-so/{nomination.pk}/thao-tac/", {"transition": "accept", "version": nomination.version})

    assert "Only the organisation&#x27;s reviewers may perform this action." in page(response)


def test_forms_refuse_a_post_without_the_csrf_token(web, make_nomination):
    # given a client that enforces CSRF, as a browser does
    nomination = make_nomination()
    client = web("unit1", enforce_csrf_checks=True)

    # when
    responses = [
        client.post(f"/ho-so/{nomination.pk}/thao-tac/", {"transition": "submit", "version": nomination.version}),
        client.post(
            f"/ho-so/{nomination.pk}/doi-tuong/", {"kind": "individual", "name": "X", "version": nomination.version}
        ),
        client.post(f"/ho-so/{nomination.pk}/tai-lieu/", {"kind": "evidence", "file": io.BytesIO(DEMO_PDF)}),
        client.post("/hang-doi/thao-tac/", {"transition": "accept", "items": [str(nomination.pk)]}),
    ]

    # then
    assert [r.status_code for r in responses] == [403, 403, 403, 403]
    after = Nomination.objects.get(pk=nomination.pk)
    assert (after.status, after.version, after.nominees.count(), after.attachments.count()) == (
        "draft",
        nomination.version,
        1,
        3,
    )


def test_the_edit_page_is_only_for_the_unit_while_editable(web, make_nomination):
    nomination = make_nomination(steps=(SUBMIT,))

    assert web("unit1").get(f"/ho-so/{nomination.pk}/soan/").status_code == 302
    assert web("reviewer").get(f"/ho-so/{nomination.pk}/soan/").status_code == 302
    assert (
        web("unit1").get(f"/ho-so/{make_nomination(nominees=[individual('Lê Văn Bình')]).pk}/soan/").status_code == 200
    )


def test_the_reviewer_acts_on_several_files_and_sees_each_result(web, make_nomination):
    # given two submitted files, one of which changed since the queue was shown
    first = make_nomination(steps=(SUBMIT,))
    second = make_nomination(nominees=[individual("Lê Văn Bình")], steps=(SUBMIT,))

    # when
    response = web("reviewer").post(
        "/hang-doi/thao-tac/",
        {
            "transition": "accept",
            "items": [str(first.pk), str(second.pk)],
            f"version_{first.pk}": first.version,
            f"version_{second.pk}": second.version + 5,
        },
    )

    # then
    html = page(response)
    assert response.status_code == 200
    assert f"<strong>{first.reference}</strong>:\n        đã thực hiện" in html
    assert (
        f"<strong>{second.reference}</strong>:\n        không thực hiện được — Hồ sơ đã được người khác thay đổi"
        in html
    )
    assert Nomination.objects.get(pk=first.pk).status == "under_review"
    assert Nomination.objects.get(pk=second.pk).status == "submitted"


def test_the_queue_filters_by_unit_and_due(web, ward, make_nomination):
    nomination = make_nomination(steps=(SUBMIT,))
    client = web("reviewer")

    everything = page(client.get("/hang-doi/"))
    other_unit = page(client.get("/hang-doi/", {"unit": ward.units["Khóm Đông Thạnh"].pk}))
    overdue = page(client.get("/hang-doi/", {"due": "overdue"}))

    assert nomination.reference in everything
    assert nomination.reference not in other_unit
    assert nomination.reference not in overdue
    assert AuditEntry.objects.filter(nomination=nomination).count() == 5  # reading changed nothing


def test_the_unit_records_its_proposal_number_and_date_on_the_edit_page(web, make_nomination):
    nomination = make_nomination()
    client = web("unit1")
    assert 'name="proposal_number"' in page(client.get(f"/ho-so/{nomination.pk}/soan/"))

    saved = client.post(
        f"/ho-so/{nomination.pk}/soan/",
        {
            "title": nomination.title,
            "summary": "",
            "proposal_number": " 12/TTr-HLHPN ",
            "proposal_date": "2026-11-02",
            "version": nomination.version,
        },
    )

    assert saved.status_code == 302
    nomination = Nomination.objects.get(pk=nomination.pk)
    assert (nomination.proposal_number, nomination.proposal_date.isoformat()) == ("12/TTr-HLHPN", "2026-11-02")
    html = page(client.get(f"/ho-so/{nomination.pk}/soan/"))
    assert 'value="12/TTr-HLHPN"' in html
    assert 'value="2026-11-02"' in html


def test_a_proposal_date_that_is_not_a_date_is_refused_beside_its_field_and_nothing_changes(web, make_nomination):
    nomination = make_nomination()
    before = (nomination.version, nomination.proposal_number, nomination.proposal_date)

    refused = web("unit1").post(
        f"/ho-so/{nomination.pk}/soan/",
        {
            "title": nomination.title,
            "proposal_number": "12/TTr",
            "proposal_date": "ngày mai",
            "version": nomination.version,
        },
    )

    assert refused.status_code == 400
    assert 'id="file_proposal_date_error"' in page(refused)
    nomination = Nomination.objects.get(pk=nomination.pk)
    assert (nomination.version, nomination.proposal_number, nomination.proposal_date) == before


def test_a_form_sent_from_an_expired_page_shows_back_what_was_typed_and_changes_nothing(web, make_nomination):
    nomination = make_nomination()
    typed = {
        "title": "Đề nghị khen thưởng – bản sửa dài",
        "summary": "Ba năm liền dẫn đầu phong trào\nhọc tập suốt đời",
        "new_password1": "khong-duoc-hien",
        "version": nomination.version,
    }

    # signed in, but the page's token is gone (a stale tab), and signed out by the idle timeout
    for client in (web("unit1", enforce_csrf_checks=True), web(None, enforce_csrf_checks=True)):
        refused = client.post(
            f"/ho-so/{nomination.pk}/soan/", typed, HTTP_REFERER=f"http://testserver/ho-so/{nomination.pk}/soan/"
        )

        assert refused.status_code == 403
        html = page(refused)
        assert "Trang đã hết hạn" in html
        assert "Đề nghị khen thưởng – bản sửa dài" in html
        assert "Ba năm liền dẫn đầu phong trào\nhọc tập suốt đời" in html
        assert "khong-duoc-hien" not in html
        assert f'href="http://testserver/ho-so/{nomination.pk}/soan/"' in html
    assert "Đăng nhập lại" in html  # the signed-out one is offered the sign-in page
    after = Nomination.objects.get(pk=nomination.pk)
    assert (after.title, after.version) == (nomination.title, nomination.version)
