"""REST endpoints of API.md version 1: each reads through selectors and writes through services."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param
from rest_framework.views import APIView

from api import serializers as s
from core.errors import Refusal, forbidden, not_found, version_required
from core.http import client_ip
from nominations import access as permissions
from nominations.models import AttachmentKind, AwardKind, Nomination, Role, Round, Unit
from privacy.models import AccessKind
from privacy.services import access_log_record
from workflows import drafting as services
from workflows import selectors
from workflows.escalation import nomination_escalate
from workflows.models import AuditEntry
from workflows.services import nomination_transition


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class MeView(APIView):
    @extend_schema(responses=s.MeSerializer)
    def get(self, request: Request) -> Response:
        user = request.user
        memberships = list(user.memberships.select_related("organization", "unit").order_by("id"))  # type: ignore[union-attr]
        unit_membership = next(
            (m for m in memberships if m.unit_id and m.role == Role.SUBMITTER),
            next((m for m in memberships if m.unit_id), None),
        )
        organization = memberships[0].organization.name if memberships else None
        roles = sorted({m.role for m in memberships} | ({"admin"} if user.is_superuser else set()))
        return Response(
            {
                "username": user.username,
                "full_name": getattr(user, "full_name", "") or user.get_full_name(),  # type: ignore[union-attr]
                "organization": organization,
                "unit": {"id": unit_membership.unit.pk, "name": unit_membership.unit.name}
                if unit_membership and unit_membership.unit
                else None,
                "roles": roles,
                "language": getattr(user, "language", "vi"),
            }
        )


def _organization_ids(user: Any) -> set[int]:
    return {g.organization_id for g in permissions.grants_of(user)}


class RoundListView(generics.ListAPIView):
    serializer_class = s.RoundSerializer
    pagination_class = None

    def get_queryset(self) -> Any:
        qs = Round.objects.select_related("campaign").order_by("-year", "opens_on")
        if self.request.user.is_superuser:
            return qs
        return qs.filter(campaign__organization_id__in=_organization_ids(self.request.user))


class AwardKindListView(generics.ListAPIView):
    serializer_class = s.AwardKindSerializer
    pagination_class = None
    queryset = AwardKind.objects.all()


class UnitListView(generics.ListAPIView):
    serializer_class = s.UnitSerializer
    pagination_class = None

    def get_queryset(self) -> Any:
        qs = Unit.objects.order_by("name")
        if self.request.user.is_superuser:
            return qs
        return qs.filter(organization_id__in=_organization_ids(self.request.user))


def _detail_queryset(user: Any) -> Any:
    return (
        permissions.visible_nominations(user)
        .select_related("round", "award_kind", "unit", "organization", "review_assignment__officer")
        .prefetch_related(
            "attachments",
            Prefetch("audit_entries", queryset=AuditEntry.objects.order_by("seq")),
        )
    )


def _detail(request: Request, nomination_id: Any, *, code: int = 200) -> Response:
    try:
        nomination = _detail_queryset(request.user).get(pk=nomination_id)
    except (Nomination.DoesNotExist, ValueError, Exception) as exc:
        if isinstance(exc, Refusal):
            raise
        raise not_found() from exc
    access_log_record(actor=request.user, nomination=nomination, channel="api", client_ip=client_ip(request))
    return Response(s.NominationDetailSerializer(nomination, context={"request": request}).data, status=code)


class NominationListView(APIView):
    pagination_class = Pagination

    @extend_schema(
        parameters=[
            OpenApiParameter("status", str),
            OpenApiParameter("round", int),
            OpenApiParameter("award_kind", str, description="award kind code"),
            OpenApiParameter("page", int),
        ],
        responses=s.NominationSummarySerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        qs = permissions.visible_nominations(request.user).select_related("round", "award_kind", "unit")
        params = request.query_params
        if params.get("status"):
            qs = qs.filter(status__in=params["status"].split(","))
        if params.get("round"):
            if not params["round"].isdigit():
                raise Refusal("validation_error", "round: phải là số.", "round: must be an id.")
            qs = qs.filter(round_id=int(params["round"]))
        if params.get("award_kind"):
            qs = qs.filter(award_kind__code=params["award_kind"])
        qs = qs.annotate(nominee_count=Count("nominees")).order_by("-created_at", "id")
        paginator = Pagination()
        page = paginator.paginate_queryset(qs, request, view=self)
        data = s.NominationSummarySerializer(page, many=True, context={"request": request}).data
        return paginator.get_paginated_response(data)

    @extend_schema(request=s.NominationCreateSerializer, responses={201: s.NominationDetailSerializer})
    def post(self, request: Request) -> Response:
        form = s.NominationCreateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        nomination = services.nomination_create(
            actor=request.user,
            round=data["round"],
            award_kind=data["award_kind"],
            title=data["title"],
            summary=data["summary"],
            nominees=data["nominees"],
            unit_id=data.get("unit"),
            is_adhoc=data["is_adhoc"],
            needs_consultation=data["needs_consultation"],
            client_ip=client_ip(request),
        )
        return _detail(request, nomination.pk, code=status.HTTP_201_CREATED)


class NominationDetailView(APIView):
    @extend_schema(responses=s.NominationDetailSerializer)
    def get(self, request: Request, pk: Any) -> Response:
        return _detail(request, pk)

    @extend_schema(request=s.NominationUpdateSerializer, responses=s.NominationDetailSerializer)
    def patch(self, request: Request, pk: Any) -> Response:
        form = s.NominationUpdateSerializer(data=request.data, partial=True)
        form.is_valid(raise_exception=True)
        changes = dict(form.validated_data)
        version = changes.pop("version", None)
        services.nomination_update(
            nomination_id=pk, actor=request.user, version=version, changes=changes, client_ip=client_ip(request)
        )
        return _detail(request, pk)


class TransitionView(APIView):
    @extend_schema(request=s.TransitionRequestSerializer, responses=s.NominationDetailSerializer)
    def post(self, request: Request, pk: Any, name: str) -> Response:
        form = s.TransitionRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        if "version" not in form.validated_data:
            raise version_required()
        nomination_transition(
            nomination_id=pk,
            name=name,
            actor=request.user,
            version=form.validated_data["version"],
            comment=form.validated_data["comment"],
            client_ip=client_ip(request),
        )
        return _detail(request, pk)


class AttachmentListView(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(request=s.AttachmentUploadSerializer, responses={201: s.AttachmentSerializer})
    def post(self, request: Request, pk: Any) -> Response:
        form = s.AttachmentUploadSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        upload = form.validated_data["file"]
        attachment = services.attachment_add(
            nomination_id=pk,
            actor=request.user,
            kind=form.validated_data["kind"],
            stream=upload.file,
            name=upload.name,
            size=upload.size,
            client_ip=client_ip(request),
        )
        return Response(s.AttachmentSerializer(attachment, context={"request": request}).data, status=201)


class AttachmentDownloadView(APIView):
    @extend_schema(responses={(200, "application/octet-stream"): bytes})
    def get(self, request: Request, pk: Any, attachment_id: Any) -> FileResponse:
        nomination = get_object_or_404(permissions.visible_nominations(request.user), pk=pk)
        attachment = get_object_or_404(nomination.attachments, pk=attachment_id)
        if attachment.kind == AttachmentKind.EVIDENCE and not permissions.sees_personal_data(request.user, nomination):
            # Scans of identity papers and certificates show what the CCCD masking hides.
            raise forbidden(
                "Minh chứng chứa dữ liệu cá nhân: chỉ đơn vị, cán bộ thẩm định và thường trực Hội đồng được tải.",
                "Evidence carries personal data: only the unit, the reviewer and the secretary may download it.",
                code="personal_data_only",
            )
        access_log_record(
            actor=request.user,
            nomination=nomination,
            channel="api",
            kind=AccessKind.ATTACHMENT,
            subject=f"{attachment.get_kind_display()}: {attachment.original_name}",
            client_ip=client_ip(request),
        )
        response = FileResponse(
            attachment.file.open("rb"),
            as_attachment=True,
            filename=attachment.original_name,
            content_type=attachment.content_type,
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response


class EscalateView(APIView):
    @extend_schema(request=s.EscalationRequestSerializer, responses={201: s.NominationSummarySerializer})
    def post(self, request: Request, pk: Any) -> Response:
        form = s.EscalationRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        incoming = nomination_escalate(
            nomination_id=pk,
            actor=request.user,
            award_kind_code=form.validated_data["award_kind"],
            title=form.validated_data["title"],
            client_ip=client_ip(request),
        )
        incoming = Nomination.objects.select_related("round", "award_kind", "unit").get(pk=incoming.pk)
        return Response(s.NominationSummarySerializer(incoming, context={"request": request}).data, status=201)


class QueueView(APIView):
    @extend_schema(responses=s.NominationSummarySerializer(many=True))
    def get(self, request: Request) -> Response:
        page_number = _positive_int(request.query_params.get("page"), default=1, name="page")
        page_size = min(_positive_int(request.query_params.get("page_size"), default=50, name="page_size"), 200)
        # The page's rows come from ids first, so the cost of a page does not grow with the queue.
        rows = selectors.queue_page(request.user, page=page_number, page_size=page_size)
        count = selectors.queue_for(request.user).count()
        url = request.build_absolute_uri()
        has_next = page_number * page_size < count
        return Response(
            {
                "count": count,
                "next": replace_query_param(url, "page", page_number + 1) if has_next else None,
                "previous": (
                    None
                    if page_number == 1
                    else remove_query_param(url, "page")
                    if page_number == 2
                    else replace_query_param(url, "page", page_number - 1)
                ),
                "results": s.NominationSummarySerializer(rows, many=True, context={"request": request}).data,
            }
        )


def _positive_int(value: str | None, *, default: int, name: str) -> int:
    if value in (None, ""):
        return default
    if not value.isdigit() or int(value) < 1:
        raise Refusal("validation_error", f"{name}: phải là số nguyên dương.", f"{name}: must be a positive integer.")
    return int(value)
