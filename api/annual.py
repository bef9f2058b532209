"""Annual movement reports: GET/PUT /api/v1/annual-reports/{year}/, POST …/submit/ for a unit's submitter;
GET /api/v1/reports/annual/{year}/ (HKH) — the ward's totals and who has not reported, as JSON or XLSX."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.workbooks import XLSX, FileRenderer, JSONErrorsMixin, attach, workbook_bytes
from core.errors import Refusal
from nominations.models import ANNUAL_REPORT_FIGURES, ANNUAL_REPORT_TEXTS, AnnualReport
from reports import annual as movement

FIGURE_LABELS = {name: AnnualReport._meta.get_field(name).verbose_name for name in ANNUAL_REPORT_FIGURES}
TEXT_LABELS = {name: AnnualReport._meta.get_field(name).verbose_name for name in ANNUAL_REPORT_TEXTS}


class AnnualReportSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    submitted_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = AnnualReport
        fields = [
            "id",
            "unit",
            "unit_name",
            "year",
            *ANNUAL_REPORT_FIGURES,
            *ANNUAL_REPORT_TEXTS,
            "status",
            "due_on",
            "is_late",
            "submitted_at",
            "submitted_by",
            "updated_at",
        ]


class AnnualReportWriteSerializer(serializers.Serializer):
    """The editable parts; figures are non-negative whole numbers or null."""

    households = serializers.IntegerField(min_value=0, max_value=movement.MAX_FIGURE, allow_null=True, required=False)
    learning_households = serializers.IntegerField(
        min_value=0, max_value=movement.MAX_FIGURE, allow_null=True, required=False
    )
    learning_clans = serializers.IntegerField(
        min_value=0, max_value=movement.MAX_FIGURE, allow_null=True, required=False
    )
    learning_citizens = serializers.IntegerField(
        min_value=0, max_value=movement.MAX_FIGURE, allow_null=True, required=False
    )
    learning_units = serializers.IntegerField(
        min_value=0, max_value=movement.MAX_FIGURE, allow_null=True, required=False
    )
    events_held = serializers.IntegerField(min_value=0, max_value=movement.MAX_FIGURE, allow_null=True, required=False)
    participants = serializers.IntegerField(min_value=0, max_value=movement.MAX_FIGURE, allow_null=True, required=False)
    results = serializers.CharField(allow_blank=True, required=False, max_length=movement.MAX_TEXT)
    difficulties = serializers.CharField(allow_blank=True, required=False, max_length=movement.MAX_TEXT)
    proposals = serializers.CharField(allow_blank=True, required=False, max_length=movement.MAX_TEXT)


def _unit_param(request: Request) -> int | None:
    raw = request.query_params.get("unit")
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError as exc:
        raise Refusal("validation_error", "Tham số unit không hợp lệ.", "Invalid unit.") from exc


UNIT = OpenApiParameter("unit", int, description="the unit, when the user files for several")


class AnnualReportView(APIView):
    @extend_schema(parameters=[UNIT], responses=AnnualReportSerializer)
    def get(self, request: Request, year: int) -> Response:
        movement.check_year(year)
        unit = movement.reporting_unit(actor=request.user, unit_id=_unit_param(request))
        report = movement.annual_report_of(unit=unit, year=year)
        if report is None:
            # Nothing saved yet: an empty draft to fill in, with the deadline it will be held to.
            report = AnnualReport(
                unit=unit,
                year=year,
                due_on=movement.report_due_on(organization_id=unit.organization_id, year=year),
            )
        return Response(AnnualReportSerializer(report).data)

    @extend_schema(parameters=[UNIT], request=AnnualReportWriteSerializer, responses=AnnualReportSerializer)
    def put(self, request: Request, year: int) -> Response:
        form = AnnualReportWriteSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        report = movement.annual_report_save(
            actor=request.user, year=year, data=dict(form.validated_data), unit_id=_unit_param(request)
        )
        return Response(AnnualReportSerializer(report).data)


class AnnualReportSubmitView(APIView):
    @extend_schema(parameters=[UNIT], request=None, responses=AnnualReportSerializer)
    def post(self, request: Request, year: int) -> Response:
        report = movement.annual_report_submit(actor=request.user, year=year, unit_id=_unit_param(request))
        return Response(AnnualReportSerializer(report).data)


def summary_sheets(data: dict[str, Any]) -> list[tuple[str, Iterator[list[Any]] | list[list[Any]]]]:
    totals = [
        ["Năm báo cáo", data["year"]],
        ["Hạn báo cáo", data["due_on"].strftime("%d/%m/%Y") if data.get("due_on") else ""],
        ["Số đơn vị phải báo cáo", data["units_expected"]],
        ["Số đơn vị đã báo cáo", data["units_submitted"]],
        ["Trong đó gửi trễ hạn", data["units_late"]],
        *([FIGURE_LABELS[name], data["totals"][name]] for name in ANNUAL_REPORT_FIGURES),
    ]
    header = ["Đơn vị", "Gửi lúc", "Người gửi", "Trễ hạn", *FIGURE_LABELS.values(), *TEXT_LABELS.values()]
    reports = [header] + [
        [
            r["name"],
            r["submitted_at"].strftime("%d/%m/%Y %H:%M") if r["submitted_at"] else "",
            r["submitted_by"],
            "có" if r["late"] else "",
            *(r[name] for name in ANNUAL_REPORT_FIGURES),
            *(r[name] for name in ANNUAL_REPORT_TEXTS),
        ]
        for r in data["reports"]
    ]
    missing = [["Đơn vị", "Loại đơn vị"]] + [[u["name"], u["kind"]] for u in data["not_submitted"]]
    return [("Tổng hợp", totals), ("Đơn vị đã báo cáo", reports), ("Chưa báo cáo", missing)]


class AnnualSummaryXLSXRenderer(FileRenderer):
    media_type = XLSX
    format = "xlsx"

    def build(self, data: dict[str, Any], renderer_context: dict[str, Any]) -> bytes:
        return workbook_bytes(summary_sheets(data))


class AnnualSummaryView(JSONErrorsMixin, APIView):
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer, AnnualSummaryXLSXRenderer]

    @extend_schema(
        parameters=[OpenApiParameter("organization", int), OpenApiParameter("format", str, enum=["json", "xlsx"])],
        responses={200: OpenApiResponse(description="the units' annual reports added up")},
    )
    def get(self, request: Request, year: int) -> Response:
        raw = request.query_params.get("organization")
        try:
            organization_id = int(raw) if raw else None
        except ValueError as exc:
            raise Refusal("validation_error", "Tham số organization không hợp lệ.", "Invalid organization.") from exc
        return Response(movement.annual_summary(actor=request.user, year=year, organization_id=organization_id))

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)
        return attach(response, request, f"tong-hop-bao-cao-phong-trao-{self.kwargs.get('year')}")
