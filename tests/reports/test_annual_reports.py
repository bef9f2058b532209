"""Annual movement reports: units file by 15/11 (late is accepted, flagged), the HKH adds them up."""

from __future__ import annotations

import datetime
import io

import pytest
from openpyxl import load_workbook

from core.clock import replay_on
from core.errors import Refusal
from nominations.models import AnnualReport, AnnualReportStatus, UnitKind
from reports.annual import annual_report_save
from workflows.models import OutboxEvent

YEAR = datetime.date.today().year
ON_TIME = datetime.date(YEAR, 11, 10)
LATE = datetime.date(YEAR, 11, 16)
URL = f"/api/v1/annual-reports/{YEAR}/"
LHPN = "Hội Liên hiệp Phụ nữ phường"
KHOM = "Khóm Đông Thạnh"

WOMEN = {
    "households": 0,
    "learning_households": 120,
    "learning_citizens": 85,
    "events_held": 6,
    "participants": 410,
    "results": "Tổ chức 6 buổi sinh hoạt chuyên đề học tập suốt đời.",
    "difficulties": "Kinh phí hạn chế.",
}
KHOM_FIGURES = {
    "households": 640,
    "learning_households": 455,
    "learning_clans": 3,
    "learning_citizens": 1210,
    "events_held": 4,
    "participants": 900,
    "results": '=HYPERLINK("http://x")',  # typed by a user: must stay text in the workbook
}


def _file(api, who, figures, day):
    client = api(who)
    with replay_on(day):
        saved = client.put(URL, figures, format="json")
        submitted = client.post(f"{URL}submit/")
    assert saved.status_code == 200, saved.content
    return submitted


def _state():
    return (
        list(AnnualReport.objects.order_by("pk").values()),
        OutboxEvent.objects.filter(event="annual_report.submitted").count(),
    )


def test_a_unit_saves_a_draft_and_submits_it_on_time(ward, api):
    client = api("unit1")

    saved = client.put(URL, WOMEN, format="json")
    read = client.get(URL)
    with replay_on(ON_TIME):
        submitted = client.post(f"{URL}submit/")

    assert saved.json()["status"] == "draft"
    assert read.json()["learning_households"] == 120
    assert read.json()["unit_name"] == LHPN
    assert submitted.status_code == 200
    body = submitted.json()
    assert (body["status"], body["is_late"], body["due_on"], body["submitted_by"]) == (
        "submitted",
        False,
        f"{YEAR}-11-15",
        "unit1",
    )
    event = OutboxEvent.objects.get(event="annual_report.submitted")
    assert event.unit_id == ward.units[LHPN].pk
    assert event.organization_id == ward.organization.pk
    assert event.nomination_id is None


def test_a_report_after_15_11_is_accepted_and_flagged_late(ward, api):
    response = _file(api, "unit2", KHOM_FIGURES, LATE)

    assert response.status_code == 200
    assert response.json()["is_late"] is True
    assert OutboxEvent.objects.get(event="annual_report.submitted").payload["late"] is True


def test_the_hkh_adds_up_the_units_and_lists_who_has_not_reported(ward, api):
    _file(api, "unit1", WOMEN, ON_TIME)
    _file(api, "unit2", KHOM_FIGURES, LATE)
    api("unit1").get(URL)  # reading does not create a report

    body = api("reviewer").get(f"/api/v1/reports/annual/{YEAR}/").json()

    # hand-summed: 0 + 640, 120 + 455, 0 + 3, 85 + 1210, 0 + 0, 6 + 4, 410 + 900
    assert body["totals"] == {
        "households": 640,
        "learning_households": 575,
        "learning_clans": 3,
        "learning_citizens": 1295,
        "learning_units": 0,
        "events_held": 10,
        "participants": 1310,
    }
    # 15 demo units less the HKH, the council and the People's Committee, who receive the reports
    assert (body["units_expected"], body["units_submitted"], body["units_late"]) == (12, 2, 1)
    assert [r["name"] for r in body["reports"]] == [LHPN, KHOM]
    missing = {u["name"] for u in body["not_submitted"]}
    assert len(missing) == 10
    assert "Khóm Tây Khánh" in missing
    assert LHPN not in missing
    assert not {UnitKind.HOI_KHUYEN_HOC, UnitKind.UBND} & {u["kind"] for u in body["not_submitted"]}


def test_the_aggregate_downloads_as_a_workbook_with_user_text_kept_as_text(ward, api):
    _file(api, "unit1", WOMEN, ON_TIME)
    _file(api, "unit2", KHOM_FIGURES, LATE)

    response = api("reviewer").get(f"/api/v1/reports/annual/{YEAR}/?format=xlsx")

    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    totals = dict(book["Tổng hợp"].iter_rows(values_only=True))
    assert totals["số hộ đạt Gia đình học tập"] == 575
    assert totals["Trong đó gửi trễ hạn"] == 1
    khom = next(r for r in book["Đơn vị đã báo cáo"].iter_rows(values_only=True) if r[0] == KHOM)
    assert '\'=HYPERLINK("http://x")' in khom
    assert khom[3] == "có"
    assert book["Chưa báo cáo"].max_row == 11  # header + 10 units


def test_a_submitted_report_no_longer_changes(ward, api):
    _file(api, "unit1", WOMEN, ON_TIME)
    before = _state()

    edited = api("unit1").put(URL, {"learning_households": 999}, format="json")
    again = api("unit1").post(f"{URL}submit/")

    assert edited.status_code == again.status_code == 409
    assert edited.json()["code"] == "already_submitted"
    assert _state() == before


def test_submitting_without_the_years_results_is_refused(ward, api):
    api("unit1").put(URL, {"learning_households": 5}, format="json")
    before = _state()

    response = api("unit1").post(f"{URL}submit/")

    assert response.status_code == 400
    assert response.json()["code"] == "results_required"
    assert _state() == before
    assert AnnualReport.objects.get().status == AnnualReportStatus.DRAFT


@pytest.mark.parametrize("figure", [-1, 2**31, 10**20])
def test_bad_figures_are_refused_and_nothing_is_saved(ward, api, figure):
    response = api("unit1").put(URL, {"learning_households": figure, "results": "x"}, format="json")

    assert response.status_code == 400
    assert response.json()["code"] == "validation_error"
    assert not AnnualReport.objects.exists()


def test_a_figure_beyond_the_column_is_refused_by_the_service_too(ward):
    with pytest.raises(Refusal) as refused:
        annual_report_save(actor=ward.users["unit1"], year=YEAR, data={"participants": 2**31})

    assert refused.value.code == "validation_error"
    assert "2.147.483.647" in refused.value.message
    assert not AnnualReport.objects.exists()


@pytest.mark.parametrize("who", ["reviewer", "secretary", "supervisor"])
def test_only_a_units_submitter_files_its_report(ward, api, who):
    saved = api(who).put(URL, WOMEN, format="json")
    submitted = api(who).post(f"{URL}submit/")

    assert saved.status_code == submitted.status_code == 403
    assert not AnnualReport.objects.exists()
    assert not OutboxEvent.objects.filter(event="annual_report.submitted").exists()


@pytest.mark.parametrize("who", ["unit1", "secretary", "supervisor"])
def test_only_the_hkh_reads_the_aggregate(ward, api, who):
    response = api(who).get(f"/api/v1/reports/annual/{YEAR}/?format=xlsx")

    assert response.status_code == 403
    assert response.json()["code"] == "reviewer_only"


def test_a_unit_cannot_file_for_another_unit(ward, api):
    other = ward.units["Khóm Tây Khánh"].pk

    response = api("unit1").put(f"{URL}?unit={other}", WOMEN, format="json")

    assert response.status_code == 403
    assert not AnnualReport.objects.exists()
