"""A ward's decided file goes to the city by tờ trình, arrives there as a file, and the outcome comes back."""

import pytest
from django.utils import timezone

from awards.digital_signature import signatures_of
from core.errors import Refusal
from demo.catalogues import seed_award_tables
from demo.people import seed_city
from nominations.models import Nomination, StoredDocument, Unit, YearlyCounter
from nominations.templates import templates_in_use, version_label
from tests.awards.award_steps import approved_files, issued_decision, pdf_text, person
from workflows.audit import verify_chain
from workflows.escalation import nomination_escalate
from workflows.models import AuditEntry, OutboxEvent
from workflows.selectors import flow_disagreements, queue_for
from workflows.services import nomination_transition

pytestmark = pytest.mark.django_db


@pytest.fixture
def city_users(ward):
    seed_award_tables(ward)
    return seed_city(ward, "Mat-khau-thanh-pho-1", timezone.localdate())


@pytest.fixture
def issued_file(ward, make_nomination):
    files = approved_files(ward, make_nomination, nominees=[person("Nguyễn Thị Ánh Tuyết"), person("Trần Văn Hòa")])
    issued_decision(ward, files)
    return Nomination.objects.get(pk=files[0].pk)


def escalate(ward, nomination, **kwargs):
    return nomination_escalate(
        nomination_id=nomination.pk, actor=ward.users["secretary"], award_kind_code="giay_khen_thanh_pho", **kwargs
    )


def test_the_secretary_files_an_issued_file_with_the_city(ward, city_users, issued_file):
    incoming = escalate(ward, issued_file)

    city = ward.organization.parent
    assert incoming.organization == city
    assert incoming.unit == Unit.objects.get(organization=city, represents=ward.organization)
    assert incoming.status == "submitted"
    assert incoming.escalated_from == issued_file
    assert incoming.proposal_number == "01/TTr-UBND"
    assert sorted(incoming.nominees.values_list("name", "result")) == [
        ("Nguyễn Thị Ánh Tuyết", "pending"),
        ("Trần Văn Hòa", "pending"),
    ]
    assert set(incoming.attachments.values_list("kind", flat=True)) == {"proposal", "minutes", "achievement_report"}
    proposal = incoming.attachments.get(kind="proposal")
    sent = proposal.file.read()
    text = pdf_text(sent)
    # kept in the record table as sent, with what it shows and the template it was drawn from
    kept = StoredDocument.objects.get(nomination=incoming)
    assert (kept.kind, bytes(kept.pdf), kept.pdf_sha256) == ("proposal", sent, proposal.sha256)
    assert kept.data["number"] == "01/TTr-UBND"
    assert kept.template_version == version_label("documents/proposal.html", templates_in_use())
    # with the ward's own digital signature, as its văn thư stamps the paper one
    signed = signatures_of(sent)
    assert signed["valid"] is True
    assert [s["signer"] for s in signed["signatures"]] == ["ỦY BAN NHÂN DÂN PHƯỜNG MỸ THẠNH"]
    for expected in (
        "TỜ TRÌNH",
        "Số: 01/TTr-UBND",
        "Kính gửi: Ủy ban nhân dân thành phố Long Xuyên",
        "Nguyễn Thị Ánh Tuyết",
        "TM. ỦY BAN NHÂN DÂN",
    ):
        assert expected in text
    # it rests on the ward's own signed decision, never on the app's internal file reference
    decision = issued_file.decisions.get()
    assert f"Căn cứ Quyết định số {decision.number_text} ngày" in " ".join(text.split())
    assert issued_file.reference not in text
    assert incoming in queue_for(city_users["city_reviewer"])
    assert incoming not in queue_for(ward.users["reviewer"])
    last = AuditEntry.objects.filter(nomination=issued_file).order_by("-seq").first()
    assert (last.transition, last.comment) == (
        "escalate",
        f"Tờ trình số 01/TTr-UBND gửi Thành phố Long Xuyên: hồ sơ {incoming.reference}",
    )
    assert OutboxEvent.objects.filter(event="nomination.escalated", nomination=issued_file).count() == 1
    assert flow_disagreements() == []


def test_the_city_outcome_flows_back_to_the_ward_file(ward, city_users, issued_file):
    incoming = escalate(ward, issued_file)
    reviewer = city_users["city_reviewer"]
    incoming = nomination_transition(nomination_id=incoming.pk, name="accept", actor=reviewer, version=incoming.version)

    nomination_transition(
        nomination_id=incoming.pk,
        name="reject",
        actor=reviewer,
        version=incoming.version,
        comment="Thành tích chưa đạt tiêu chuẩn cấp thành phố.",
    )

    outcome = AuditEntry.objects.filter(nomination=issued_file).order_by("-seq").first()
    assert outcome.transition == "escalation_outcome"
    assert "cấp trên không chấp nhận hồ sơ" in outcome.comment
    assert (
        OutboxEvent.objects.get(event="nomination.escalation_outcome", nomination=issued_file).payload["outcome"]
        == "rejected"
    )
    assert verify_chain(issued_file.audit_entries.order_by("seq")) is None
    assert Nomination.objects.get(pk=issued_file.pk).status == "issued"


def test_escalation_numbers_follow_the_ward_yearly_proposal_sequence(ward, city_users, make_nomination):
    files = approved_files(ward, make_nomination, count=2)
    issued_decision(ward, files)

    numbers = [escalate(ward, nomination).proposal_number for nomination in files]

    assert numbers == ["01/TTr-UBND", "02/TTr-UBND"]


def snapshot(nomination):
    return (
        Nomination.objects.count(),
        AuditEntry.objects.count(),
        OutboxEvent.objects.count(),
        YearlyCounter.objects.filter(kind="proposal").count(),
        Nomination.objects.get(pk=nomination.pk).version,
    )


@pytest.mark.parametrize(
    ("username", "status", "code"),
    [("reviewer", 403, "secretary_only"), ("unit1", 403, "secretary_only"), ("unit2", 404, "not_found")],
)
def test_only_the_secretary_may_escalate_and_nothing_changes_otherwise(
    ward, city_users, issued_file, username, status, code
):
    before = snapshot(issued_file)

    with pytest.raises(Refusal) as refused:
        nomination_escalate(
            nomination_id=issued_file.pk, actor=ward.users[username], award_kind_code="giay_khen_thanh_pho"
        )

    assert (refused.value.status, refused.value.code) == (status, code)
    assert snapshot(issued_file) == before


def test_a_file_without_a_decision_cannot_be_escalated(ward, city_users, make_nomination):
    [approved] = approved_files(ward, make_nomination)
    before = snapshot(approved)

    with pytest.raises(Refusal) as refused:
        escalate(ward, approved)

    assert (refused.value.status, refused.value.code) == (409, "not_escalatable")
    assert snapshot(approved) == before


def test_a_parent_not_hosted_here_gets_a_paper_proposal_instead(ward, issued_file):
    before = snapshot(issued_file)

    with pytest.raises(Refusal) as refused:
        escalate(ward, issued_file)

    assert refused.value.code == "parent_not_hosted"
    assert "in tờ trình" in refused.value.vi
    assert snapshot(issued_file) == before


def test_escalation_through_the_api(ward, city_users, issued_file, api):
    response = api("secretary").post(
        f"/api/v1/nominations/{issued_file.pk}/escalate/", {"award_kind": "giay_khen_thanh_pho"}, format="json"
    )

    assert response.status_code == 201, response.json()
    assert response.json()["status"] == "submitted"
    detail = api("secretary").get(f"/api/v1/nominations/{issued_file.pk}/").json()
    assert detail["escalations"] == [
        {
            "id": response.json()["id"],
            "reference": response.json()["reference"],
            "organization": "Thành phố Long Xuyên",
            "status": "submitted",
            "proposal_number": "01/TTr-UBND",
        }
    ]
    refused = api("reviewer").post(
        f"/api/v1/nominations/{issued_file.pk}/escalate/", {"award_kind": "giay_khen_thanh_pho"}, format="json"
    )
    assert refused.status_code == 403
    assert refused.json()["code"] == "secretary_only"


def test_the_parent_receives_no_cccd_ethnicity_or_evidence_unless_its_award_requires_them(
    ward, city_users, make_nomination
):
    sensitive = person("Lâm Văn Cấp Trên")
    sensitive["details"] = {**sensitive["details"], "citizen_id": "079182009999", "ethnicity": "Khmer"}
    files = approved_files(
        ward,
        make_nomination,
        nominees=[sensitive],
        attachments=("proposal", "minutes", "achievement_report", "evidence"),
    )
    issued_decision(ward, files)
    original = Nomination.objects.get(pk=files[0].pk)

    incoming = escalate(ward, original)

    (nominee,) = incoming.nominees.all()
    assert (nominee.citizen_id, nominee.ethnicity, nominee.birth_date) == ("", "", None)
    assert "079182009999" not in nominee.identity_key
    assert "evidence" not in set(incoming.attachments.values_list("kind", flat=True))


def test_an_award_that_requires_personal_data_receives_it(ward, city_users, make_nomination):
    from nominations.models import AwardKind

    AwardKind.objects.filter(code="giay_khen_thanh_pho").update(requires_personal_data=True)
    sensitive = person("Lâm Văn Cần Hồ Sơ")
    sensitive["details"] = {**sensitive["details"], "citizen_id": "079182008888", "ethnicity": "Khmer"}
    files = approved_files(
        ward,
        make_nomination,
        nominees=[sensitive],
        attachments=("proposal", "minutes", "achievement_report", "evidence"),
    )
    issued_decision(ward, files)

    incoming = escalate(ward, Nomination.objects.get(pk=files[0].pk))

    (nominee,) = incoming.nominees.all()
    assert (nominee.citizen_id, nominee.ethnicity) == ("079182008888", "Khmer")
    assert "evidence" in set(incoming.attachments.values_list("kind", flat=True))
