"""Quotas (SPEC.md §2): a round caps awards per unit and award kind; checked at submission, recommendation
and the council's close, shown while filing and reported."""

from __future__ import annotations

import pytest

from council.services import council_session_close
from nominations.models import CouncilSession, Nomination, Nominee, Quota
from tests.awards.award_steps import TO_COUNCIL, VOTERS, convene, person, vote_all
from tests.conftest import ACCEPT, SUBMIT
from workflows.models import AuditEntry


def _cap(ward, max_awards, unit_user="unit1", award="giay_khen"):
    unit = ward.users[unit_user].memberships.get().unit
    return Quota.objects.update_or_create(
        round=ward.rounds["current"],
        unit=unit,
        award_kind=ward.award_kinds[award],
        defaults={"max_awards": max_awards},
    )[0]


def _state(nomination):
    fresh = Nomination.objects.get(pk=nomination.pk)
    return fresh.status, fresh.version, AuditEntry.objects.filter(nomination=nomination).count()


def test_submission_over_the_cap_is_refused_naming_the_cap_and_the_use(ward, api, make_nomination):
    # given a cap of two Giấy khen for unit1, and a submitted file with two people
    _cap(ward, 2)
    make_nomination(steps=(SUBMIT,), nominees=[person(), person()])
    third = make_nomination(nominees=[person()])
    before = _state(third)
    # when unit1 sends a third person
    response = api("unit1").post(f"/api/v1/nominations/{third.pk}/transitions/submit/", {"version": third.version})
    # then the refusal says the cap, what is used and what was asked, and nothing changed
    assert response.status_code == 409, response.content
    body = response.json()
    assert body["code"] == "quota_exceeded"
    assert "tối đa 2" in body["detail"]
    assert "đã dùng 2" in body["detail"]
    assert _state(third) == before


def test_the_cap_is_shown_while_filing(ward, api, make_nomination):
    _cap(ward, 3)
    make_nomination(steps=(SUBMIT,), nominees=[person(), person()])
    draft = make_nomination(nominees=[person()])

    quota = api("unit1").get(f"/api/v1/nominations/{draft.pk}/").json()["quota"]
    other_unit = make_nomination(submitter="unit2", nominees=[person()])

    assert quota == {"max_awards": 3, "used": 2, "left": 1}
    assert api("unit2").get(f"/api/v1/nominations/{other_unit.pk}/").json()["quota"] is None


def test_withdrawn_rejected_and_excluded_places_are_given_back(ward, api, make_nomination):
    _cap(ward, 1)
    rejected = make_nomination(steps=(SUBMIT, ACCEPT), nominees=[person()])
    api("reviewer").post(
        f"/api/v1/nominations/{rejected.pk}/transitions/reject/", {"version": 3, "comment": "Không đủ tiêu chuẩn"}
    )
    second = make_nomination(nominees=[person()])

    response = api("unit1").post(f"/api/v1/nominations/{second.pk}/transitions/submit/", {"version": second.version})

    assert response.status_code == 200, response.content


def test_recommendation_over_a_lowered_cap_is_refused_until_a_nominee_is_excluded(ward, api, make_nomination):
    nomination = make_nomination(steps=(SUBMIT, ACCEPT), nominees=[person(), person()])
    _cap(ward, 1)
    before = _state(nomination)
    url = f"/api/v1/nominations/{nomination.pk}/transitions/recommend/"

    refused = api("reviewer").post(url, {"version": nomination.version, "comment": "Đủ điều kiện"})
    assert (refused.status_code, refused.json()["code"]) == (409, "quota_exceeded")
    assert _state(nomination) == before
    extra = nomination.nominees.order_by("id").last()
    api("reviewer").post(
        f"/api/v1/nominations/{nomination.pk}/nominees/{extra.pk}/exclude/", {"reason": "Vượt chỉ tiêu của đơn vị"}
    )
    version = Nomination.objects.get(pk=nomination.pk).version
    accepted = api("reviewer").post(url, {"version": version, "comment": "Đủ điều kiện"})

    assert accepted.status_code == 200, accepted.content
    assert accepted.json()["status"] == "recommended"


def test_the_councils_close_over_the_cap_is_refused_and_changes_nothing(ward, make_nomination):
    # given two files of unit1 in council and the cap lowered to one after they were recommended
    files = [make_nomination(steps=TO_COUNCIL, nominees=[person()]) for _ in range(2)]
    session = convene(ward, *files)
    for nomination in files:
        vote_all(ward, session, nomination.nominees.get().pk, dict.fromkeys(VOTERS, "agree"))
    _cap(ward, 1)
    # when the chair closes the session that would approve both
    from core.errors import Refusal

    with pytest.raises(Refusal) as refused:
        council_session_close(session_id=session.pk, actor=ward.users["chair"])
    # then the refusal names the cap and nothing moved
    assert refused.value.code == "quota_exceeded"
    assert "tối đa 1" in refused.value.vi
    assert CouncilSession.objects.get(pk=session.pk).status == "open"
    assert set(Nominee.objects.filter(nomination__in=files).values_list("result", flat=True)) == {"pending"}
    assert set(Nomination.objects.filter(pk__in=[n.pk for n in files]).values_list("status", flat=True)) == {
        "in_council"
    }


def test_the_council_closes_within_the_cap(ward, make_nomination):
    files = [make_nomination(steps=TO_COUNCIL, nominees=[person()]) for _ in range(2)]
    session = convene(ward, *files)
    vote_all(ward, session, files[0].nominees.get().pk, dict.fromkeys(VOTERS, "agree"))
    vote_all(ward, session, files[1].nominees.get().pk, dict.fromkeys(VOTERS, "disagree"))
    _cap(ward, 1)

    council_session_close(session_id=session.pk, actor=ward.users["chair"])

    assert CouncilSession.objects.get(pk=session.pk).status == "closed"


def test_the_round_report_shows_each_cap_and_its_use(ward, api, make_nomination):
    _cap(ward, 5)
    _cap(ward, 2, unit_user="unit2")
    make_nomination(steps=(SUBMIT,), nominees=[person(), person()])
    make_nomination(nominees=[person()])  # a draft holds no place

    report = api("secretary").get(f"/api/v1/reports/rounds/{ward.rounds['current'].pk}/").json()
    own = api("unit1").get(f"/api/v1/reports/rounds/{ward.rounds['current'].pk}/").json()

    rows = {(row["unit_name"], row["max_awards"], row["used"], row["approved"]) for row in report["quotas"]}
    unit1 = ward.users["unit1"].memberships.get().unit.name
    unit2 = ward.users["unit2"].memberships.get().unit.name
    assert rows == {(unit1, 5, 2, 0), (unit2, 2, 0, 0)}
    assert [row["unit_name"] for row in own["quotas"]] == [unit1]
