"""REST endpoints of API.md "Decisions and certificates", and the broadcasts they schedule."""

from __future__ import annotations

import tempfile
import uuid
from typing import Any

from django.db.models import Q
from django.http import FileResponse, HttpResponse
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.second_factor import require_second_factor
from api import decision_serializers as s
from api.responses import DOCX, PDF, PDF_RESPONSE, file_response, paginated
from awards import broadcasts, issuance, revocations
from awards import decisions as awards
from awards import documents as award_documents
from awards import selectors as award_selectors
from core.errors import Refusal
from core.http import client_ip
from nominations.models import Certificate, Decision, DecisionStatus, User


def _decision(request: Request, pk: Any) -> Decision:
    decision = award_selectors.visible_decisions(request.user).filter(pk=pk).first()
    if decision is None:
        raise awards.decision_not_found()
    return decision


def _decision_response(request: Request, pk: Any, *, code: int = 200) -> Response:
    context = {"request": request, "signature_report": True}
    return Response(s.DecisionSerializer(_decision(request, pk), context=context).data, status=code)


class DecisionListView(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("status", str, enum=DecisionStatus.values),
            OpenApiParameter("kind", str, enum=["award", "revocation"]),
            OpenApiParameter("nomination", str, description="nomination id: the decisions naming that file"),
        ],
        responses=s.DecisionSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        qs = award_selectors.visible_decisions(request.user)
        for key in ("status", "kind"):
            if request.query_params.get(key):
                qs = qs.filter(**{key: request.query_params[key]})
        if request.query_params.get("nomination"):
            try:
                file_id = uuid.UUID(request.query_params["nomination"])
            except ValueError as exc:
                raise Refusal("validation_error", "Tham số lọc không hợp lệ.", "Invalid filter.") from exc
            qs = qs.filter(
                Q(items__nomination_id=file_id) | Q(revoked_certificate__nominee__nomination_id=file_id)
            ).distinct()
        return paginated(request, self, qs.order_by("-created_at", "-id"), s.DecisionSerializer)

    @extend_schema(request=s.DecisionCreateSerializer, responses={201: s.DecisionSerializer})
    def post(self, request: Request) -> Response:
        form = s.DecisionCreateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        decision = awards.decision_create(
            actor=request.user,
            nomination_ids=form.validated_data["nominations"],
            summary=form.validated_data["summary"],
            client_ip=client_ip(request),
        )
        return _decision_response(request, decision.pk, code=status.HTTP_201_CREATED)


class DecisionDetailView(APIView):
    @extend_schema(responses=s.DecisionSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return _decision_response(request, pk)


class DecisionSignView(APIView):
    @extend_schema(request=s.DecisionSignSerializer, responses=s.DecisionSerializer)
    def post(self, request: Request, pk: int) -> Response:
        require_second_factor(request)
        form = s.DecisionSignSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        signer = None
        if form.validated_data.get("signer"):
            signer = User.objects.filter(username=form.validated_data["signer"], is_active=True).first()
            if signer is None:
                raise Refusal("not_a_signer", "Không tìm thấy người ký.", "No such signer.")
        scan = form.validated_data.get("signed_scan")
        awards.decision_sign(
            decision_id=pk,
            actor=request.user,
            number=form.validated_data.get("number") or None,
            signed_on=form.validated_data.get("signed_on"),
            signer=signer,
            signed_scan=scan.file if scan else None,
            signed_scan_size=scan.size if scan else 0,
            client_ip=client_ip(request),
        )
        return _decision_response(request, pk)


class DecisionIssueView(APIView):
    @extend_schema(request=None, responses=s.DecisionSerializer)
    def post(self, request: Request, pk: int) -> Response:
        issuance.decision_issue(decision_id=pk, actor=request.user, client_ip=client_ip(request))
        return _decision_response(request, pk)


def _decision_filename(decision: Decision, extension: str) -> str:
    label = f"{decision.year}-{decision.number:02d}" if decision.number else f"du-thao-{decision.pk}"
    return f"quyet-dinh-{label}.{extension}"


class DecisionPdfView(APIView):
    @extend_schema(responses=PDF_RESPONSE)
    def get(self, request: Request, pk: int) -> HttpResponse:
        decision = _decision(request, pk)
        return file_response(
            award_documents.decision_pdf(decision),
            content_type=PDF,
            filename=_decision_filename(decision, "pdf"),
            request=request,
            record=decision.status != DecisionStatus.DRAFT,
        )


class DecisionDocxView(APIView):
    @extend_schema(responses={(200, DOCX): OpenApiResponse(description="DOCX document")})
    def get(self, request: Request, pk: int) -> HttpResponse:
        decision = _decision(request, pk)
        return file_response(
            award_documents.decision_docx(decision),
            content_type=DOCX,
            filename=_decision_filename(decision, "docx"),
            request=request,
            record=decision.status != DecisionStatus.DRAFT,
        )


class DecisionCertificatesPdfView(APIView):
    @extend_schema(responses=PDF_RESPONSE)
    def get(self, request: Request, pk: int) -> FileResponse:
        decision = _decision(request, pk)
        if not decision.certificates.exists():
            raise Refusal("no_certificates", "Quyết định chưa trao giấy khen nào.", "No certificate issued yet.", 404)
        # Written to a temporary file, page chunk by page chunk, so a long list never sits in memory.
        spool = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
        award_documents.certificates_pdf(decision, spool)
        spool.seek(0)
        return FileResponse(
            spool, content_type=PDF, filename=_decision_filename(decision, "pdf").replace("quyet-dinh", "giay-khen")
        )


def _certificate(request: Request, pk: Any) -> Certificate:
    certificate = award_selectors.visible_certificates(request.user).filter(pk=pk).first()
    if certificate is None:
        raise award_selectors.certificate_not_found()
    return certificate


class CertificateListView(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("nomination", str, description="nomination id"),
            OpenApiParameter("decision", int),
        ],
        responses=s.CertificateSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        qs = award_selectors.visible_certificates(request.user)
        params = request.query_params
        try:
            if params.get("nomination"):
                qs = qs.filter(nominee__nomination_id=uuid.UUID(params["nomination"]))
            if params.get("decision"):
                qs = qs.filter(decision_id=int(params["decision"]))
        except ValueError as exc:
            raise Refusal("validation_error", "Tham số lọc không hợp lệ.", "Invalid filter.") from exc
        qs = qs.order_by("register_year", "register_seq")
        return paginated(request, self, qs, s.CertificateSerializer)


class CertificateDetailView(APIView):
    @extend_schema(responses=s.CertificateSerializer)
    def get(self, request: Request, pk: int) -> Response:
        context = {"request": request, "signature_report": True}
        return Response(s.CertificateSerializer(_certificate(request, pk), context=context).data)


class CertificatePdfView(APIView):
    @extend_schema(responses=PDF_RESPONSE)
    def get(self, request: Request, pk: int) -> HttpResponse:
        certificate = _certificate(request, pk)
        return file_response(
            award_documents.certificate_pdf(certificate),
            content_type=PDF,
            request=request,
            record=True,
            filename=f"giay-khen-{certificate.register_year}-{certificate.register_seq:03d}.pdf",
        )


class CertificateRevokeView(APIView):
    @extend_schema(request=s.RevokeRequestSerializer, responses={201: s.DecisionSerializer})
    def post(self, request: Request, pk: int) -> Response:
        form = s.RevokeRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        decision = revocations.certificate_revoke(
            certificate_id=pk,
            actor=request.user,
            ground=form.validated_data["ground"],
            reason=form.validated_data["reason"],
            client_ip=client_ip(request),
        )
        return _decision_response(request, decision.pk, code=status.HTTP_201_CREATED)


class BroadcastListView(APIView):
    @extend_schema(
        parameters=[OpenApiParameter("status", str, enum=["scheduled", "aired"])],
        responses=s.BroadcastSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        qs = award_selectors.visible_broadcasts(request.user).select_related("aired_by")
        if request.query_params.get("status"):
            qs = qs.filter(status=request.query_params["status"])
        return paginated(request, self, qs.order_by("air_on", "id"), s.BroadcastSerializer)


class BroadcastAiredView(APIView):
    @extend_schema(request=None, responses=s.BroadcastSerializer)
    def post(self, request: Request, pk: int) -> Response:
        broadcast = broadcasts.broadcast_mark_aired(broadcast_id=pk, actor=request.user)
        return Response(s.BroadcastSerializer(broadcast, context={"request": request}).data)


class BroadcastScriptPdfView(APIView):
    @extend_schema(responses=PDF_RESPONSE)
    def get(self, request: Request, pk: int) -> HttpResponse:
        broadcast = award_selectors.visible_broadcasts(request.user).filter(pk=pk).first()
        if broadcast is None:
            raise Refusal("not_found", "Không tìm thấy bản tin.", "Broadcast not found.", status=404)
        return file_response(
            award_documents.broadcast_pdf(broadcast),
            content_type=PDF,
            filename=f"ban-tin-phat-thanh-{broadcast.air_on:%Y-%m-%d}.pdf",
        )
