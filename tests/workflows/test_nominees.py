"""One nominee at a time: adding, changing or removing one nominee leaves the rest of the file alone."""

from __future__ import annotations

from typing import Any

import pytest

from core.errors import Refusal
from nominations.models import Nomination, Nominee
from scoring.defaults import seed_default_criteria
from scoring.models import NomineeScore
from scoring.services import score_self_assess
from workflows.audit import verify_chain
from workflows.nominees import nominee_add, nominee_remove, nominee_update


def household(name: str) -> dict[str, Any]:
    return {"kind": "household", "name": name, "details": {"address": "Khóm Đông Thạnh"}}


def scores_of(nomination: Nomination) -> list[tuple[int, int, str, int | None]]:
    return sorted(
        NomineeScore.objects.filter(nominee__nomination=nomination).values_list(
            "pk", "nominee_id", "criterion__code", "self_points"
        )
    )


@pytest.fixture
def scored(ward, make_nomination) -> Nomination:
    """A Gia đình học tập draft of unit2 with two households, each self-assessed on every criterion."""
    criteria = {s.award_kind.code: s for s in seed_default_criteria(ward.award_kinds)}["gia_dinh_hoc_tap"]
    nomination = make_nomination(
        submitter="unit2",
        award="gia_dinh_hoc_tap",
        nominees=[household("Nguyễn Văn Tư"), household("Trần Thị Năm")],
    )
    rows = [
        {"nominee": nominee.pk, "criterion": criterion.code, "points": min(criterion.max_points, 7)}
        for nominee in nomination.nominees.all()
        for criterion in criteria.criteria.order_by("order")
    ]
    score_self_assess(nomination_id=nomination.pk, actor=ward.users["unit2"], scores=rows)
    return Nomination.objects.get(pk=nomination.pk)


def test_adding_one_nominee_keeps_every_other_nominees_scores(ward, scored):
    # given a file whose two households are scored
    before_nominees = list(scored.nominees.values_list("pk", "name"))
    before_scores = scores_of(scored)
    assert len(before_scores) > 2

    # when a third household is added
    added = nominee_add(
        nomination_id=scored.pk, actor=ward.users["unit2"], version=scored.version, data=household("Lê Văn Sáu")
    )

    # then the first two are the same rows with the same scores, and the file moved one version on
    after = Nomination.objects.get(pk=scored.pk)
    assert list(after.nominees.exclude(pk=added.pk).values_list("pk", "name")) == before_nominees
    assert scores_of(after) == before_scores
    assert (added.name, added.order, after.version) == ("Lê Văn Sáu", 2, scored.version + 1)
    assert verify_chain(after.audit_entries.order_by("seq")) is None


def test_changing_one_nominee_keeps_its_scores_and_the_others(ward, scored):
    first, second = scored.nominees.all()
    before_scores = scores_of(scored)

    nominee_update(
        nomination_id=scored.pk,
        nominee_id=first.pk,
        actor=ward.users["unit2"],
        version=scored.version,
        data=household("Nguyễn Văn Tư (chủ hộ)"),
    )

    assert Nominee.objects.get(pk=first.pk).name == "Nguyễn Văn Tư (chủ hộ)"
    assert Nominee.objects.get(pk=second.pk).name == "Trần Thị Năm"
    assert scores_of(scored) == before_scores


def test_removing_one_nominee_keeps_the_others_scores(ward, scored):
    first, second = scored.nominees.all()
    kept = [row for row in scores_of(scored) if row[1] == second.pk]

    nominee_remove(nomination_id=scored.pk, nominee_id=first.pk, actor=ward.users["unit2"], version=scored.version)

    assert list(Nomination.objects.get(pk=scored.pk).nominees.values_list("pk", flat=True)) == [second.pk]
    assert scores_of(scored) == kept


@pytest.mark.parametrize(
    ("actor", "version_offset", "code"),
    [("unit2", -1, "stale_version"), ("unit1", 0, "not_found")],
)
def test_a_refused_nominee_change_changes_nothing(ward, scored, actor, version_offset, code):
    before = (list(scored.nominees.values_list("pk", "name", "order")), scores_of(scored), scored.version)
    first = scored.nominees.first()

    for attempt in (
        lambda v: nominee_add(nomination_id=scored.pk, actor=ward.users[actor], version=v, data=household("X")),
        lambda v: nominee_update(
            nomination_id=scored.pk, nominee_id=first.pk, actor=ward.users[actor], version=v, data=household("Y")
        ),
        lambda v: nominee_remove(nomination_id=scored.pk, nominee_id=first.pk, actor=ward.users[actor], version=v),
    ):
        with pytest.raises(Refusal) as refused:
            attempt(scored.version + version_offset)
        assert refused.value.code == code

    after = Nomination.objects.get(pk=scored.pk)
    assert (list(after.nominees.values_list("pk", "name", "order")), scores_of(after), after.version) == before


def test_a_nominee_of_another_file_is_not_found(ward, scored, make_nomination):
    other = make_nomination(submitter="unit2", award="gia_dinh_hoc_tap", nominees=[household("Phạm Văn Bảy")])
    stranger = other.nominees.get()

    with pytest.raises(Refusal) as refused:
        nominee_remove(nomination_id=scored.pk, nominee_id=stranger.pk, actor=ward.users["unit2"])

    assert refused.value.status == 404
    assert Nominee.objects.filter(pk=stranger.pk).exists()


def test_the_page_that_adds_a_nominee_keeps_the_others_scores(ward, scored, client):
    client.force_login(ward.users["unit2"], backend="django.contrib.auth.backends.ModelBackend")
    before = scores_of(scored)

    response = client.post(
        f"/ho-so/{scored.pk}/doi-tuong/",
        {"version": scored.version, "kind": "household", "name": "Lê Văn Sáu", "address": "Khóm Đông Thạnh"},
    )

    assert response.status_code == 302, response.content[-2000:]
    assert scored.nominees.count() == 3
    assert scores_of(scored) == before
