"""The title track's score sheet: the unit self-assesses, the reviewer scores, then recognises."""

from __future__ import annotations

from typing import Any

import pytest

from nominations.models import Nomination
from scoring.defaults import seed_default_criteria
from scoring.models import NomineeScore

SUBMIT2 = ("unit2", "submit", "")
ACCEPT = ("reviewer", "accept", "")


def household(name: str) -> dict[str, Any]:
    return {"kind": "household", "name": name, "details": {"address": "Khóm Đông Thạnh"}}


@pytest.fixture
def criteria(ward):
    return {s.award_kind.code: s for s in seed_default_criteria(ward.award_kinds)}


def full_marks(criteria_set, nominee_id: int) -> dict[str, str]:
    form = {}
    for c in criteria_set.criteria.all():
        key = f"{nominee_id}-{c.code}"
        if c.max_points is not None:
            form[f"p-{key}"] = str(c.max_points)
        form[f"m-{key}"] = "1"
    return form


def test_the_unit_fills_its_self_assessment(web, criteria, make_nomination):
    # given a draft Gia đình học tập file of the khóm
    nomination = make_nomination(submitter="unit2", award="gia_dinh_hoc_tap", nominees=[household("Nguyễn Văn Tư")])
    nominee = nomination.nominees.get()
    unit = web("unit2")
    assert "/cham-diem/" in unit.get(f"/ho-so/{nomination.pk}/").content.decode()

    # when the unit enters points for each criterion
    response = unit.post(f"/ho-so/{nomination.pk}/cham-diem/", full_marks(criteria["gia_dinh_hoc_tap"], nominee.pk))

    # then they are stored as self-assessment, not as the review
    assert response.status_code == 302
    scores = NomineeScore.objects.filter(nominee=nominee)
    assert sum(s.self_points or 0 for s in scores) == 100
    assert all(s.review_points is None for s in scores)


def test_the_reviewer_scores_and_recognises(web, criteria, make_nomination):
    # given a file under review with two households
    nomination = make_nomination(
        submitter="unit2",
        award="gia_dinh_hoc_tap",
        nominees=[household("Nguyễn Văn Tư"), household("Lê Thị Năm")],
        steps=(SUBMIT2, ACCEPT),
    )
    passing, failing = nomination.nominees.order_by("order")
    reviewer = web("reviewer")
    form = full_marks(criteria["gia_dinh_hoc_tap"], passing.pk)
    form.update({f"p-{failing.pk}-{c.code}": "1" for c in criteria["gia_dinh_hoc_tap"].criteria.all()})

    # when the reviewer saves the scores and recognises the file
    assert reviewer.post(f"/ho-so/{nomination.pk}/cham-diem/", form).status_code == 302
    sheet = reviewer.get(f"/ho-so/{nomination.pk}/cham-diem/").content.decode()
    version = Nomination.objects.get(pk=nomination.pk).version
    response = reviewer.post(
        f"/ho-so/{nomination.pk}/thao-tac/", {"transition": "recognize", "version": version, "comment": "Đạt"}
    )

    # then the sheet showed the verdicts and recognition set each result
    assert 'name="transition" value="recognize"' in sheet
    assert response.status_code == 302
    assert Nomination.objects.get(pk=nomination.pk).status == "approved"
    passing.refresh_from_db()
    failing.refresh_from_db()
    assert (passing.result, failing.result) == ("approved", "not_approved")


def test_points_above_the_maximum_are_refused_on_the_sheet(web, criteria, make_nomination):
    nomination = make_nomination(
        submitter="unit2", award="gia_dinh_hoc_tap", nominees=[household("Nguyễn Văn Tư")], steps=(SUBMIT2, ACCEPT)
    )
    nominee = nomination.nominees.get()
    first = criteria["gia_dinh_hoc_tap"].criteria.order_by("order").first()

    response = web("reviewer").post(f"/ho-so/{nomination.pk}/cham-diem/", {f"p-{nominee.pk}-{first.code}": "99"})

    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="refusal"' in html
    assert f"Nguyễn Văn Tư — {first.code}" in html
    assert 'value="99"' in html
    assert not NomineeScore.objects.filter(nominee=nominee).exists()


def test_the_unit_cannot_score_once_submitted(web, criteria, make_nomination):
    nomination = make_nomination(
        submitter="unit2", award="gia_dinh_hoc_tap", nominees=[household("Nguyễn Văn Tư")], steps=(SUBMIT2, ACCEPT)
    )
    nominee = nomination.nominees.get()

    response = web("unit2").post(
        f"/ho-so/{nomination.pk}/cham-diem/", full_marks(criteria["gia_dinh_hoc_tap"], nominee.pk)
    )

    assert response.status_code == 404
    assert not NomineeScore.objects.filter(nominee=nominee).exists()


def test_a_commendation_file_has_no_score_sheet(web, make_nomination):
    nomination = make_nomination()
    assert web("unit1").get(f"/ho-so/{nomination.pk}/cham-diem/").status_code == 404


def test_the_sheet_is_a_grid_of_nominees_by_criteria_and_a_save_comes_back_to_the_same_cell(
    web, criteria, make_nomination
):
    nomination = make_nomination(
        submitter="unit2",
        award="gia_dinh_hoc_tap",
        nominees=[household("Nguyễn Văn Tư"), household("Lê Thị Năm")],
        steps=(SUBMIT2, ACCEPT),
    )
    first, second = nomination.nominees.order_by("order")
    codes = list(criteria["gia_dinh_hoc_tap"].criteria.order_by("order").values_list("code", flat=True))
    reviewer = web("reviewer")
    url = f"/ho-so/{nomination.pk}/cham-diem/"

    sheet = reviewer.get(url).content.decode()
    place = f"p-{second.pk}-{codes[2]}"
    saved = reviewer.post(url, {f"p-{first.pk}-{codes[0]}": "1", place: "1", "place": place})
    back = reviewer.get(saved["Location"]).content.decode()
    forged = reviewer.post(url, {f"p-{first.pk}-{codes[0]}": "1", "place": "javascript:alert(1)"})

    # one row per nominee, one column per criterion, each column with its fill box
    assert sheet.count('<tr id="row-') == 2
    assert sheet.count('<th scope="col" data-column=') == len(codes)
    assert sheet.count("data-fill-column=") == len(codes)
    assert saved.status_code == 302
    assert saved["Location"] == f"{url}?o={place}#{place}"
    assert f'id="{place}" name="{place}"' in back
    assert back.split(f'id="{place}"')[1].split(">")[0].endswith("autofocus")
    assert forged["Location"] == url


def test_a_refused_score_is_marked_on_its_cell_with_the_reason(web, criteria, make_nomination):
    nomination = make_nomination(
        submitter="unit2", award="gia_dinh_hoc_tap", nominees=[household("Nguyễn Văn Tư")], steps=(SUBMIT2, ACCEPT)
    )
    nominee = nomination.nominees.get()
    first, second = criteria["gia_dinh_hoc_tap"].criteria.order_by("order")[:2]
    key = f"{nominee.pk}-{second.code}"

    response = web("reviewer").post(
        f"/ho-so/{nomination.pk}/cham-diem/", {f"p-{nominee.pk}-{first.code}": "1", f"p-{key}": "999"}
    )

    html = response.content.decode()
    cell = html.split(f'id="p-{key}"')[1].split(">")[0]
    assert response.status_code == 400
    assert 'aria-invalid="true"' in cell
    assert f'aria-describedby="e-{key}"' in cell
    assert "autofocus" in cell
    assert f'<span class="cell-error-text" id="e-{key}">' in html
    # the other cell keeps what was typed, and nothing is stored
    assert f'id="p-{nominee.pk}-{first.code}" name="p-{nominee.pk}-{first.code}" min="0"' in html
    assert not NomineeScore.objects.filter(nominee=nominee).exists()
