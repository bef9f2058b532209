"""GET /api/v1/reports/rounds/{id}/ and /reports/phases/{id}/, as JSON or, with ?format=xlsx, as XLSX."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from typing import Any

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from openpyxl import Workbook
from rest_framework.renderers import BaseRenderer, BrowsableAPIRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.report_pdf import RoundReportPDFRenderer
from api.workbooks import FileRenderer
from core.errors import Refusal
from core.http import client_ip
from documents.xlsx_safety import neutralize_formula
from nominations import access as permissions
from nominations.models import AwardKind, Gender, NomineeKind, NomineeResult, Phase, Round, Unit
from privacy.models import AccessKind
from privacy.services import access_log_record
from reports import rounds as reports

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

SHEETS = [
    ("Theo đơn vị", "by_unit", ["name", "files", "nominees", "approved"]),
    ("Theo hình thức", "by_award_kind", ["award_kind", "files", "nominees", "approved"]),
    ("Theo đối tượng", "by_nominee_kind", ["kind", "result", "nominees"]),
    ("Theo giới tính", "by_gender", ["gender", "nominees", "approved"]),
    ("Theo dân tộc", "by_ethnicity", ["ethnicity", "nominees", "approved"]),
    ("Chi tiết", "by_unit_award_kind_kind_result", ["unit", "award_kind", "kind", "result", "nominees"]),
    (
        "Chỉ tiêu",
        "progress",
        [
            *("award_kind", "target_percent", "by_year", "source"),
            *("denominator", "denominator_value", "achieved", "percent"),
        ],
    ),
]
# People read the workbook: Vietnamese headers, and names where the report carries codes or ids.
HEADERS = {
    "round": "Đợt xét",
    "phase": "Giai đoạn",
    "name": "Tên",
    "year": "Năm",
    "review_kind": "Loại xét",
    "start_year": "Từ năm",
    "end_year": "Đến năm",
    "detail": "Chi tiết",
    "code": "Mã",
    "files": "Số hồ sơ",
    "nominees": "Số người / tập thể được đề nghị",
    "approved": "Số được khen / công nhận",
    "unit": "Đơn vị",
    "award_kind": "Hình thức / danh hiệu",
    "kind": "Đối tượng",
    "result": "Kết quả",
    "gender": "Giới tính",
    "ethnicity": "Dân tộc",
    "target_percent": "Chỉ tiêu (%)",
    "by_year": "Năm chỉ tiêu",
    "source": "Căn cứ",
    "denominator": "Mẫu số",
    "denominator_value": "Giá trị mẫu số",
    "achieved": "Đạt",
    "percent": "Tỷ lệ (%)",
    "prize_money_total": "Tiền thưởng: tổng (đồng)",
    "prize_money_paid": "Tiền thưởng: đã chi (đồng)",
    "prize_money_unpaid": "Tiền thưởng: chưa chi (đồng)",
}


def _header(code: str) -> str:
    return HEADERS.get(code, code)


def _namer() -> Any:
    units = dict(Unit.objects.values_list("pk", "name"))
    awards = dict(AwardKind.objects.values_list("code", "name"))
    choices = {"kind": dict(NomineeKind.choices), "result": dict(NomineeResult.choices), "gender": dict(Gender.choices)}

    def name(column: str, value: Any) -> Any:
        if column == "unit":
            return units.get(value, value)
        if column == "award_kind":
            return awards.get(value, value)
        if column in choices:
            return choices[column].get(value, value)
        return value

    return name


AWARDEE_HEADER = ["Đơn vị", "Hình thức / danh hiệu", "Số hồ sơ", "Đối tượng", "Họ tên / tên", "Giới tính", "Năm sinh"]
AWARDEE_HEADER += ["Địa chỉ"]


def _safe(row: Iterable[Any]) -> list[Any]:
    return [neutralize_formula(value) for value in row]


def report_xlsx(data: dict[str, Any], awardees: Iterable[tuple[Any, ...]] = ()) -> bytes:
    """The report as a workbook, written row by row (openpyxl write-only) through a temporary file."""
    workbook = Workbook(write_only=True)
    name = _namer()
    summary = workbook.create_sheet("Tổng hợp")
    for key in ("round", "phase", "name", "year", "review_kind", "start_year", "end_year", "detail", "code"):
        if key in data:
            summary.append(_safe([_header(key), data[key]]))
    for key, value in (data.get("totals") or {}).items():
        summary.append(_safe([_header(key), value]))
    for key, value in (data.get("prize_money") or {}).items():
        summary.append(_safe([_header(f"prize_money_{key}"), value]))
    if data.get("rounds"):
        sheet = workbook.create_sheet("Theo đợt")
        columns = ["name", "year", "files", "nominees", "approved"]
        sheet.append([_header(c) for c in columns])
        for row in data["rounds"]:
            sheet.append(_safe(row.get(c) for c in columns))
    for title, key, columns in SHEETS:
        if key not in data:
            continue
        sheet = workbook.create_sheet(title)
        sheet.append([_header(c) for c in columns])
        for row in data[key]:
            sheet.append(_safe(name(c, row.get(c)) for c in columns))
    if "totals" in data:
        sheet = workbook.create_sheet("Danh sách được công nhận")
        sheet.append(AWARDEE_HEADER)
        for row in awardees:
            sheet.append(_safe(row))
    with tempfile.TemporaryFile() as out:
        workbook.save(out)
        out.seek(0)
        return out.read()


class XLSXRenderer(BaseRenderer):
    media_type = XLSX
    format = "xlsx"
    charset = None
    render_style = "binary"

    def render(self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None) -> bytes:
        view = (renderer_context or {}).get("view")
        response = (renderer_context or {}).get("response")
        files = getattr(view, "report_files", None)
        succeeded = response is not None and response.status_code == 200
        rows = reports.awardees(files) if files is not None and succeeded else ()
        return report_xlsx(data if isinstance(data, dict) else {}, rows)


def _organization_ids(user: Any) -> set[int]:
    return {g.organization_id for g in permissions.grants_of(user)}


def _not_found() -> Refusal:
    return Refusal("not_found", "Không tìm thấy.", "Not found.", status=404)


FORMAT = OpenApiParameter("format", str, enum=["json", "xlsx"])


class ReportView(APIView):
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer, XLSXRenderer]
    report_files: Any = None

    def handle_exception(self, exc: Exception) -> Any:
        # Errors are JSON {"detail", "code"} (API.md) even when the client asked for the workbook.
        if isinstance(getattr(self.request, "accepted_renderer", None), (XLSXRenderer, FileRenderer)):
            self.request.accepted_renderer = JSONRenderer()
            self.request.accepted_media_type = JSONRenderer.media_type
        return super().handle_exception(exc)

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)
        renderer = getattr(request, "accepted_renderer", None)
        if isinstance(renderer, (XLSXRenderer, FileRenderer)) and response.status_code == 200:
            access_log_record(
                actor=request.user,
                channel="api",
                kind=AccessKind.EXPORT,
                subject=request.get_full_path(),
                client_ip=client_ip(request),
            )
        if isinstance(renderer, XLSXRenderer) and response.status_code == 200:
            response["Content-Disposition"] = f'attachment; filename="bao-cao-{self.kwargs.get("pk")}.xlsx"'
        if isinstance(renderer, FileRenderer) and response.status_code == 200:
            response["Content-Disposition"] = f'inline; filename="bao-cao-{self.kwargs.get("pk")}.{renderer.format}"'
        return response


class RoundReportView(ReportView):
    renderer_classes = [*ReportView.renderer_classes, RoundReportPDFRenderer]

    @extend_schema(
        parameters=[OpenApiParameter("format", str, enum=["json", "xlsx", "pdf"])],
        responses={200: OpenApiResponse(description="round report")},
    )
    def get(self, request: Request, pk: int) -> Response:
        qs = Round.objects.select_related("campaign")
        if not request.user.is_superuser:
            qs = qs.filter(campaign__organization_id__in=_organization_ids(request.user))
        round_ = qs.filter(pk=pk).first()
        if round_ is None:
            raise _not_found()
        self.report_files = permissions.visible_nominations(request.user).filter(round_id=round_.pk)
        return Response(reports.round_report(round=round_, user=request.user))


class PhaseReportView(ReportView):
    @extend_schema(parameters=[FORMAT], responses={200: OpenApiResponse(description="phase report")})
    def get(self, request: Request, pk: int) -> Response:
        qs = Phase.objects.select_related("campaign")
        if not request.user.is_superuser:
            qs = qs.filter(campaign__organization_id__in=_organization_ids(request.user))
        phase = qs.filter(pk=pk).first()
        if phase is None:
            raise _not_found()
        self.report_files = permissions.visible_nominations(request.user).filter(round__in=reports.phase_rounds(phase))
        return Response(reports.phase_report(phase=phase, user=request.user))
