"""POST /api/v1/certificates/{id}/paid/: the secretary records that a certificate's prize money was paid."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.decision_serializers import CertificateSerializer
from awards import payments
from core.http import client_ip
from nominations.models import Certificate


class PaidRequestSerializer(serializers.Serializer):
    paid_on = serializers.DateField(required=False, help_text="Ngày chi; mặc định hôm nay.")


class CertificatePaymentSerializer(CertificateSerializer):
    paid_by = serializers.SerializerMethodField()

    class Meta(CertificateSerializer.Meta):
        fields = [*CertificateSerializer.Meta.fields, "paid_on", "paid_by"]

    def get_paid_by(self, certificate: Certificate) -> str | None:
        user: Any = certificate.paid_by
        return user.username if user else None


class CertificatePaidView(APIView):
    @extend_schema(request=PaidRequestSerializer, responses=CertificatePaymentSerializer)
    def post(self, request: Request, pk: int) -> Response:
        form = PaidRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        certificate = payments.certificate_mark_paid(
            certificate_id=pk,
            actor=request.user,
            paid_on=form.validated_data.get("paid_on"),
            client_ip=client_ip(request),
        )
        return Response(CertificatePaymentSerializer(certificate, context={"request": request}).data)
