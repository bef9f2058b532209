"""Hostile input: files that lie, archives that explode, formulas in exports, path tricks, markup everywhere,
and random input (hypothesis) against the XLSX import and the transition API."""

from __future__ import annotations

import html
import io
import zipfile
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from rest_framework.test import APIClient

from awards.documents import decision_docx, decision_pdf
from awards.selectors import certificate_by_code
from demo.catalogues import seed_award_tables
from demo.files import DEMO_PDF
from nominations.models import Attachment, Certificate, Nomination
from tests.awards.award_steps import approved_files, issued_decision, pdf_text
from tests.conftest import SUBMIT, individual
from tests.reliability import figures
from tests.workflows.lifecycle import footprint
from tests.workflows.test_imports import HEADER

SCRIPT = '<script>alert("x")</script><img src=x onerror=alert(1)>'
FORMULAS = ['=HYPERLINK("http://evil","bấm")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1,2)"]


def office_zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def docx_bomb() -> bytes:
    return office_zip(
        {
            "[Content_Types].xml": b"<Types/>",
            "word/document.xml": b"<w:document/>" + b" " * (60 * 1024 * 1024),
        }
    )


def xlsx_bomb() -> bytes:
    return office_zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"\0" * (60 * 1024 * 1024)})


def xlsx(rows: list[list[Any]]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Danh sách")
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def attach(client: APIClient, nomination: Nomination, data: bytes, name: str) -> Any:
    figures.count("hostile_files")
    return client.post(
        f"/api/v1/nominations/{nomination.pk}/attachments/",
        {"kind": "evidence", "file": SimpleUploadedFile(name, data, content_type="application/pdf")},
        format="multipart",
    )


def import_nominees(client: APIClient, nomination: Nomination, data: bytes, name: str = "ds.xlsx") -> Any:
    return client.post(
        f"/api/v1/nominations/{nomination.pk}/nominees/import/",
        {"file": SimpleUploadedFile(name, data)},
        format="multipart",
    )


@pytest.fixture
def draft(make_nomination):
    return make_nomination(attachments=())


@pytest.mark.parametrize(
    ("data", "name", "code"),
    [
        (b"MZ\x90\x00\x03\x00\x00\x00" + b"\0" * 200, "bien-ban.pdf", "unsupported_file_type"),  # a Windows program
        (b"<html><script>alert(1)</script></html>", "to-trinh.pdf", "unsupported_file_type"),
        (b"#!/bin/sh\nrm -rf /\n", "anh.jpg", "unsupported_file_type"),
        (office_zip({"evil.exe": b"MZ"}), "bao-cao.docx", None),  # a ZIP that is no Office file
        (docx_bomb(), "bao-cao.docx", "suspicious_archive"),
        (xlsx_bomb(), "bang-tinh.xlsx", "suspicious_archive"),
    ],
)
def test_an_attachment_that_lies_about_its_type_or_explodes_is_refused_and_nothing_is_stored(
    api, draft, data, name, code
):
    before = footprint(draft.pk)

    response = attach(api("unit1"), draft, data, name)

    assert response.status_code == 400, response.content
    assert set(response.json()) >= {"detail", "code"}
    if code:
        assert response.json()["code"] == code
    assert not Attachment.objects.filter(nomination=draft).exists()
    assert footprint(draft.pk) == before


def test_an_oversized_attachment_is_refused_before_it_is_stored(api, draft, settings):
    settings.VINHDANH_ATTACHMENT_MAX_BYTES = 50_000

    response = attach(api("unit1"), draft, DEMO_PDF + b"%" * 60_000, "lon.pdf")

    assert response.status_code in (400, 413)
    assert response.json()["code"] == "file_too_large"
    assert not Attachment.objects.filter(nomination=draft).exists()


def test_an_xlsx_bomb_in_the_nominee_import_is_refused(api, make_nomination):
    nomination = make_nomination(nominees=[], attachments=())
    figures.count("hostile_files")

    response = import_nominees(api("unit1"), nomination, xlsx_bomb())

    assert (response.status_code, response.json()["code"]) == (400, "suspicious_archive")
    assert nomination.nominees.count() == 0


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\Windows\\system32\\bien-ban.pdf", "bien-ban.pdf"),
        ("/abs/path/.hidden.pdf", "hidden.pdf"),
        ("to\x00trinh\x1b.pdf", "totrinh.pdf"),
    ],
)
def test_a_path_in_the_file_name_never_reaches_the_disk_and_is_shown_without_folders(api, draft, settings, name, shown):
    response = attach(api("unit1"), draft, DEMO_PDF, name)

    assert response.status_code == 201, response.content
    attachment = Attachment.objects.get(nomination=draft)
    assert attachment.original_name == shown
    stored = attachment.file.name
    assert stored.startswith(f"attachments/{draft.pk}/")
    assert stored.endswith(".pdf")
    assert ".." not in stored
    assert "passwd" not in stored
    assert "\\" not in stored
    assert (settings.MEDIA_ROOT / stored).resolve().is_relative_to(settings.MEDIA_ROOT.resolve())
    download = api("unit1").get(f"/api/v1/nominations/{draft.pk}/attachments/{attachment.pk}/")
    assert "/" not in download["Content-Disposition"].split("filename", 1)[1]


@pytest.fixture
def _prize_tables(ward):
    seed_award_tables(ward)


@pytest.mark.usefixtures("_prize_tables")
def test_formulas_typed_by_users_are_neutralised_in_the_xlsx_report(ward, api, make_nomination):
    # given approved nominees whose names and addresses start like spreadsheet formulas
    nominees = [individual(formula, address=formula) for formula in FORMULAS]
    approved_files(ward, make_nomination, nominees=nominees)

    # when the reviewer exports the round report as XLSX
    response = api("reviewer").get(f"/api/v1/reports/rounds/{ward.rounds['current'].pk}/?format=xlsx")

    # then no cell of any sheet is a formula, and the typed text comes back after a leading quote
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    cells = [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]
    assert all(cell.data_type != "f" for cell in cells)
    texts = [cell.value for cell in cells if isinstance(cell.value, str)]
    assert not [t for t in texts if t.startswith(("=", "+", "-", "@"))]
    for formula in FORMULAS:
        assert "'" + formula in texts


@pytest.mark.usefixtures("_prize_tables")
def test_markup_in_every_text_field_is_shown_as_text_on_pages_and_in_documents(ward, api, client, make_nomination):
    # given a file whose every text field carries markup, approved, decided and issued
    nominee = individual(f"Nguyễn Văn {SCRIPT}", position=SCRIPT, unit_name=SCRIPT, address=SCRIPT, achievements=SCRIPT)
    nominee["achievements"] = f"Thành tích {SCRIPT}"
    (approved,) = approved_files(ward, make_nomination, nominees=[nominee])
    Nomination.objects.filter(pk=approved.pk).update(title=f"Đề nghị {SCRIPT}", summary=f"Tóm tắt {SCRIPT}")
    decision = issued_decision(ward, [approved])
    certificate = Certificate.objects.get(decision=decision)

    # then the detail page and the public verification page escape it
    client.force_login(ward.users["reviewer"])
    pages = [
        client.get(f"/ho-so/{approved.pk}/").content.decode(),
        client.get(f"/verify/{certificate.verification_code}/").content.decode(),
    ]
    for page in pages:
        assert "<script>alert" not in page
        assert "<img src=x" not in page
    assert html.escape(SCRIPT, quote=False).split("&lt;img")[0] in pages[0].replace("&quot;", '"')
    # and the decision, as PDF and DOCX, prints the markup as literal text
    pdf = pdf_text(decision_pdf(decision))
    assert '<script>alert("x")' in pdf
    assert "<img src=x onerror=alert(1)>" in pdf
    assert "&lt;" not in pdf
    document = Document(io.BytesIO(decision_docx(decision)))
    docx_text = "\n".join(p.text for p in document.paragraphs) + "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )
    assert "&lt;" not in docx_text
    assert '<script>alert("x")</script>' in docx_text
    assert certificate_by_code(certificate.verification_code) is not None


# --- property tests ---------------------------------------------------------------------------

CELL = st.one_of(
    st.none(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=60),
    st.sampled_from(["individual", "Hộ gia đình", "collective", "Nữ", "nam", "=1+1", "1985", "0123456789012"]),
)


@settings(max_examples=40, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck))
@given(rows=st.lists(st.lists(CELL, min_size=0, max_size=9), min_size=1, max_size=6))
@pytest.mark.django_db
def test_random_cells_in_the_import_give_rows_imported_or_row_errors_never_a_fault(ward, rows):
    figures.count("property_examples")
    client = APIClient()
    client.force_authenticate(ward.users["unit1"])
    nomination = Nomination.objects.filter(created_by=ward.users["unit1"], status="draft").first()
    if nomination is None:
        nomination = client.post(
            "/api/v1/nominations/",
            {
                "round": ward.rounds["current"].pk,
                "award_kind": "giay_khen",
                "title": "Nhập danh sách",
                "summary": "",
                "nominees": [],
            },
            format="json",
        )
        nomination = Nomination.objects.get(pk=nomination.json()["id"])
    before = nomination.nominees.count()

    response = client.post(
        f"/api/v1/nominations/{nomination.pk}/nominees/import/",
        {"file": SimpleUploadedFile("ds.xlsx", xlsx(rows))},
        format="multipart",
    )

    assert response.status_code in (200, 400), response.content
    body = response.json()
    if response.status_code == 400:
        assert set(body) >= {"detail", "code"}
        assert nomination.nominees.count() == before  # all or nothing
    else:
        assert nomination.nominees.count() == before + body["imported"]


JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=10), children, max_size=3),
    max_leaves=8,
)


@settings(max_examples=60, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    name=st.sampled_from(["submit", "accept", "withdraw", "recommend", "reject", "decide", "issue", "x" * 40]),
    body=st.one_of(
        JSONISH,
        st.fixed_dictionaries(
            {
                "version": st.one_of(
                    st.integers(), st.text(max_size=5), st.none(), st.floats(allow_nan=False, allow_infinity=False)
                ),
                "comment": JSONISH,
            }
        ),
    ),
    who=st.sampled_from(["unit1", "reviewer", "supervisor", "signer"]),
)
@pytest.mark.django_db
def test_random_transition_requests_never_cause_a_server_error(ward, make_nomination, name, body, who):
    figures.count("property_examples")
    nomination = Nomination.objects.filter(status__in=["draft", "submitted"]).first() or make_nomination(
        steps=(SUBMIT,)
    )
    client = APIClient()
    client.force_authenticate(ward.users[who])

    response = client.post(f"/api/v1/nominations/{nomination.pk}/transitions/{name}/", body, format="json")

    assert response.status_code < 500, response.content
    if response.status_code >= 400:
        assert set(response.json()) >= {"detail", "code"}


def test_a_certificate_code_full_of_markup_is_not_reflected_on_the_verify_page(client, ward):
    response = client.get("/verify/%3Cscript%3Ealert(1)%3C%2Fscript%3E/")

    assert response.status_code == 404
    assert b"<script>alert(1)" not in response.content
