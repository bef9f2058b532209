from typing import Any

import pytest

from core.errors import Refusal
from nominations.models import CriteriaSet, Nomination, NomineeResult
from scoring.defaults import seed_default_criteria
from scoring.models import NomineeScore
from scoring.services import criteria_set_for, nominee_passes, score_review, score_self_assess
from tests.accounts.otp import verified_login
from workflows.audit import verify_chain
from workflows.services import nomination_transition

SUBMIT2 = ("unit2", "submit", "")
ACCEPT = ("reviewer", "accept", "")


def household(name: str) -> dict[str, Any]:
    return {"kind": "household", "name": name, "details": {"address": "Khóm Đông Thạnh"}}


@pytest.fixture
def criteria(ward):
    return {s.award_kind.code: s for s in seed_default_criteria(ward.award_kinds)}


def points(criteria_set: CriteriaSet, nominee_id: int, total: int) -> list[dict[str, Any]]:
    """Scores spread over the point criteria in order, 10 at most each, adding up to `total`."""
    rows = []
    for criterion in criteria_set.criteria.order_by("order"):
        given = min(criterion.max_points, total)
        total -= given
        rows.append({"nominee": nominee_id, "criterion": criterion.code, "points": given})
    return rows


def recognize(nomination: Nomination, reviewer: Any) -> Nomination:
    return nomination_transition(
        nomination_id=nomination.pk,
        name="recognize",
        actor=reviewer,
        version=Nomination.objects.get(pk=nomination.pk).version,
        comment="Đạt",
    )


def test_gia_dinh_defaults_follow_qd_448_and_are_flagged(criteria):
    gia_dinh = criteria["gia_dinh_hoc_tap"]
    first = list(gia_dinh.criteria.filter(code__startswith="1.").values_list("max_points", flat=True))
    assert first == [10, 10, 10]
    assert sum(c.max_points for c in gia_dinh.criteria.all()) == 100
    assert gia_dinh.is_unverified_default
    assert not gia_dinh.criteria.filter(code__startswith="1.", is_unverified_default=True).exists()
    assert gia_dinh.criteria.filter(code__startswith="2.", is_unverified_default=True).count() == 3
    for code in ("dong_ho_hoc_tap", "don_vi_hoc_tap", "cong_dan_hoc_tap"):
        assert sum(c.max_points for c in criteria[code].criteria.all()) == 100
        assert criteria[code].pass_mark == 80


def test_cong_dong_defaults_are_five_pass_fail_criteria_at_two_levels(criteria):
    community = criteria["cong_dong_hoc_tap"]
    level1 = community.criteria.filter(code__startswith="M1-")
    level2 = community.criteria.filter(code__startswith="M2-")
    assert level1.count() == 5
    assert level2.count() == 5
    assert all(c.mandatory and c.max_points is None for c in level1)
    assert not any(c.mandatory for c in level2)
    assert "25/2023/TT-BGDĐT" in community.source_decision


def test_seeding_twice_keeps_an_administrators_correction(ward, criteria):
    criteria["gia_dinh_hoc_tap"].criteria.filter(code="2.1").update(max_points=15, is_unverified_default=False)

    seed_default_criteria(ward.award_kinds)

    corrected = criteria["gia_dinh_hoc_tap"].criteria.get(code="2.1")
    assert (corrected.max_points, corrected.is_unverified_default) == (15, False)
    assert CriteriaSet.objects.filter(award_kind__code="gia_dinh_hoc_tap").count() == 1


def test_recognition_approves_who_passes_and_not_who_falls_short(ward, criteria, make_nomination):
    nomination = make_nomination(
        submitter="unit2",
        award="gia_dinh_hoc_tap",
        nominees=[household("Nguyễn Văn Tư"), household("Trần Thị Sáu"), household("Lê Văn Bảy")],
        steps=(SUBMIT2, ACCEPT),
    )
    tu, sau, bay = nomination.nominees.order_by("order")
    gia_dinh = criteria["gia_dinh_hoc_tap"]
    score_review(
        nomination_id=nomination.pk,
        actor=ward.users["reviewer"],
        scores=points(gia_dinh, tu.pk, 80) + points(gia_dinh, sau.pk, 79),
    )

    recognize(nomination, ward.users["reviewer"])

    results = dict(nomination.nominees.values_list("name", "result"))
    assert results == {
        "Nguyễn Văn Tư": NomineeResult.APPROVED,
        "Trần Thị Sáu": NomineeResult.NOT_APPROVED,
        "Lê Văn Bảy": NomineeResult.NOT_APPROVED,
    }
    assert nomination.nominees.get(pk=sau.pk).result_reason
    assert nominee_passes(tu, gia_dinh)
    assert not nominee_passes(bay, gia_dinh)


def test_a_community_passes_only_with_every_mandatory_criterion_met(ward, criteria, make_nomination):
    community = criteria["cong_dong_hoc_tap"]
    nomination = make_nomination(
        submitter="unit2",
        award="cong_dong_hoc_tap",
        nominees=[
            {"kind": "community", "name": "Khóm Đông Thạnh"},
            {"kind": "community", "name": "Khóm Tây Khánh"},
        ],
        steps=(SUBMIT2, ACCEPT),
    )
    dong, tay = nomination.nominees.order_by("order")
    level1 = list(community.criteria.filter(code__startswith="M1-").values_list("code", flat=True))
    score_review(
        nomination_id=nomination.pk,
        actor=ward.users["reviewer"],
        scores=[{"nominee": dong.pk, "criterion": code, "met": True} for code in level1]
        + [{"nominee": tay.pk, "criterion": code, "met": code != "M1-4"} for code in level1],
    )

    recognize(nomination, ward.users["reviewer"])

    assert nomination.nominees.get(pk=dong.pk).result == NomineeResult.APPROVED
    assert nomination.nominees.get(pk=tay.pk).result == NomineeResult.NOT_APPROVED


def test_without_a_criteria_set_recognition_approves_every_pending_nominee(ward, make_nomination):
    nomination = make_nomination(
        submitter="unit2", award="gia_dinh_hoc_tap", nominees=[household("Nguyễn Văn Tư")], steps=(SUBMIT2, ACCEPT)
    )
    assert criteria_set_for(award_kind_id=nomination.award_kind_id, year=nomination.round.year) is None

    recognize(nomination, ward.users["reviewer"])

    assert list(nomination.nominees.values_list("result", flat=True)) == [NomineeResult.APPROVED]


def test_the_unit_self_assesses_its_draft_and_the_reviewer_scores_beside_it(ward, criteria, make_nomination):
    nomination = make_nomination(submitter="unit2", award="gia_dinh_hoc_tap", nominees=[household("Nguyễn Văn Tư")])
    nominee = nomination.nominees.get()
    gia_dinh = criteria["gia_dinh_hoc_tap"]

    stored = score_self_assess(
        nomination_id=nomination.pk, actor=ward.users["unit2"], scores=points(gia_dinh, nominee.pk, 95)
    )
    for who, name, _ in (SUBMIT2, ACCEPT):
        nomination_transition(
            nomination_id=nomination.pk,
            name=name,
            actor=ward.users[who],
            version=Nomination.objects.get(pk=nomination.pk).version,
        )
    score_review(
        nomination_id=nomination.pk,
        actor=ward.users["reviewer"],
        scores=[{"nominee": nominee.pk, "criterion": "1.1", "points": 6, "comment": "Một cháu bỏ học"}],
    )

    assert stored == 10
    first = NomineeScore.objects.get(nominee=nominee, criterion__code="1.1")
    assert (first.self_points, first.review_points, first.comment) == (10, 6, "Một cháu bỏ học")
    transitions = [e.transition for e in nomination.audit_entries.order_by("seq")]
    assert "self_assess" in transitions
    assert "score" in transitions
    assert verify_chain(nomination.audit_entries.order_by("seq")) is None


@pytest.mark.parametrize(
    ("row", "field"),
    [
        ({"criterion": "1.1", "points": 11}, "scores[1].points"),
        ({"criterion": "9.9", "points": 1}, "scores[1].criterion"),
        ({"criterion": "1.1", "points": -1}, "scores[1].points"),
    ],
)
def test_a_bad_score_is_refused_and_nothing_is_stored(ward, criteria, make_nomination, row, field):
    nomination = make_nomination(submitter="unit2", award="gia_dinh_hoc_tap", nominees=[household("Nguyễn Văn Tư")])
    nominee = nomination.nominees.get()

    with pytest.raises(Refusal) as refused:
        score_self_assess(
            nomination_id=nomination.pk,
            actor=ward.users["unit2"],
            scores=[{"nominee": nominee.pk, "criterion": "1.2", "points": 5}, {"nominee": nominee.pk, **row}],
        )

    assert refused.value.extra["field"] == field
    assert not NomineeScore.objects.exists()


def test_points_on_a_pass_fail_criterion_are_refused(ward, criteria, make_nomination):
    nomination = make_nomination(
        submitter="unit2", award="cong_dong_hoc_tap", nominees=[{"kind": "community", "name": "Khóm Đông Thạnh"}]
    )

    with pytest.raises(Refusal) as refused:
        score_self_assess(
            nomination_id=nomination.pk,
            actor=ward.users["unit2"],
            scores=[{"nominee": nomination.nominees.get().pk, "criterion": "M1-1", "points": 5}],
        )

    assert refused.value.extra["field"] == "scores[0].points"
    assert not NomineeScore.objects.exists()


def test_reviewer_scores_only_while_under_review(ward, criteria, make_nomination):
    nomination = make_nomination(
        submitter="unit2", award="gia_dinh_hoc_tap", nominees=[household("Nguyễn Văn Tư")], steps=(SUBMIT2,)
    )

    with pytest.raises(Refusal) as refused:
        score_review(
            nomination_id=nomination.pk,
            actor=ward.users["reviewer"],
            scores=[{"nominee": nomination.nominees.get().pk, "criterion": "1.1", "points": 5}],
        )

    assert (refused.value.code, refused.value.status) == ("not_under_review", 409)
    assert not NomineeScore.objects.exists()


def test_scores_api_round_trip(ward, criteria, make_nomination, api):
    nomination = make_nomination(
        submitter="unit2", award="gia_dinh_hoc_tap", nominees=[household("Nguyễn Văn Tư")], steps=(SUBMIT2, ACCEPT)
    )
    nominee = nomination.nominees.get()
    url = f"/api/v1/nominations/{nomination.pk}/scores/"

    saved = api("reviewer").put(url, {"scores": points(criteria["gia_dinh_hoc_tap"], nominee.pk, 85)}, format="json")
    unit_edit = api("unit2").put(url, {"scores": [{"nominee": nominee.pk, "criterion": "1.1", "points": 1}]})
    outsider = api("unit1").get(url)

    assert saved.status_code == 200
    sheet = saved.json()
    assert sheet["criteria_set"]["pass_mark"] == 80
    assert sheet["criteria_set"]["is_unverified_default"] is True
    assert sheet["nominees"][0]["review_total"] == 85
    assert sheet["nominees"][0]["passes"] is True
    assert (unit_edit.status_code, unit_edit.json()["code"]) == (409, "not_editable")
    assert outsider.status_code == 404


def test_admin_lists_criteria_sets_with_the_unverified_flag(ward, criteria, client):
    verified_login(client, ward.users["admin"])

    page = client.get("/admin/nominations/criteriaset/")
    criterion_page = client.get(f"/admin/nominations/criteriaset/{criteria['gia_dinh_hoc_tap'].pk}/change/")

    assert page.status_code == 200
    assert "giá trị mặc định chưa được xác minh" in page.content.decode().lower()
    assert criterion_page.status_code == 200
    assert "is_unverified_default" in criterion_page.content.decode()
    flagged = client.get("/admin/nominations/criterion/?is_unverified_default__exact=1")
    assert flagged.status_code == 200
    assert "2.1" in flagged.content.decode()
