"""The nominating unit reads the decisions and certificates of its own files; other units still cannot."""

from __future__ import annotations

import pytest

from awards.decisions import decision_create
from demo.catalogues import seed_award_tables
from nominations.models import Certificate
from tests.awards.award_steps import approved_files, issued_decision, person


@pytest.fixture(autouse=True)
def _prize_tables(ward):
    seed_award_tables(ward)


def test_the_nominating_unit_opens_the_decision_and_certificates_of_its_file(ward, make_nomination, api):
    own = approved_files(ward, make_nomination, nominees=[person("Cao Thị Mười Hai")])[0]
    decision = issued_decision(ward, [own])
    unit = api("unit1")

    listed = unit.get(f"/api/v1/decisions/?nomination={own.pk}")
    pdf = unit.get(f"/api/v1/decisions/{decision.pk}/document.pdf")
    docx = unit.get(f"/api/v1/decisions/{decision.pk}/document.docx")
    certificates = unit.get(f"/api/v1/certificates/?nomination={own.pk}")
    certificate = Certificate.objects.get(decision=decision)
    certificate_pdf = unit.get(f"/api/v1/certificates/{certificate.pk}/document.pdf")

    assert [d["id"] for d in listed.json()["results"]] == [decision.pk]
    assert pdf.status_code == docx.status_code == certificate_pdf.status_code == 200
    assert pdf.content == api("secretary").get(f"/api/v1/decisions/{decision.pk}/document.pdf").content
    assert [c["id"] for c in certificates.json()["results"]] == [certificate.pk]


def test_another_unit_gets_404_and_the_unit_does_not_see_drafts(ward, make_nomination, api):
    own, other = approved_files(ward, make_nomination, count=2)
    decision = issued_decision(ward, [own])
    draft = decision_create(actor=ward.users["secretary"], nomination_ids=[other.pk])
    stranger = api("unit2")

    assert stranger.get(f"/api/v1/decisions/{decision.pk}/document.pdf").status_code == 404
    assert stranger.get(f"/api/v1/decisions/{decision.pk}/").status_code == 404
    assert stranger.get(f"/api/v1/decisions/?nomination={own.pk}").json()["results"] == []
    assert stranger.get(f"/api/v1/certificates/?nomination={own.pk}").json()["results"] == []
    assert api("unit1").get(f"/api/v1/decisions/{draft.pk}/document.pdf").status_code == 404
    assert [d["id"] for d in api("unit1").get("/api/v1/decisions/").json()["results"]] == [decision.pk]


def test_the_supervisor_reads_the_decisions(ward, make_nomination, api):
    decision = issued_decision(ward, approved_files(ward, make_nomination))

    response = api("supervisor").get(f"/api/v1/decisions/{decision.pk}/document.pdf")

    assert response.status_code == 200
    assert response["ETag"]
