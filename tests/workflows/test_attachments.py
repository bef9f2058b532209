"""Attachments are accepted by content, within a size limit, stored under a generated name with their SHA-256,
and served only to those who may see the file (API.md "Nominations", issue "the nomination's life")."""

from __future__ import annotations

import hashlib
import io
import struct
import zipfile
import zlib
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.conf import settings
from docx import Document

from demo.files import DEMO_PDF
from nominations.models import Attachment
from tests.workflows.lifecycle import footprint, someone


def docx_bytes() -> bytes:
    document = Document()
    document.add_paragraph("Biên bản họp bình xét thi đua")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx_bytes() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active.append(["STT", "Họ và tên"])
    workbook.active.append([1, "Nguyễn Thị Ánh Tuyết"])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def png_bytes() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )


def jpeg_bytes() -> bytes:
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64 + b"\xff\xd9"


def upload(client: Any, nomination: Any, data: bytes, name: str, kind: str = "evidence", **extra: Any) -> Any:
    stream = io.BytesIO(data)
    stream.name = name
    return client.post(
        f"/api/v1/nominations/{nomination.pk}/attachments/", {"file": stream, "kind": kind}, format="multipart", **extra
    )


def stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.fixture
def draft(make_nomination):
    return make_nomination(nominees=[someone()], attachments=())


@pytest.mark.parametrize(
    ("build", "name", "content_type"),
    [
        (lambda: DEMO_PDF, "to-trinh.pdf", "application/pdf"),
        (docx_bytes, "bien-ban.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (xlsx_bytes, "danh-sach.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (png_bytes, "anh.png", "image/png"),
        (jpeg_bytes, "anh.jpg", "image/jpeg"),
        (docx_bytes, "bien-ban-khong-duoi", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (lambda: DEMO_PDF, "bao-cao.docx", "application/pdf"),
    ],
    ids=["pdf", "docx", "xlsx", "png", "jpeg", "docx without extension", "pdf named .docx"],
)
def test_each_accepted_type_is_recognised_by_its_content(api, draft, build, name, content_type):
    data = build()

    response = upload(api("unit1"), draft, data, name)

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["content_type"] == content_type
    assert body["size"] == len(data)
    assert body["sha256"] == hashlib.sha256(data).hexdigest()
    attachment = Attachment.objects.get(pk=body["id"])
    stored = Path(attachment.file.path)
    assert stored.read_bytes() == data
    # the uploaded name never reaches the disk
    assert Path(name).stem not in stored.name


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"Day la van ban thuong, khong phai PDF.\n" * 20, "to-trinh.pdf"),
        (b"<html><script>alert(1)</script></html>", "bien-ban.docx"),
        (b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200, "anh.png"),
        (b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "anh.gif"),
        (b"", "rong.pdf"),
    ],
    ids=["text as pdf", "html as docx", "exe as png", "gif", "empty"],
)
def test_anything_else_is_refused_with_400_and_nothing_is_stored(api, draft, data, name):
    before = footprint(draft.pk)

    response = upload(api("unit1"), draft, data, name)

    assert response.status_code == 400
    assert set(response.json()) >= {"detail", "code"}
    assert not Attachment.objects.exists()
    assert stored_files() == []
    assert footprint(draft.pk) == before


def test_a_zip_that_is_not_an_office_file_is_refused(api, draft):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "không phải tài liệu văn phòng")

    response = upload(api("unit1"), draft, out.getvalue(), "bien-ban.docx")

    assert response.status_code == 400
    assert response.json()["code"] == "unsupported_file_type"
    assert stored_files() == []


def test_a_file_over_the_size_limit_is_refused_and_nothing_is_stored(api, draft, settings):
    settings.VINHDANH_ATTACHMENT_MAX_BYTES = 1024
    before = footprint(draft.pk)

    response = upload(api("unit1"), draft, DEMO_PDF + b"%" * 2000, "lon.pdf", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert response.json()["code"] == "file_too_large"
    assert not Attachment.objects.exists()
    assert stored_files() == []
    assert footprint(draft.pk) == before


def test_a_file_exactly_at_the_limit_is_accepted(api, draft, settings):
    data = DEMO_PDF + b"%" * 100
    settings.VINHDANH_ATTACHMENT_MAX_BYTES = len(data)

    assert upload(api("unit1"), draft, data, "vua.pdf").status_code == 201


def test_a_bad_kind_or_no_file_is_400(api, draft):
    assert upload(api("unit1"), draft, DEMO_PDF, "a.pdf", kind="secret").status_code == 400
    response = api("unit1").post(
        f"/api/v1/nominations/{draft.pk}/attachments/", {"kind": "proposal"}, format="multipart"
    )
    assert response.status_code == 400
    assert set(response.json()) >= {"detail", "code"}
    assert stored_files() == []


def test_only_the_own_unit_attaches_and_only_while_editable(api, make_nomination):
    draft = make_nomination(nominees=[someone()], attachments=())
    submitted = make_nomination(nominees=[someone()], steps=(("unit1", "submit", ""),))
    count = Attachment.objects.count()
    files = len(stored_files())

    assert upload(api("unit2"), draft, DEMO_PDF, "a.pdf").status_code == 404
    assert upload(api("reviewer"), draft, DEMO_PDF, "a.pdf").status_code == 404
    assert upload(api("reviewer"), submitted, DEMO_PDF, "a.pdf").status_code == 403
    assert upload(api("unit1"), submitted, DEMO_PDF, "a.pdf").status_code == 409
    assert Attachment.objects.count() == count
    assert len(stored_files()) == files


def test_attachments_are_served_only_to_those_who_may_see_the_file(api, make_nomination):
    nomination = make_nomination(nominees=[someone()], attachments=())
    created = upload(api("unit1"), nomination, DEMO_PDF, "to-trinh.pdf", kind="proposal").json()
    path = f"/api/v1/nominations/{nomination.pk}/attachments/{created['id']}/"

    owner = api("unit1").get(path)
    assert owner.status_code == 200
    assert b"".join(owner.streaming_content) == DEMO_PDF
    assert owner["Content-Type"] == "application/pdf"
    assert owner["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in owner["Content-Disposition"]
    assert api("unit2").get(path).status_code == 404
    assert api("reviewer").get(path).status_code == 404  # still a draft
    assert (
        api("unit1").get(f"/api/v1/nominations/{nomination.pk}/attachments/{created['id'][::-1]}/").status_code == 404
    )

    for kind in ("minutes", "achievement_report"):
        upload(api("unit1"), nomination, DEMO_PDF, f"{kind}.pdf", kind=kind)
    version = footprint(nomination.pk).version
    submitted = api("unit1").post(f"/api/v1/nominations/{nomination.pk}/transitions/submit/", {"version": version})
    assert submitted.status_code == 200
    assert api("reviewer").get(path).status_code == 200
    assert api("supervisor").get(path).status_code == 200
    assert api("unit2").get(path).status_code == 404


def test_an_attachment_of_another_file_is_not_served_through_this_one(api, make_nomination):
    first = make_nomination(nominees=[someone()], attachments=())
    second = make_nomination(nominees=[someone()], attachments=())
    created = upload(api("unit1"), first, DEMO_PDF, "a.pdf").json()

    response = api("unit1").get(f"/api/v1/nominations/{second.pk}/attachments/{created['id']}/")

    assert response.status_code == 404


def test_an_upload_is_recorded_in_the_files_history(api, draft):
    upload(api("unit1"), draft, DEMO_PDF, "to-trinh.pdf", kind="proposal")

    history = api("unit1").get(f"/api/v1/nominations/{draft.pk}/").json()["history"]

    assert history[-1]["transition"] == "attach"
    assert "proposal" in history[-1]["comment"]
