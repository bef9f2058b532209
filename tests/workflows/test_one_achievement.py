"""One achievement, one form: the period and kind of the achievement decide, not the award kind and year."""

from __future__ import annotations

import datetime

import pytest

from nominations.models import AwardHistory, Round, RoundKind
from tests.awards.award_steps import approved_files, issued_decision
from tests.conftest import SUBMIT, individual
from tests.workflows.test_transitions import perform, refused

pytestmark = pytest.mark.django_db

AN = individual("Nguyễn Văn An", citizen_id="089123456789")


def interim_round(ward, year: int = 2025) -> Round:
    current = ward.rounds["current"]
    return Round.objects.create(
        campaign=current.campaign,
        phase=current.campaign.phases.get(start_year=2023),
        kind=RoundKind.INTERIM,
        year=year,
        name="Sơ kết giai đoạn 2023–2025",
        opens_on=current.opens_on,
        closes_on=current.closes_on,
        report_due_on=current.report_due_on,
    )


def annual_2025_giay_khen(ward) -> AwardHistory:
    current = ward.rounds["current"]
    return AwardHistory.objects.create(
        organization=ward.organization,
        kind="individual",
        name="Nguyễn Văn An",
        citizen_id="089123456789",
        award_kind=ward.award_kinds["giay_khen"],
        award_name="Giấy khen của Chủ tịch UBND phường",
        year=2025,
        decision_number="12/QĐ-UBND",
        decision_date=datetime.date(2025, 12, 20),
        level="phường",
        achievement=f"annual:{current.campaign_id}:2025",
    )


def test_the_so_ket_giay_khen_is_allowed_to_a_2025_annual_awardee(ward, make_nomination):
    annual_2025_giay_khen(ward)
    ward.rounds["current"] = interim_round(ward)
    nomination = make_nomination(nominees=[AN])

    assert nomination.achievement_key.startswith("interim:")
    assert perform(ward, nomination, "unit1", "submit").status == "submitted"


def test_the_same_annual_achievement_under_a_second_form_is_refused_naming_the_first(ward, make_nomination):
    praised = approved_files(ward, make_nomination, award="tuyen_duong_phat_thanh", nominees=[AN])
    decision = issued_decision(ward, praised)
    later = make_nomination(submitter="unit2", nominees=[AN])

    refusal = refused(ward, later, "unit2", "submit")

    assert (refusal.code, refusal.status) == ("achievement_already_awarded", 400)
    assert "Tuyên dương trên hệ thống phát thanh phường" in refusal.message
    assert decision.number_text in refusal.message
    assert refusal.extra["nominees"] == [later.nominees.get().pk]


def test_two_forms_proposed_at_once_for_one_achievement_are_refused(ward, make_nomination):
    first = make_nomination(award="tuyen_duong_phat_thanh", nominees=[AN], steps=(SUBMIT,))
    later = make_nomination(submitter="unit2", nominees=[AN])

    refusal = refused(ward, later, "unit2", "submit")

    assert refusal.code == "achievement_already_awarded"
    assert first.reference in refusal.message


def test_a_title_for_the_same_year_is_not_a_second_form(ward, make_nomination):
    issued_decision(ward, approved_files(ward, make_nomination, nominees=[AN]))
    title = make_nomination(award="cong_dan_hoc_tap", nominees=[AN])

    assert perform(ward, title, "unit1", "submit").status == "submitted"


def test_the_same_form_for_the_same_annual_achievement_is_still_refused_over_the_api(ward, make_nomination, api):
    annual = ward.rounds["current"]
    AwardHistory.objects.create(
        organization=ward.organization,
        kind="individual",
        name="Nguyễn Văn An",
        citizen_id="089123456789",
        award_kind=ward.award_kinds["tuyen_duong_phat_thanh"],
        award_name="Tuyên dương trên hệ thống phát thanh phường",
        year=annual.year,
        decision_number="07/QĐ-UBND",
        decision_date=annual.opens_on,
        level="phường",
        achievement=f"annual:{annual.campaign_id}:{annual.year}",
    )
    nomination = make_nomination(nominees=[AN])

    response = api("unit1").post(
        f"/api/v1/nominations/{nomination.pk}/transitions/submit/", {"version": nomination.version}, format="json"
    )

    assert response.status_code == 400, response.content
    assert response.json()["code"] == "achievement_already_awarded"
    assert "07/QĐ-UBND" in str(response.json())
