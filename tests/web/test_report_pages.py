"""The reports page: a round's figures with SVG bar charts, the phase view, and export links."""

from __future__ import annotations

import re

from nominations.models import Phase
from tests.awards.award_steps import approved_files, person


def page(response) -> str:
    return response.content.decode()


def test_the_round_report_counts_and_draws_the_figures(web, ward, make_nomination):
    # given two approved files of unit1 and one draft of unit2 (drafts stay inside the unit)
    approved_files(ward, make_nomination, count=2)
    make_nomination(submitter="unit2", nominees=[person("Trần Văn Ba")])
    round_ = ward.rounds["current"]

    # when the secretary opens the report of the round
    response = web("secretary").get("/bao-cao/", {"round": round_.pk})

    # then the totals are the approved files, drawn as bars with the site's classes and no inline style
    html = page(response)
    assert response.status_code == 200
    totals = re.search(r'id="totals-title".*?</dl>', html, re.S).group(0)
    assert re.findall(r"<dd>(\d+)</dd>", totals)[:3] == ["2", "2", "2"]
    assert html.count('<svg class="chart-svg"') == 5
    assert 'class="chart-bar chart-series-1"' in html
    assert "style=" not in html
    assert "Hội Liên hiệp Phụ nữ phường" in html
    assert f"/api/v1/reports/rounds/{round_.pk}/?format=xlsx" in html


def test_chart_coordinates_are_not_localised(web, ward, make_nomination):
    # given a round whose progress shares are fractions
    approved_files(ward, make_nomination, count=1)
    for unit in ward.units.values():
        unit.households = 3
        unit.save(update_fields=["households"])

    # when the page is read in Vietnamese, where the decimal separator is a comma
    html = page(web("secretary").get("/bao-cao/", {"round": ward.rounds["current"].pk}))

    # then every SVG number attribute is written with a point
    svg = "".join(re.findall(r"<svg.*?</svg>", html, re.S))
    numbers = re.findall(r'\b(?:x|y|width|height|x1|x2|y1|y2)="([^"]*)"', svg)
    assert any("." in n for n in numbers)
    assert all(re.fullmatch(r"-?\d+(\.\d+)?", n) for n in numbers)


def test_a_unit_sees_only_its_own_files_in_the_report(web, ward, make_nomination):
    # given a submitted file of unit1 and one of unit2
    make_nomination(steps=(("unit1", "submit", ""),))
    make_nomination(submitter="unit2", nominees=[person("Trần Văn Ba")], steps=(("unit2", "submit", ""),))

    # when unit2 opens the report
    html = page(web("unit2").get("/bao-cao/", {"round": ward.rounds["current"].pk}))

    # then only its file is counted
    totals = re.search(r'id="totals-title".*?</dl>', html, re.S).group(0)
    assert re.findall(r"<dd>(\d+)</dd>", totals)[0] == "1"
    assert "Hội Liên hiệp Phụ nữ phường" not in html


def test_the_xlsx_export_answers_with_the_session(web, ward, make_nomination):
    approved_files(ward, make_nomination, count=1)

    response = web("secretary").get(f"/api/v1/reports/rounds/{ward.rounds['current'].pk}/", {"format": "xlsx"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_the_phase_view_lists_its_rounds(web, ward, make_nomination):
    # given a phase covering the current round
    approved_files(ward, make_nomination, count=1)
    round_ = ward.rounds["current"]
    phase = Phase.objects.create(
        campaign=round_.campaign,
        name="Sơ kết giai đoạn thử",
        start_year=round_.year,
        end_year=round_.year,
        review_kind="interim",
    )

    # when
    response = web("secretary").get("/bao-cao/giai-doan/", {"phase": phase.pk})

    # then
    html = page(response)
    assert response.status_code == 200
    assert "Sơ kết giai đoạn thử" in html
    assert round_.name in html
    assert html.count('<svg class="chart-svg"') == 6
    assert f"/api/v1/reports/phases/{phase.pk}/?format=xlsx" in html


def test_the_reports_page_needs_sign_in(web):
    response = web(None).get("/bao-cao/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
