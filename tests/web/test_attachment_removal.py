"""Removing a document from a file while the unit may still change it."""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage

from core.errors import Refusal
from nominations.models import Attachment
from tests.conftest import SUBMIT
from workflows.attachment_removal import attachment_remove
from workflows.models import AuditEntry


def test_the_unit_removes_a_document_from_its_draft(web, ward, make_nomination, django_capture_on_commit_callbacks):
    # given a draft with three documents
    nomination = make_nomination()
    attachment = nomination.attachments.get(kind="minutes")
    stored = attachment.file.name
    assert default_storage.exists(stored)

    # when the unit presses "remove" on the edit page
    with django_capture_on_commit_callbacks(execute=True):
        response = web("unit1").post(
            f"/ho-so/{nomination.pk}/tai-lieu/{attachment.pk}/xoa/", {"version": nomination.version}
        )

    # then the row and the stored file are gone, with a "detach" entry in the history
    assert response.status_code == 302
    assert not Attachment.objects.filter(pk=attachment.pk).exists()
    assert not default_storage.exists(stored)
    entry = AuditEntry.objects.filter(nomination_id=nomination.pk).order_by("-seq").first()
    assert entry.transition == "detach"
    assert "minutes.pdf" in entry.comment


def test_a_submitted_file_keeps_its_documents(web, ward, make_nomination):
    # given a submitted file
    nomination = make_nomination(steps=(SUBMIT,))
    attachment = nomination.attachments.first()

    # when the unit tries to remove a document
    with pytest.raises(Refusal) as refused:
        attachment_remove(nomination_id=nomination.pk, attachment_id=attachment.pk, actor=ward.users["unit1"])

    # then refused; the document and its file stay
    assert refused.value.code == "not_editable"
    assert Attachment.objects.filter(pk=attachment.pk).exists()
    assert default_storage.exists(attachment.file.name)


def test_another_units_document_is_not_found(ward, make_nomination):
    nomination = make_nomination()
    attachment = nomination.attachments.first()

    with pytest.raises(Refusal) as refused:
        attachment_remove(nomination_id=nomination.pk, attachment_id=attachment.pk, actor=ward.users["unit2"])

    assert refused.value.status == 404
    assert Attachment.objects.filter(pk=attachment.pk).exists()


def test_the_edit_page_offers_removal(web, make_nomination):
    nomination = make_nomination()
    attachment = nomination.attachments.first()

    html = web("unit1").get(f"/ho-so/{nomination.pk}/soan/").content.decode()

    assert f"/ho-so/{nomination.pk}/tai-lieu/{attachment.pk}/xoa/" in html
