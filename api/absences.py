"""API.md 1.1 "Substitutes": a user records an absence and names a substitute; an administrator reassigns."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api import serializers as s
from core.http import client_ip
from nominations.models import Absence
from workflows.absences import absence_cancel, absence_record, task_reassign


class AbsenceSerializer(serializers.ModelSerializer):
    user = serializers.CharField(source="user.username", read_only=True)
    substitute = serializers.CharField(source="substitute.username")
    cancelled = serializers.SerializerMethodField()

    class Meta:
        model = Absence
        fields = ["id", "user", "starts_on", "ends_on", "substitute", "cancelled", "created_at"]

    def get_cancelled(self, absence: Absence) -> bool:
        return absence.cancelled_at is not None


class AbsenceRequestSerializer(serializers.Serializer):
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    substitute = serializers.CharField(max_length=150)


class ReassignRequestSerializer(serializers.Serializer):
    to = serializers.CharField(max_length=150)
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class AbsenceListView(APIView):
    @extend_schema(responses=AbsenceSerializer(many=True))
    def get(self, request: Request) -> Response:
        """The caller's own absences, and those in which the caller stands in for someone."""
        qs = (
            Absence.objects.filter(user_id=request.user.pk)
            | Absence.objects.filter(substitute_id=request.user.pk, cancelled_at__isnull=True)
        ).select_related("user", "substitute")
        return Response(AbsenceSerializer(qs.order_by("-starts_on", "-pk"), many=True).data)

    @extend_schema(request=AbsenceRequestSerializer, responses={201: AbsenceSerializer})
    def post(self, request: Request) -> Response:
        form = AbsenceRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        absence = absence_record(actor=request.user, **form.validated_data, client_ip=client_ip(request))
        return Response(AbsenceSerializer(absence).data, status=status.HTTP_201_CREATED)


class AbsenceCancelView(APIView):
    @extend_schema(request=None, responses=AbsenceSerializer)
    def post(self, request: Request, pk: int) -> Response:
        return Response(AbsenceSerializer(absence_cancel(absence_id=pk, actor=request.user)).data)


class TaskReassignView(APIView):
    @extend_schema(request=ReassignRequestSerializer, responses=s.NominationDetailSerializer)
    def post(self, request: Request, pk: Any) -> Response:
        form = ReassignRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        nomination = task_reassign(
            nomination_id=pk, actor=request.user, **form.validated_data, client_ip=client_ip(request)
        )
        # An administrator moves the task without reading the file (files are read only under an access grant):
        # the answer names the file and who holds its task now, nothing of its content.
        return Response(
            {"id": str(nomination.pk), "reference": nomination.reference, "holder": form.validated_data["to"]}
        )
