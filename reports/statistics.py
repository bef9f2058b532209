"""The state statistical forms on emulation and commendation (Thông tư 02/2023/TT-BNV, biểu 0601–0605).

What is known of the forms, and how sure it is:
- The circular (Bộ Nội vụ, 23/3/2023) sets the Home Affairs reporting regime; its emulation and commendation
  forms are 0601.N/BNV-TĐKT (số phong trào thi đua), 0602.N (số lượng khen thưởng cấp Nhà nước), 0603.N (số
  lượng khen thưởng cấp bộ, ban, ngành, đoàn thể trung ương và tỉnh), 0604.N (tổ chức làm công tác TĐKT) and
  0605.N (công chức làm công tác TĐKT), yearly, received on 15 December.
- The official text of the forms could not be read here. Their rows and columns below follow how an existing
  provincial TĐKT system lays them out; every row carries `verified: False` and the export says so.
- 0602 counts state-level awards and 0604/0605 count the bodies and civil servants doing this work: none of
  that is in this system's records, so those forms are refused rather than filled with guesses.
- 0603 is the form for awards given by a ministry or province; a ward or city fills the same rows for the
  awards it gives itself (its own award kinds as columns). That adaptation is marked in the export.
- Item labels start with an en dash ("– Tập thể") or an indented "+": a cell starting with "-" or "+" would be
  taken for a formula and neutralised with a visible quote in the workbook.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, ExpressionWrapper, F, IntegerField, Q, QuerySet

from core.errors import Refusal
from nominations.models import (
    AwardHistory,
    Campaign,
    Certificate,
    CertificateStatus,
    Organization,
    OrganizationLevel,
    Produces,
    RoundKind,
)
from reports.suppression import is_small, min_cell

SOURCE = "Thông tư 02/2023/TT-BNV ngày 23/3/2023 của Bộ Nội vụ"
UNVERIFIED = "Chưa đối chiếu được với văn bản gốc"
FORMS = {
    "0601": "Số phong trào thi đua",
    "0602": "Số lượng khen thưởng cấp Nhà nước",
    "0603": "Số lượng khen thưởng (cấp bộ, ban, ngành, đoàn thể trung ương, tỉnh; cấp cơ quan lập báo cáo)",
    "0604": "Số lượng tổ chức làm công tác thi đua, khen thưởng",
    "0605": "Số lượng công chức làm công tác thi đua, khen thưởng",
}
NOT_DERIVABLE = {
    "0602": "khen thưởng cấp Nhà nước không được quyết định trong hệ thống",
    "0604": "hệ thống không lưu bộ máy làm công tác thi đua, khen thưởng",
    "0605": "hệ thống không lưu số công chức làm công tác thi đua, khen thưởng",
}


@dataclass
class Row:
    label: str
    code: str  # "mã số" column B; "" for a heading
    unit: str = ""  # "đơn vị tính" column C
    values: list[int | None] = field(default_factory=list)  # None: the system holds no data for this cell
    verified: bool = False
    note: str = ""


@dataclass
class Form:
    number: str
    title: str
    organization: str
    year: int
    columns: list[str]
    rows: list[Row]
    notes: list[str]

    def as_dict(self) -> dict[str, Any]:
        return {
            "form": self.number,
            "sign": f"{self.number}.N/BNV-TĐKT",
            "title": self.title,
            "source": SOURCE,
            "organization": self.organization,
            "year": self.year,
            "columns": self.columns,
            "rows": [
                {
                    "label": r.label,
                    "code": r.code,
                    "unit": r.unit,
                    "values": r.values,
                    "verified": r.verified,
                    "note": r.note,
                }
                for r in self.rows
            ],
            "notes": self.notes,
        }


def _campaigns(organization: Organization, year: int) -> QuerySet[Campaign]:
    return Campaign.objects.filter(organization=organization, start_year__lte=year, end_year__gte=year)


def form_0601(organization: Organization, year: int) -> Form:
    """Movements the organisation runs in the year, by who launched them, scope, length and method."""
    campaigns = _campaigns(organization, year)
    # A ward or city is a "cơ quan, tổ chức, đơn vị" launching its own movement; a province is column 3.
    column = 2 if organization.level == OrganizationLevel.PROVINCE else 3

    def spread(n: int) -> list[int | None]:
        values: list[int | None] = [n, 0, 0, 0]
        values[column] = n
        return values

    span = {"1": Q(length=1), "1-3": Q(length__gt=1, length__lt=3), "3-5": Q(length__gte=3, length__lt=5)}
    lengths = campaigns.annotate(
        length=ExpressionWrapper(F("end_year") - F("start_year") + 1, output_field=IntegerField())
    )
    counts = lengths.aggregate(
        total=Count("id"),
        one=Count("id", filter=span["1"]),
        one_three=Count("id", filter=span["1-3"]),
        three_five=Count("id", filter=span["3-5"]),
        five_plus=Count("id", filter=Q(length__gte=5)),
    )
    total = counts["total"]
    scope_row = "03" if organization.level == OrganizationLevel.PROVINCE else "05"
    unknown = "Hệ thống chưa lưu phương thức tổ chức (chuyên đề / thường xuyên) của phong trào"
    rows = [
        Row("Tổng số", "01", "Phong trào", spread(total)),
        Row("1. Chia theo phạm vi tổ chức thi đua", ""),
        Row("– Toàn quốc", "02", "Phong trào", spread(0)),
        Row("– Bộ, ban, ngành, đoàn thể, địa phương", "03", "Phong trào", spread(total if scope_row == "03" else 0)),
        Row("– Cụm, khối thi đua do Hội đồng Thi đua - Khen thưởng các cấp tổ chức", "04", "Phong trào", spread(0)),
        Row("– Cơ quan, tổ chức, đơn vị", "05", "Phong trào", spread(total if scope_row == "05" else 0)),
        Row("2. Chia theo thời hạn thi đua", ""),
        Row("– Dưới 1 năm", "06", "Phong trào", spread(0), note="Phong trào được lưu theo năm, không dưới 1 năm"),
        Row("– 1 năm", "07", "Phong trào", spread(counts["one"])),
        Row("– Từ 1 năm đến dưới 3 năm", "08", "Phong trào", spread(counts["one_three"])),
        Row("– Từ 3 năm đến dưới 5 năm", "09", "Phong trào", spread(counts["three_five"])),
        Row("– Từ 5 năm trở lên", "10", "Phong trào", spread(counts["five_plus"])),
        Row("3. Chia theo phương thức tổ chức phong trào thi đua", ""),
        Row("– Thi đua theo chuyên đề", "11", "Phong trào", [None] * 4, note=unknown),
        Row("– Thi đua thường xuyên hàng năm", "12", "Phong trào", [None] * 4, note=unknown),
    ]
    columns = [
        "Tổng số",
        "Cấp Trung ương (Hội đồng Thi đua - Khen thưởng Trung ương)",
        "Cấp bộ, ban, ngành, đoàn thể trung ương, tỉnh, thành phố trực thuộc Trung ương",
        "Cơ quan, tổ chức, đơn vị",
    ]
    notes = [
        f"{UNVERIFIED}: bố cục hàng, cột theo cách một hệ thống TĐKT cấp tỉnh đang dùng trình bày biểu này.",
        "Phong trào được tính khi thời gian thực hiện (từ năm – đến năm) có năm báo cáo.",
        "Thời hạn thi đua = số năm từ năm bắt đầu đến năm kết thúc, tính cả hai năm.",
    ]
    return Form("0601", FORMS["0601"], organization.name, year, columns, rows, notes)


# Nominee kinds as the form's "đối tượng khen thưởng". A clan, a unit and a community are collectives here.
_COLLECTIVE = Q(nominee__kind__in=["collective", "clan", "unit", "community"])
_HOUSEHOLD = Q(nominee__kind="household")
_INDIVIDUAL = Q(nominee__kind="individual")
_ENTERPRISE = _COLLECTIVE & Q(nominee__collective_type__icontains="doanh nghiệp")


def _suppressed(row: Row) -> Row:
    """A sensitive count under the minimum cell size is hidden, and the note says so."""
    minimum = min_cell()
    if not any(is_small(v, minimum) for v in row.values):
        return row
    row.values = [None if is_small(v, minimum) else v for v in row.values]
    row.note = f"{row.note}; ô dưới {minimum} người được ẩn để bảo vệ dữ liệu cá nhân".lstrip("; ")
    return row


def form_0603(organization: Organization, year: int) -> Form:
    """Awards the organisation gave in the year (certificates entered in that year's register, not revoked)."""
    certificates = Certificate.objects.filter(
        organization=organization, register_year=year, status=CertificateStatus.VALID
    ).order_by()
    kinds = list(
        certificates.values_list("award_kind_id", "award_kind__name", "award_kind__order")
        .distinct()
        .order_by("award_kind__order", "award_kind_id")
    )

    def counted(
        label: str, code: str, unit: str, condition: Q | None, *, verified: bool = False, note: str = ""
    ) -> Row:
        selected = certificates.filter(condition) if condition is not None else certificates
        per_kind = dict(selected.values("award_kind_id").annotate(n=Count("id")).values_list("award_kind_id", "n"))
        values: list[int | None] = [sum(per_kind.values())] + [per_kind.get(k[0], 0) for k in kinds]
        return Row(label, code, unit, values, verified=verified, note=note)

    blank = [None] * (1 + len(kinds))
    no_position = "Hệ thống chưa phân loại cá nhân theo chức vụ, cấp lãnh đạo"
    regular = Q(nominee__nomination__is_adhoc=False, nominee__nomination__round__kind=RoundKind.ANNUAL)
    thematic = Q(nominee__nomination__is_adhoc=False) & ~Q(nominee__nomination__round__kind=RoundKind.ANNUAL)
    rows = [
        counted("Tổng số", "01", "", None),
        Row("1. Chia theo đối tượng khen thưởng", ""),
        counted("– Tập thể", "02", "Tập thể", _COLLECTIVE, note="Gồm cả dòng họ, đơn vị, cộng đồng"),
        counted(
            "Trong đó: Doanh nghiệp", "03", "Doanh nghiệp", _ENTERPRISE, note="Loại hình tập thể ghi «doanh nghiệp»"
        ),
        counted("– Hộ gia đình", "04", "Hộ", _HOUSEHOLD),
        counted("– Cá nhân", "05", "Người", _INDIVIDUAL),
        Row("   + Lãnh đạo cấp bộ, cấp tỉnh và tương đương trở lên", "06", "Người", blank, note=no_position),
        Row("   + Lãnh đạo cấp vụ, sở, ngành và tương đương", "07", "Người", blank, note=no_position),
        Row("   + Doanh nhân", "08", "Người", blank, note=no_position),
        Row("   + Các cấp lãnh đạo khác từ phó phòng trở lên", "09", "Người", blank, note=no_position),
        Row(
            "   + Người trực tiếp công tác, lao động, học tập, chiến đấu và phục vụ chiến đấu",
            "10",
            "Người",
            blank,
            note=no_position,
        ),
        Row("2. Chia theo phương thức khen thưởng", ""),
        counted("– Thường xuyên", "11", "", regular, note="Đợt xét hằng năm"),
        counted("– Chuyên đề", "12", "", thematic, note="Đợt sơ kết, tổng kết phong trào"),
        counted("– Đột xuất", "13", "", Q(nominee__nomination__is_adhoc=True)),
        Row("– Đối ngoại", "14", "", blank, note="Không thuộc thẩm quyền của cơ quan lập báo cáo"),
        Row("– Cống hiến", "15", "", blank, note="Không thuộc thẩm quyền của cơ quan lập báo cáo"),
        Row("– Niên hạn", "16", "", blank, note="Không thuộc thẩm quyền của cơ quan lập báo cáo"),
        Row("– Kháng chiến", "17", "", blank, note="Không thuộc thẩm quyền của cơ quan lập báo cáo"),
        Row("Bổ sung (ngoài biểu): cá nhân theo giới tính, dân tộc", ""),
        counted("– Cá nhân nữ", "", "Người", _INDIVIDUAL & Q(nominee__gender="female")),
        counted("– Cá nhân nam", "", "Người", _INDIVIDUAL & Q(nominee__gender="male")),
        _suppressed(
            counted(
                "– Cá nhân người dân tộc thiểu số",
                "",
                "Người",
                _INDIVIDUAL & ~Q(nominee__ethnicity="") & ~Q(nominee__ethnicity__iexact="Kinh"),
                note="Chỉ tính người có ghi dân tộc; số tổng hợp, không kèm danh tính",
            )
        ),
    ]
    praised = (
        AwardHistory.objects.filter(
            organization=organization, decision_date__year=year, award_kind__produces=Produces.BROADCAST
        )
        .order_by()
        .count()
    )
    rows += [
        Row("Bổ sung (ngoài biểu): tuyên dương", ""),
        Row(
            "– Tuyên dương trên hệ thống phát thanh (không phải hình thức khen thưởng)",
            "",
            "Lượt",
            [praised] + [None] * len(kinds),
            note="Không cấp giấy, không tính vào tổng số khen thưởng",
        ),
    ]
    columns = ["Tổng số", *(name for _, name, _ in kinds)]
    notes = [
        f"{UNVERIFIED}: bố cục hàng, cột theo cách một hệ thống TĐKT cấp tỉnh đang dùng trình bày biểu này.",
        "Biểu 0603 dành cho khen thưởng cấp bộ, tỉnh (Bằng khen, Chiến sĩ thi đua cấp tỉnh, Cờ thi đua, Huy "
        "hiệu); ở cấp phường, xã, thành phố các cột là hình thức, danh hiệu do chính cơ quan lập báo cáo quyết định.",
        "Đếm giấy khen, giấy công nhận vào sổ khen thưởng trong năm báo cáo, không tính giấy đã bị hủy.",
        "Ô để trống: hệ thống không có số liệu.",
    ]
    return Form("0603", FORMS["0603"], organization.name, year, columns, rows, notes)


def statistical_form(*, organization: Organization, year: int, form: str) -> Form:
    if form not in FORMS:
        raise Refusal(
            "unknown_form",
            "Biểu mẫu không hợp lệ; chọn một trong: " + ", ".join(FORMS) + ".",
            "Unknown form; choose one of: " + ", ".join(FORMS) + ".",
        )
    if form in NOT_DERIVABLE:
        reason = NOT_DERIVABLE[form]
        raise Refusal(
            "form_not_derivable",
            f"Không lập được biểu {form} từ dữ liệu của hệ thống: {reason}.",
            f"Form {form} cannot be built from this system's records.",
        )
    return form_0601(organization, year) if form == "0601" else form_0603(organization, year)
