"""Bulk work endpoints (API.md "Bulk work"): the import template, the import, and bulk transitions."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.errors import Refusal
from core.http import client_ip
from nominations.models import AwardKind
from workflows import import_template, imports
from workflows.bulk import MAX_ITEMS, nominations_bulk_transition


class ImportUploadSerializer(serializers.Serializer):
    file = serializers.FileField()


class BulkItemSerializer(serializers.Serializer):
    id = serializers.CharField()
    version = serializers.IntegerField(required=False, allow_null=True)


class BulkTransitionSerializer(serializers.Serializer):
    items = BulkItemSerializer(many=True, allow_empty=False, max_length=MAX_ITEMS)
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


IMPORTED = inline_serializer("ImportResult", {"imported": serializers.IntegerField()})
BULK_RESULTS = inline_serializer(
    "BulkTransitionResults",
    {
        "batch": serializers.CharField(),
        "results": serializers.ListField(
            child=inline_serializer(
                "BulkTransitionItemResult",
                {
                    "id": serializers.CharField(),
                    "status": serializers.ChoiceField(choices=["done", "refused"]),
                    "code": serializers.CharField(allow_null=True),
                    "detail": serializers.CharField(),
                },
            )
        ),
    },
)


class ImportTemplateView(APIView):
    @extend_schema(responses={(200, import_template.XLSX_CONTENT_TYPE): OpenApiResponse(description="XLSX template")})
    def get(self, request: Request, code: str) -> HttpResponse:
        award_kind = AwardKind.objects.filter(code=code).first()
        if award_kind is None:
            raise Refusal("not_found", "Không có hình thức / danh hiệu này.", "No such award kind.", status=404)
        response = HttpResponse(
            import_template.template_xlsx(award_kind), content_type=import_template.XLSX_CONTENT_TYPE
        )
        response["Content-Disposition"] = f'attachment; filename="mau-{award_kind.code}.xlsx"'
        return response


class NomineeImportView(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(request=ImportUploadSerializer, responses={200: IMPORTED})
    def post(self, request: Request, pk: Any) -> Response:
        form = ImportUploadSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        upload = form.validated_data["file"]
        imported = imports.nominees_import(
            nomination_id=pk,
            actor=request.user,
            stream=upload.file,
            size=upload.size,
            name=upload.name,
            client_ip=client_ip(request),
        )
        return Response({"imported": imported})


class BulkTransitionView(APIView):
    @extend_schema(request=BulkTransitionSerializer, responses={200: BULK_RESULTS})
    def post(self, request: Request, name: str) -> Response:
        form = BulkTransitionSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        batch, results = nominations_bulk_transition(
            name=name,
            actor=request.user,
            items=form.validated_data["items"],
            comment=form.validated_data["comment"],
            client_ip=client_ip(request),
        )
        return Response({"batch": batch, "results": [r.as_dict() for r in results]})
