import io
import zipfile
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from demo.files import DEMO_PDF
from nominations.models import Nomination, NomineeResult, identity_key
from tests.conftest import SUBMIT

HEADER = ["Đối tượng (kind)", "Họ và tên (name)", "Giới tính (gender)", "Năm sinh (birth_year)"]
HEADER += ["Địa chỉ (address)", "Số CCCD (citizen_id)", "Thành tích (achievements)"]


def xlsx(rows: list[list[Any]], header: list[str] = HEADER) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Danh sách")
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def good_rows(count: int) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for n in range(count):
        if n % 2:
            rows.append(["Hộ gia đình", f"Chủ hộ số {n}", "", "", f"Tổ {n % 40}, Khóm Tây Khánh", "", ""])
        else:
            rows.append(["individual", f"Người số {n}", "Nữ", 1960 + n % 40, "", f"{n:012d}", "Tích cực học tập"])
    return rows


def upload(api: Any, user: str, nomination: Nomination, data: bytes, name: str = "danh-sach.xlsx") -> Any:
    return api(user).post(
        f"/api/v1/nominations/{nomination.pk}/nominees/import/",
        {"file": SimpleUploadedFile(name, data)},
        format="multipart",
    )


def snapshot(nomination: Nomination) -> tuple[int, int, int]:
    fresh = Nomination.objects.get(pk=nomination.pk)
    return fresh.nominees.count(), fresh.audit_entries.count(), fresh.version


def test_template_names_each_column_by_its_field_key(api):
    household = api("unit2").get("/api/v1/award-kinds/gia_dinh_hoc_tap/template.xlsx")
    several = api("unit1").get("/api/v1/award-kinds/giay_khen/template.xlsx")

    assert household.status_code == 200
    assert household["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    book = load_workbook(io.BytesIO(household.content))
    header = [c.value for c in book.worksheets[0][1]]
    assert header[0] == "Họ và tên chủ hộ (name)"
    assert [h.rsplit("(", 1)[1].rstrip(")") for h in header] == [
        "name",
        "honorific",
        "gender",
        "birth_year",
        "ethnicity",
        "position",
        "unit_name",
        "address",
        "citizen_id",
        "achievements",
    ]
    guide_keys = [row[2] for row in book.worksheets[1].iter_rows(min_row=2, max_row=11, values_only=True)]
    assert guide_keys == [h.rsplit("(", 1)[1].rstrip(")") for h in header]
    several_header = [c.value for c in load_workbook(io.BytesIO(several.content)).worksheets[0][1]]
    assert several_header[0] == "Đối tượng (kind)"
    assert api("unit1").get("/api/v1/award-kinds/khong_co/template.xlsx").status_code == 404


def test_a_filled_template_imports_back(ward, api, make_nomination):
    nomination = make_nomination(submitter="unit2", award="gia_dinh_hoc_tap", nominees=[], attachments=())
    template = load_workbook(io.BytesIO(api("unit2").get("/api/v1/award-kinds/gia_dinh_hoc_tap/template.xlsx").content))
    sheet = template.worksheets[0]
    sheet.append(["Nguyễn Văn Tư", "Ông", "Nam", 1960, "Kinh", "", "", "Khóm Đông Thạnh", "", ""])
    data = io.BytesIO()
    template.save(data)

    response = upload(api, "unit2", nomination, data.getvalue())

    assert (response.status_code, response.json()) == (200, {"imported": 1})
    imported = nomination.nominees.get()
    assert (imported.kind, imported.name, imported.gender, imported.address) == (
        "household",
        "Nguyễn Văn Tư",
        "male",
        "Khóm Đông Thạnh",
    )
    assert imported.achievements == nomination.summary
    # the rows COPY wrote carry what the model would have set itself
    assert (imported.honorific, imported.birth_year, imported.ethnicity, imported.order) == ("Ông", 1960, "Kinh", 0)
    assert imported.result == NomineeResult.PENDING
    assert imported.identity_key == identity_key(
        kind="household", name="Nguyễn Văn Tư", citizen_id="", birth_year=1960, address="Khóm Đông Thạnh"
    )


def test_thousands_of_rows_with_some_errors_import_nothing_and_list_every_error(api, make_nomination):
    nomination = make_nomination(nominees=[], attachments=())
    rows = good_rows(3000)
    rows[10 - 2][3] = "năm ngoái"  # spreadsheet row 10
    rows[500 - 2][5] = "123"
    rows[500 - 2][2] = "X"
    rows[1500 - 2] = ["household", "Chủ hộ thiếu địa chỉ", "", "", "", "", ""]
    rows[2000 - 2] = list(rows[4 - 2])
    rows[2500 - 2][0] = "Dòng họ"
    rows[2800 - 2][1] = ""
    before = snapshot(nomination)

    response = upload(api, "unit1", nomination, xlsx(rows))

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "import_invalid"
    assert [(e["row"], e["column"]) for e in body["errors"]] == [
        (10, "birth_year"),
        (500, "gender"),
        (500, "citizen_id"),
        (1500, "address"),
        (2000, "citizen_id"),
        (2500, "kind"),
        (2800, "name"),
    ]
    assert all(e["message"] for e in body["errors"])
    assert "4" in body["errors"][4]["message"]
    assert body["errors"][0]["cell"] == "D10"
    assert snapshot(nomination) == before


def test_thousands_of_rows_without_errors_all_import_in_one_step(api, make_nomination):
    nomination = make_nomination(attachments=())
    before_count, before_audit, before_version = snapshot(nomination)

    response = upload(api, "unit1", nomination, xlsx(good_rows(3000)))

    assert (response.status_code, response.json()) == (200, {"imported": 3000})
    assert snapshot(nomination) == (before_count + 3000, before_audit + 1, before_version + 1)
    entry = nomination.audit_entries.order_by("-seq").first()
    assert entry.transition == "import"
    assert "3000" in entry.comment
    orders = list(nomination.nominees.order_by("order").values_list("order", flat=True))
    assert orders == list(range(3001))
    assert nomination.nominees.get(name="Người số 2").citizen_id == "000000000002"


def test_rows_are_numbered_as_the_spreadsheet_shows_them(api, make_nomination):
    nomination = make_nomination(nominees=[], attachments=())
    rows = [*good_rows(2), [None] * 7, [None] * 7, ["individual", "Người sai", "Nữ", 1800, "", "", ""]]

    response = upload(api, "unit1", nomination, xlsx(rows))

    assert [(e["row"], e["column"]) for e in response.json()["errors"]] == [(6, "birth_year")]


def test_a_nominee_already_recognised_in_the_round_is_refused(ward, api, make_nomination):
    household = {"kind": "household", "name": "Nguyễn Văn Tư", "details": {"address": "Khóm Đông Thạnh"}}
    recognised = make_nomination(
        submitter="unit2",
        award="gia_dinh_hoc_tap",
        nominees=[household],
        steps=(("unit2", "submit", ""), ("reviewer", "accept", ""), ("reviewer", "recognize", "Đạt")),
    )
    assert recognised.nominees.get().result == NomineeResult.APPROVED
    later = make_nomination(submitter="unit2", award="gia_dinh_hoc_tap", nominees=[], attachments=())
    header = ["Họ và tên chủ hộ (name)", "Địa chỉ (address)"]

    response = upload(
        api, "unit2", later, xlsx([["Nguyễn Văn Tư", "Khóm Đông Thạnh"], ["Lê Thị Ba", "Khóm A"]], header)
    )

    assert response.status_code == 400
    assert [(e["row"], e["column"]) for e in response.json()["errors"]] == [(2, "name")]
    assert later.nominees.count() == 0


def test_a_header_without_field_keys_is_refused(api, make_nomination):
    nomination = make_nomination(nominees=[], attachments=())

    response = upload(api, "unit1", nomination, xlsx([["Nguyễn Văn A"]], ["Họ và tên"]))

    assert response.status_code == 400
    assert {e["row"] for e in response.json()["errors"]} == {1}
    assert nomination.nominees.count() == 0


def zip_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (30 * 1024 * 1024))
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (DEMO_PDF, "unsupported_file_type"),
        (zip_bomb(), "suspicious_archive"),
        (b"Ho va ten\nA\n", "unsupported_file_type"),
    ],
)
def test_a_file_that_is_not_a_plain_xlsx_is_refused_by_content(api, make_nomination, data, code):
    nomination = make_nomination(nominees=[], attachments=())

    response = upload(api, "unit1", nomination, data, name="danh-sach.xlsx")

    assert (response.status_code, response.json()["code"]) == (400, code)
    assert nomination.nominees.count() == 0


def test_import_only_while_the_file_may_be_edited(api, make_nomination):
    submitted = make_nomination(steps=(SUBMIT,))
    draft = make_nomination(attachments=())
    before = snapshot(submitted)

    closed = upload(api, "unit1", submitted, xlsx(good_rows(2)))
    other_unit = upload(api, "unit2", draft, xlsx(good_rows(2)))

    assert (closed.status_code, closed.json()["code"]) == (409, "not_editable")
    assert other_unit.status_code == 404
    assert snapshot(submitted) == before
    assert draft.nominees.count() == 1


@pytest.mark.django_db
def test_a_birth_year_after_this_year_is_refused_and_this_year_is_taken(ward):
    from django.utils import timezone

    from core.errors import Refusal
    from workflows.drafting import clean_nominee

    award_kind = ward.award_kinds["giay_khen"]
    this_year = timezone.localdate().year
    person = {"kind": "individual", "name": "Trần Thị Năm"}
    assert clean_nominee({**person, "birth_year": this_year}, award_kind=award_kind)["birth_year"] == this_year
    for year in (this_year + 1, 1899):
        with pytest.raises(Refusal) as refused:
            clean_nominee({**person, "birth_year": year}, award_kind=award_kind)
        assert refused.value.extra["field"] == "nominees.details.birth_year"


def test_an_import_does_not_tell_a_unit_whether_a_cccd_is_on_another_units_file(ward, api, make_nomination):
    cccd = "089111222333"
    other = make_nomination(
        nominees=[{"kind": "individual", "name": "Người Đơn Vị Khác", "details": {"citizen_id": cccd}}],
        steps=(SUBMIT,),
    )
    other.nominees.update(result=NomineeResult.APPROVED)  # given: approved on unit1's file
    probe = make_nomination(submitter="unit2", nominees=[], attachments=())

    response = upload(api, "unit2", probe, xlsx([["individual", "Tên Dò Hỏi", "Nam", 1970, "", cccd, ""]]))

    assert response.status_code == 200, response.json()
    assert response.json()["imported"] == 1
