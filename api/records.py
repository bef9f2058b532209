"""REST endpoints for the paper side of awards: certificates on pre-printed blanks, and what a revocation
recovers."""

from __future__ import annotations

from django.http import HttpResponse
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api import decision_serializers as s
from api.decisions import _decision, _decision_filename
from api.responses import PDF, PDF_RESPONSE, file_response
from awards import documents as award_documents
from awards import revocations
from core.errors import Refusal
from core.http import client_ip


class DecisionCertificatesBlankPdfView(APIView):
    """The certificates' fields only, placed for the organisation's pre-printed blank of that award kind."""

    @extend_schema(responses=PDF_RESPONSE)
    def get(self, request: Request, pk: int) -> HttpResponse:
        decision = _decision(request, pk)
        if not decision.certificates.exists():
            raise Refusal("no_certificates", "Quyết định chưa trao giấy khen nào.", "No certificate issued yet.", 404)
        return file_response(
            award_documents.certificates_blank_pdf(decision),
            content_type=PDF,
            filename=_decision_filename(decision, "pdf").replace("quyet-dinh", "in-phoi"),
        )


class DecisionBlankCalibrationView(APIView):
    """A calibration page for the blank this decision's certificates print on."""

    @extend_schema(responses=PDF_RESPONSE)
    def get(self, request: Request, pk: int) -> HttpResponse:
        decision = _decision(request, pk)
        if decision.award_kind_id is None:
            raise Refusal("not_an_award", "Quyết định không cấp giấy khen.", "The decision issues nothing.")
        return file_response(
            award_documents.calibration_pdf(decision.organization_id, decision.award_kind_id),
            content_type=PDF,
            filename="can-chinh-phoi.pdf",
        )


class CertificateRecoveredView(APIView):
    @extend_schema(request=s.RecoveredRequestSerializer, responses=s.CertificateSerializer)
    def post(self, request: Request, pk: int) -> Response:
        form = s.RecoveredRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        certificate = revocations.certificate_recovery_record(
            certificate_id=pk,
            actor=request.user,
            certificate_on=form.validated_data.get("certificate_on"),
            money_on=form.validated_data.get("money_on"),
            client_ip=client_ip(request),
        )
        return Response(s.CertificateSerializer(certificate, context={"request": request}).data)
