"""GET /api/v1/reports/statistics/{year}/?form=0601 — the state statistical forms (Thông tư 02/2023/TT-BNV)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.workbooks import XLSX, FileRenderer, JSONErrorsMixin, attach, workbook_bytes
from core.errors import Refusal, forbidden
from nominations import access as permissions
from nominations.models import Organization
from reports import statistics


def form_rows(data: dict[str, Any]) -> Iterator[list[Any]]:
    yield [f"Biểu số: {data['sign']}", "", "", f"Đơn vị báo cáo: {data['organization']}"]
    yield [f"Ban hành theo {data['source']}"]
    yield [data["title"].upper()]
    yield [f"Năm {data['year']}"]
    yield []
    yield ["", "Mã số", "Đơn vị tính", *data["columns"], "Đã đối chiếu văn bản", "Ghi chú"]
    yield ["A", "B", "C", *range(1, len(data["columns"]) + 1)]
    for row in data["rows"]:
        if not row["code"] and not row["values"]:
            yield [row["label"]]
            continue
        verified = "có" if row["verified"] else f"không ({statistics.UNVERIFIED.lower()})"
        yield [row["label"], row["code"], row["unit"], *row["values"], verified, row["note"]]
    yield []
    for note in data["notes"]:
        yield [f"Ghi chú: {note}"]


class StatisticsXLSXRenderer(FileRenderer):
    media_type = XLSX
    format = "xlsx"

    def build(self, data: dict[str, Any], renderer_context: dict[str, Any]) -> bytes:
        return workbook_bytes([(f"Biểu {data['form']}", form_rows(data))])


def _organization(request: Request) -> Organization:
    user = request.user
    own = permissions.body_organization_ids(user)
    raw = request.query_params.get("organization")
    try:
        organization_id = int(raw) if raw else (next(iter(own)) if len(own) == 1 else None)
    except ValueError as exc:
        raise Refusal("validation_error", "Tham số organization không hợp lệ.", "Invalid organization.") from exc
    if organization_id is None or not (user.is_superuser or organization_id in own):
        raise forbidden(
            "Chỉ cán bộ của cơ quan mới lập được biểu thống kê của cơ quan.",
            "Only the organisation's own staff may produce its statistical forms.",
            code="organization_only",
        )
    organization = Organization.objects.filter(pk=organization_id).first()
    if organization is None:
        raise Refusal("not_found", "Không tìm thấy cơ quan.", "Organisation not found.", status=404)
    return organization


class StatisticsFormView(JSONErrorsMixin, APIView):
    renderer_classes = [StatisticsXLSXRenderer, JSONRenderer]

    @extend_schema(
        parameters=[
            OpenApiParameter("form", str, enum=list(statistics.FORMS), required=True),
            OpenApiParameter("organization", int),
            OpenApiParameter("format", str, enum=["xlsx", "json"]),
        ],
        responses={200: OpenApiResponse(description="the form as XLSX (default) or JSON")},
    )
    def get(self, request: Request, year: int) -> Response:
        organization = _organization(request)
        form = statistics.statistical_form(
            organization=organization, year=year, form=request.query_params.get("form", "")
        )
        return Response(form.as_dict())

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)
        form = request.query_params.get("form", "")
        return attach(response, request, f"bieu-{form}-{self.kwargs.get('year')}")
