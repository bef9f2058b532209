"""The empty workbook a unit fills in to add nominees in bulk (API.md "Bulk work"), one per award kind.

Its vocabulary (the columns, their field keys, the words a cell may hold) is also what workflows.imports
reads a filled-in workbook by.
"""

from __future__ import annotations

import io
import re

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from core import uploads as files
from nominations.models import AwardKind, NomineeKind
from nominations.models import normalize_text as norm

MAX_ROWS = 20_000

DETAIL_KEYS = (
    "honorific",
    "gender",
    "birth_year",
    "ethnicity",
    "position",
    "unit_name",
    "address",
    "citizen_id",
)
FIELD_KEYS = ("kind", "name", *DETAIL_KEYS, "achievements")

NAME_LABELS = {
    NomineeKind.INDIVIDUAL: "Họ và tên",
    NomineeKind.COLLECTIVE: "Tên tập thể",
    NomineeKind.HOUSEHOLD: "Họ và tên chủ hộ",
    NomineeKind.CLAN: "Tên dòng họ (họ tộc)",
    NomineeKind.UNIT: "Tên đơn vị",
    NomineeKind.COMMUNITY: "Tên cộng đồng (khóm)",
}
LABELS = {
    "kind": "Đối tượng",
    "honorific": "Danh xưng",
    "gender": "Giới tính",
    "birth_year": "Năm sinh",
    "ethnicity": "Dân tộc",
    "position": "Chức vụ",
    "unit_name": "Đơn vị công tác",
    "address": "Địa chỉ (khóm)",
    "citizen_id": "Số CCCD",
    "achievements": "Thành tích ghi trên giấy khen / giấy công nhận",
}
HELP = {
    "kind": "Một trong: {kinds}.",
    "name": "Bắt buộc. Tối đa 300 ký tự.",
    "honorific": "Ông hoặc Bà (cá nhân, chủ hộ).",
    "gender": "Nam hoặc Nữ.",
    "birth_year": "Năm sinh gồm 4 chữ số, ví dụ 1982.",
    "ethnicity": "Ví dụ: Kinh, Khmer, Hoa, Chăm.",
    "position": "Chức vụ hiện tại (cá nhân).",
    "unit_name": "Cơ quan, đơn vị công tác (cá nhân).",
    "address": "Khóm / tổ dân phố. Bắt buộc với hộ gia đình và dòng họ.",
    "citizen_id": "Đúng 12 chữ số; nhập dạng văn bản để giữ số 0 đầu. Không bắt buộc.",
    "achievements": "Để trống: dùng tóm tắt thành tích của hồ sơ.",
}
# Without an address, two heads of household with the same name could not be told apart.
REQUIRED_BY_KIND = {NomineeKind.HOUSEHOLD: ("address",), NomineeKind.CLAN: ("address",)}
# A header is its column's label followed by the field key in parentheses; only the key is read back.
HEADER_KEY = re.compile(r"\(([a-z_]+)\)\s*$")
XLSX_CONTENT_TYPE = files.XLSX.content_type


def kinds_accept_several(award_kind: AwardKind) -> bool:
    return len(award_kind.nominee_kinds) > 1


def kind_aliases() -> dict[str, str]:
    """What a kind cell may hold, normalised, to the kind's code: the code or the label the drop-down offers."""
    aliases = {code: code for code in NomineeKind.values}
    aliases.update({norm(str(label)): code for code, label in NomineeKind.choices})
    return aliases


def template_columns(award_kind: AwardKind) -> list[tuple[str, str]]:
    """(key, header) for each column of the award kind's template, in order."""
    kinds = list(award_kind.nominee_kinds)
    name_label = NAME_LABELS[kinds[0]] if len(kinds) == 1 else "Họ và tên / tên tập thể"
    keys = [k for k in FIELD_KEYS if k != "kind" or kinds_accept_several(award_kind)]
    return [(key, f"{name_label if key == 'name' else LABELS[key]} ({key})") for key in keys]


def template_xlsx(award_kind: AwardKind) -> bytes:
    """The empty template: one header row, and a second sheet explaining each column."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Danh sách"
    columns = template_columns(award_kind)
    sheet.append([header for _, header in columns])
    kind_labels = [str(NomineeKind(k).label) for k in award_kind.nominee_kinds]
    for index, (key, header) in enumerate(columns, start=1):
        letter = get_column_letter(index)
        sheet[f"{letter}1"].font = Font(bold=True)
        sheet.column_dimensions[letter].width = max(14, min(len(header) + 2, 48))
        choices = {"kind": kind_labels, "gender": ["Nam", "Nữ"], "honorific": ["Ông", "Bà"]}.get(key)
        if choices:
            validation = DataValidation(type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True)
            validation.add(f"{letter}2:{letter}{MAX_ROWS + 1}")
            sheet.add_data_validation(validation)
        if key == "citizen_id":
            sheet.column_dimensions[letter].number_format = "@"
    sheet.freeze_panes = "A2"
    guide = workbook.create_sheet("Hướng dẫn")
    guide.append(["Cột", "Tiêu đề", "Mã trường", "Bắt buộc", "Giá trị hợp lệ / ghi chú"])
    for cell in guide[1]:
        cell.font = Font(bold=True)
    required = {"name"} | {k for kind in award_kind.nominee_kinds for k in REQUIRED_BY_KIND.get(kind, ())}
    if kinds_accept_several(award_kind):
        required.add("kind")
    for index, (key, header) in enumerate(columns, start=1):
        note = HELP[key].format(kinds=", ".join(kind_labels))
        guide.append([get_column_letter(index), header, key, "Có" if key in required else "Không", note])
    guide.append([])
    guide.append(["", f"Mỗi dòng một {', '.join(kind_labels).lower()}; tối đa {MAX_ROWS} dòng."])
    guide.append(["", "Tệp có lỗi thì không dòng nào được nhập; danh sách lỗi ghi rõ dòng và cột."])
    for letter, width in zip("ABCDE", (6, 44, 16, 10, 70), strict=True):
        guide.column_dimensions[letter].width = width
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
