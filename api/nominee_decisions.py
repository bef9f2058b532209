"""API.md 1.1 "Per-nominee decisions": the reviewer excludes or restores one nominee of a file under review."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api import serializers as s
from api.nominations import _detail
from core.http import client_ip
from workflows.nominee_decisions import nominee_exclude, nominee_restore


class NomineeDecisionSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    version = serializers.IntegerField(required=False, min_value=1)


class _NomineeDecisionView(APIView):
    service: Any = None

    @extend_schema(request=NomineeDecisionSerializer, responses=s.NominationDetailSerializer)
    def post(self, request: Request, pk: Any, nominee_id: int) -> Response:
        form = NomineeDecisionSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        type(self).service(
            nomination_id=pk,
            nominee_id=nominee_id,
            actor=request.user,
            reason=form.validated_data["reason"],
            version=form.validated_data.get("version"),
            client_ip=client_ip(request),
        )
        return _detail(request, pk)


class NomineeExcludeView(_NomineeDecisionView):
    service = staticmethod(nominee_exclude)


class NomineeRestoreView(_NomineeDecisionView):
    service = staticmethod(nominee_restore)
