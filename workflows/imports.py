"""Bulk nominees from a spreadsheet (API.md "Bulk work"): the import of a filled-in template
(workflows.import_template), which checks every row and then adds all of them or none.

The file is read with python-calamine (a Rust reader, several times openpyxl's speed), row by row;
only the cleaned rows are kept. The duplicate and already-awarded checks are one query over the
whole batch, and on PostgreSQL the rows go in with one COPY (bulk INSERT elsewhere).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.db import connection, models, transaction
from django.utils import translation
from openpyxl.utils import get_column_letter
from python_calamine import CalamineWorkbook

from core import uploads as files
from core.errors import Refusal
from nominations.models import AwardHistory, AwardKind, Nomination, Nominee, NomineeResult, identity_key
from nominations.models import normalize_text as norm
from workflows import import_template as template
from workflows.audit import record_act
from workflows.drafting import clean_nominee, lock_editable
from workflows.services import version_bump

MAX_REPORTED_ERRORS = 5_000
LOOKUP_CHUNK = 900  # below SQLite's bound-parameter limit


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str
    cell: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message, "cell": self.cell}


def _vi_en(vi: str, en: str) -> str:
    return en if (translation.get_language() or "vi").startswith("en") else vi


def _cell_text(value: Any, key: str) -> Any:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if key == "citizen_id" and isinstance(value, int):
        # A number cell drops the leading zeros of a CCCD (which starts with the province code 0xx).
        return str(value).zfill(12)
    if isinstance(value, str):
        return value.strip()
    return value


class _Reader:
    def __init__(self, award_kind: AwardKind) -> None:
        self.award_kind = award_kind
        self.errors: list[RowError] = []
        self.error_count = 0
        self.aliases = template.kind_aliases()
        self.letters: dict[str, str] = {}

    def error(self, row: int, column: str, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_REPORTED_ERRORS:
            letter = self.letters.get(column, "")
            self.errors.append(RowError(row, column, message, f"{letter}{row}" if letter else ""))

    def read_header(self, header: tuple[Any, ...]) -> dict[int, str]:
        columns: dict[int, str] = {}
        for index, value in enumerate(header):
            text = str(value or "").strip()
            if not text:
                continue
            match = template.HEADER_KEY.search(text)
            key = match.group(1) if match else ""
            if key not in template.FIELD_KEYS:
                self.error(
                    1,
                    key or get_column_letter(index + 1),
                    _vi_en(
                        f"không nhận ra cột «{text}»: tiêu đề phải kết thúc bằng mã trường trong ngoặc, như mẫu.",
                        f"unknown column '{text}': a header ends with its field key in parentheses.",
                    ),
                )
                continue
            if key in columns.values():
                self.error(1, key, _vi_en("cột bị lặp.", "duplicate column."))
                continue
            columns[index] = key
            self.letters[key] = get_column_letter(index + 1)
        if "name" not in columns.values():
            self.error(1, "name", _vi_en("thiếu cột tên (name).", "the name column is missing."))
        if template.kinds_accept_several(self.award_kind) and "kind" not in columns.values():
            self.error(1, "kind", _vi_en("thiếu cột đối tượng (kind).", "the kind column is missing."))
        return columns

    def clean_row(self, row: int, values: dict[str, Any]) -> dict[str, Any] | None:
        award_kind = self.award_kind
        kind_text = str(values.get("kind") or "")
        if kind_text:
            kind = self.aliases.get(norm(kind_text), kind_text)
        else:
            kind = award_kind.nominee_kinds[0] if not template.kinds_accept_several(award_kind) else ""
        work: dict[str, Any] = {
            "kind": kind,
            "name": values.get("name", ""),
            "achievements": values.get("achievements", ""),
        }
        details = {key: values[key] for key in template.DETAIL_KEYS if values.get(key) not in (None, "")}
        failed = False
        cleaned = None
        # clean_nominee stops at the first bad field: set it aside and check the rest, so every error is listed.
        for _ in range(len(template.FIELD_KEYS) + 1):
            try:
                cleaned = clean_nominee({**work, "details": details}, award_kind=award_kind, position="row")
                break
            except Refusal as refusal:
                key = str(refusal.extra.get("field", "")).rsplit(".", 1)[-1]
                self.error(row, key, refusal.message.split(": ", 1)[-1])
                failed = True
                if key == "kind":
                    work["kind"] = award_kind.nominee_kinds[0]
                elif key == "name":
                    work["name"] = "-"
                elif key in details:
                    details.pop(key)
                else:
                    break
        for key in template.REQUIRED_BY_KIND.get(work["kind"], ()):
            if values.get(key) in (None, ""):
                self.error(row, key, _vi_en("bắt buộc nhập.", "required."))
                failed = True
        return None if failed else cleaned


def _unreadable() -> Refusal:
    return Refusal(
        "unreadable_spreadsheet",
        "Không đọc được tệp XLSX. Hãy dùng tệp mẫu tải về từ hệ thống.",
        "The XLSX file cannot be read. Use the template downloaded from the system.",
    )


def _cell(value: Any) -> Any:
    # calamine gives "" for an empty cell and a date for a date-only cell, where openpyxl (and the
    # rules written against it) gave None and a datetime.
    if value == "":
        return None
    if type(value) is datetime.date:
        return datetime.datetime.combine(value, datetime.time())
    return value


def _rows(stream: IO[bytes]) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """The first sheet's rows from A1, numbered as the spreadsheet shows them (whatever size it records)."""
    try:
        workbook = CalamineWorkbook.from_filelike(stream)
        sheet = workbook.get_sheet_by_index(0)
        rows = sheet.iter_rows()
    except Exception as exc:
        raise _unreadable() from exc
    try:
        for number, row in enumerate(rows, start=1):
            yield number, tuple(_cell(value) for value in row)
    finally:
        workbook.close()


KNOWN_KEYS_SQL = """
SELECT true, identity_key FROM {nominee} WHERE nomination_id = %(file)s AND identity_key = ANY(%(keys)s)
UNION ALL
SELECT false, e.identity_key FROM {nominee} e JOIN {nomination} n ON n.id = e.nomination_id
WHERE n.round_id = %(round)s AND n.award_kind_id = %(award_kind)s AND n.unit_id = %(unit)s
  AND e.result = %(approved)s AND e.identity_key = ANY(%(keys)s)
UNION ALL
SELECT false, identity_key FROM {history} WHERE organization_id = %(organization)s
  AND award_kind_id = %(award_kind)s AND year = %(year)s AND identity_key = ANY(%(keys)s)
"""


def _known_keys(nomination: Nomination, keys: list[str]) -> tuple[set[str], set[str]]:
    """(keys already in this file, keys approved or awarded for this award in the round).

    Only the unit's own files and its organisation's register are asked: an import must not tell a
    unit whether a CCCD is on another unit's or another organisation's file.
    """
    if connection.vendor == "postgresql":
        # One statement for the whole batch, the keys passed as one array.
        sql = KNOWN_KEYS_SQL.format(
            nominee=Nominee._meta.db_table, nomination=Nomination._meta.db_table, history=AwardHistory._meta.db_table
        )
        params = {
            "file": nomination.pk,
            "keys": keys,
            "round": nomination.round_id,
            "award_kind": nomination.award_kind_id,
            "unit": nomination.unit_id,
            "organization": nomination.organization_id,
            "approved": NomineeResult.APPROVED.value,
            "year": nomination.round.year,
        }
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            found = cursor.fetchall()
        return {key for mine, key in found if mine}, {key for mine, key in found if not mine}
    in_file: set[str] = set()
    awarded: set[str] = set()
    for start in range(0, len(keys), LOOKUP_CHUNK):
        chunk = keys[start : start + LOOKUP_CHUNK]
        in_file.update(
            Nominee.objects.filter(nomination_id=nomination.pk, identity_key__in=chunk).values_list(
                "identity_key", flat=True
            )
        )
        awarded.update(
            Nominee.objects.filter(
                nomination__round_id=nomination.round_id,
                nomination__award_kind_id=nomination.award_kind_id,
                nomination__unit_id=nomination.unit_id,
                result=NomineeResult.APPROVED,
                identity_key__in=chunk,
            ).values_list("identity_key", flat=True)
        )
        awarded.update(
            AwardHistory.objects.filter(
                organization_id=nomination.organization_id,
                award_kind_id=nomination.award_kind_id,
                year=nomination.round.year,
                identity_key__in=chunk,
            ).values_list("identity_key", flat=True)
        )
    return in_file, awarded


def _key_of(cleaned: dict[str, Any]) -> str:
    return identity_key(
        kind=cleaned["kind"],
        name=cleaned["name"],
        citizen_id=cleaned.get("citizen_id", ""),
        birth_year=cleaned.get("birth_year"),
        address=cleaned.get("address", ""),
    )


def _read_file(nomination: Nomination, stream: IO[bytes]) -> tuple[list[tuple[int, dict[str, Any], str]], _Reader]:
    reader = _Reader(nomination.award_kind)
    columns: dict[int, str] = {}
    accepted: list[tuple[int, dict[str, Any], str]] = []
    first_row_of: dict[str, int] = {}
    data_rows = 0
    for number, raw in _rows(stream):
        if number == 1:
            columns = reader.read_header(raw)
            if reader.error_count:
                break
            continue
        values = {key: _cell_text(raw[index], key) for index, key in columns.items() if index < len(raw)}
        if not any(value not in ("", None) for value in values.values()):
            continue
        data_rows += 1
        if data_rows > template.MAX_ROWS:
            raise Refusal(
                "too_many_rows",
                f"Mỗi tệp nhập tối đa {template.MAX_ROWS} dòng; hãy chia thành nhiều tệp.",
                f"An import holds at most {template.MAX_ROWS} rows; split the file.",
            )
        cleaned = reader.clean_row(number, values)
        if cleaned is None:
            continue
        key = _key_of(cleaned)
        if key in first_row_of:
            column = "citizen_id" if key.startswith("id:") else "name"
            reader.error(
                number,
                column,
                _vi_en(
                    f"trùng với dòng {first_row_of[key]} trong tệp.", f"duplicates row {first_row_of[key]} of the file."
                ),
            )
            continue
        first_row_of[key] = number
        accepted.append((number, cleaned, key))
    if not reader.error_count and not accepted:
        raise Refusal("import_empty", "Tệp không có dòng dữ liệu nào.", "The file holds no data rows.")
    in_file, awarded = _known_keys(nomination, [key for _, _, key in accepted])
    for number, _cleaned, key in accepted:
        column = "citizen_id" if key.startswith("id:") else "name"
        if key in in_file:
            reader.error(number, column, _vi_en("đã có trong hồ sơ này.", "already listed in this file."))
        elif key in awarded:
            reader.error(
                number,
                column,
                _vi_en(
                    f"đã được công nhận / khen «{nomination.award_kind.name}» trong đợt này.",
                    f"already holds '{nomination.award_kind.code}' in this round.",
                ),
            )
    return accepted, reader


def _error_order(error: RowError) -> tuple[int, int]:
    return error.row, template.FIELD_KEYS.index(error.column) if error.column in template.FIELD_KEYS else -1


def nominees_import(
    *,
    nomination_id: Any,
    actor: Any,
    stream: IO[bytes],
    size: int,
    name: str = "",
    client_ip: str | None = None,
) -> int:
    """Add every row of a filled template to the file, or none; returns how many nominees were added."""
    limit = settings.VINHDANH_ATTACHMENT_MAX_BYTES
    if size > limit:
        raise files.too_large(limit)
    if files.sniff(stream) != files.XLSX:  # refuses zip bombs too
        raise Refusal(
            "unsupported_file_type",
            "Chỉ nhận tệp XLSX theo mẫu (kiểm tra theo nội dung tệp).",
            "Only an XLSX file made from the template is accepted (checked by content).",
        )
    with transaction.atomic():
        nomination = lock_editable(nomination_id=nomination_id, actor=actor)
        accepted, reader = _read_file(nomination, stream)
        if reader.error_count:
            errors = sorted(reader.errors, key=_error_order)
            raise Refusal(
                "import_invalid",
                f"Tệp có {reader.error_count} lỗi; chưa nhập dòng nào. Sửa các lỗi theo danh sách rồi gửi lại.",
                f"The file has {reader.error_count} errors; nothing was imported. Fix them and send it again.",
                extra={"errors": [e.as_dict() for e in errors], "error_count": reader.error_count},
            )
        start = Nominee.objects.filter(nomination_id=nomination.pk).count()
        summary = nomination.summary[:1000]
        _insert(
            nomination.pk,
            (
                {
                    **cleaned,
                    "order": start + offset,
                    "identity_key": key,
                    "achievements": cleaned.get("achievements") or summary,
                }
                for offset, (_, cleaned, key) in enumerate(accepted)
            ),
        )
        version_bump(nomination)
        record_act(
            nomination=nomination,
            act="import",
            actor=actor,
            comment=f"{len(accepted)} đối tượng từ tệp {files.safe_display_name(name or 'danh-sach.xlsx')}",
            client_ip=client_ip,
        )
    return len(accepted)


# Values of these fields go to psycopg as they are (clean_nominee gave them their Python type);
# others (JSON details) are prepared by their field.
_PLAIN_FIELDS = (models.CharField, models.TextField, models.IntegerField, models.BooleanField)


def _insert(nomination_id: Any, rows: Iterator[dict[str, Any]]) -> None:
    """COPY on PostgreSQL (one round trip for any count), bulk INSERT elsewhere."""
    if connection.vendor != "postgresql":
        Nominee.objects.bulk_create((Nominee(nomination_id=nomination_id, **row) for row in rows), batch_size=1000)
        return
    fields = [f for f in Nominee._meta.concrete_fields if not f.primary_key]
    # Every field a row does not set has the same value on every row: one model instance gives them
    # all (defaults, auto_now_add), prepared once.
    prototype = Nominee(nomination_id=nomination_id)
    shared = {f.attname: f.get_db_prep_save(f.pre_save(prototype, True), connection) for f in fields}
    plain = {f.attname for f in fields if isinstance(f, _PLAIN_FIELDS) and not f.is_relation}
    by_name = {f.attname: f for f in fields}
    by_name.update({f.name: f for f in fields})
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    statement = f"COPY {Nominee._meta.db_table} ({columns}) FROM STDIN"
    # Django's cursor wrapper has no copy(); the psycopg cursor under it does.
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:  # type: ignore[attr-defined]
        for row in rows:
            values = dict(shared)
            for name, value in row.items():
                field = by_name[name]
                values[field.attname] = value if field.attname in plain else field.get_db_prep_save(value, connection)
            copy.write_row([values[f.attname] for f in fields])
