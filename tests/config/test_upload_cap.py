"""Multipart uploads are capped from their Content-Length before anyone is authenticated."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from nominations.models import Attachment


def test_an_anonymous_oversized_upload_is_refused_before_authentication(settings, ward, make_nomination):
    settings.VINHDANH_UPLOAD_MAX_REQUEST_BYTES = 1024 * 1024
    nomination = make_nomination()
    before = Attachment.objects.count()
    big = SimpleUploadedFile("scan.pdf", b"%PDF-1.4\n" + b"0" * (2 * 1024 * 1024), content_type="application/pdf")

    response = Client().post(
        f"/api/v1/nominations/{nomination.pk}/attachments/",
        {"file": big, "kind": "evidence"},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 413
    assert response.json() == {"detail": "The upload exceeds 1 MB.", "code": "request_too_large"}
    assert Attachment.objects.count() == before


def test_the_cap_reads_the_declared_length_and_requires_one(settings, ward):
    settings.VINHDANH_UPLOAD_MAX_REQUEST_BYTES = 1024 * 1024
    client = Client()
    body = "--x\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n--x--\r\n"

    claimed = client.generic(
        "POST", "/hoi-dong/1/phieu-viet/", body, content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(50 * 1024 * 1024),
    )  # fmt: skip
    small = client.generic("POST", "/api/v1/nominations/", body, content_type="multipart/form-data; boundary=x")

    assert claimed.status_code == 413
    assert small.status_code in (401, 403)  # within the cap the usual checks answer
