"""Templates re-worded in the admin: refused when broken, previewed on sample data, used by the next draft only."""

from __future__ import annotations

import pytest
from django.test import Client

from awards.decisions import decision_create, decision_sign
from awards.documents import decision_pdf
from demo.catalogues import seed_award_tables
from documents.templating import TEMPLATE_DIR
from nominations.models import DocumentTemplate, StoredDocument, User
from tests.accounts.otp import verified_login
from tests.awards.award_steps import approved_files, pdf_text, signed_decision

MARK = "Theo mẫu đã sửa đổi"


@pytest.fixture(autouse=True)
def _prize_tables(ward):
    seed_award_tables(ward)


@pytest.fixture
def admin_client(db):
    client = Client()
    verified_login(client, User.objects.create(username="quantri", is_superuser=True, is_staff=True))
    return client


def _reworded() -> str:
    source = (TEMPLATE_DIR / "documents/decision.html").read_text(encoding="utf-8")
    return source.replace('<h2 class="decides">QUYẾT ĐỊNH:</h2>', f'<p>{MARK}</p><h2 class="decides">QUYẾT ĐỊNH:</h2>')


def test_a_broken_template_is_refused_with_the_error_shown(admin_client):
    broken = admin_client.post(
        "/admin/nominations/documenttemplate/add/",
        {"name": "documents/decision.html", "source": "{% for x in %}", "note": "hỏng"},
    )
    failing = admin_client.post(
        "/admin/nominations/documenttemplate/add/",
        {"name": "documents/decision.html", "source": "{% include 'documents/khong-co.html' %}", "note": "hỏng"},
    )

    assert broken.status_code == failing.status_code == 200
    assert "Mẫu không dùng được" in broken.content.decode()
    assert "khong-co.html" in failing.content.decode()
    assert not DocumentTemplate.objects.exists()


def test_a_changed_template_changes_the_next_draft_never_a_signed_document(ward, make_nomination, admin_client):
    signed = signed_decision(ward, approved_files(ward, make_nomination))
    signed_bytes = decision_pdf(signed)
    draft = decision_create(actor=ward.users["secretary"], nomination_ids=[approved_files(ward, make_nomination)[0].pk])
    form = admin_client.get("/admin/nominations/documenttemplate/add/?name=documents/decision.html")

    saved = admin_client.post(
        "/admin/nominations/documenttemplate/add/",
        {"name": "documents/decision.html", "source": _reworded(), "note": "Thêm dòng"},
    )
    template = DocumentTemplate.objects.get()
    preview = admin_client.get(f"/admin/nominations/documenttemplate/{template.pk}/preview.pdf")
    later = decision_sign(decision_id=draft.pk, actor=ward.users["signer"])

    assert "QUYẾT ĐỊNH:" in form.content.decode()
    assert saved.status_code == 302
    assert template.version == 1
    assert preview["Content-Type"] == "application/pdf"
    assert MARK in pdf_text(preview.content)
    assert decision_pdf(signed) == signed_bytes
    assert MARK not in pdf_text(signed_bytes)
    assert MARK in pdf_text(decision_pdf(later))
    assert StoredDocument.objects.get(decision=later).template_version == "documents/decision.html@v1"
    assert StoredDocument.objects.get(decision=signed).template_version.startswith("builtin:")
