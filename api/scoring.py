"""GET and PUT /api/v1/nominations/{id}/scores/: the criteria in force and each nominee's scores."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.errors import not_found
from core.http import client_ip
from nominations import access as permissions
from nominations.models import Nomination
from scoring import services


class ScoreInputSerializer(serializers.Serializer):
    nominee = serializers.IntegerField()
    criterion = serializers.CharField(help_text="criterion code")
    points = serializers.IntegerField(required=False, allow_null=True, default=None)
    met = serializers.BooleanField(required=False, allow_null=True, default=None)
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class ScoresInputSerializer(serializers.Serializer):
    scores = ScoreInputSerializer(many=True, allow_empty=False, max_length=20000)


SCORE_SHEET = inline_serializer(
    "ScoreSheet",
    {
        "criteria_set": serializers.DictField(allow_null=True),
        "nominees": serializers.ListField(child=serializers.DictField()),
    },
)


def _visible(request: Request, pk: Any) -> Nomination:
    nomination = (
        permissions.visible_nominations(request.user).select_related("round", "award_kind").filter(pk=pk).first()
    )
    if nomination is None:
        raise not_found()
    return nomination


class ScoresView(APIView):
    @extend_schema(responses=SCORE_SHEET)
    def get(self, request: Request, pk: Any) -> Response:
        return Response(services.score_sheet(_visible(request, pk)))

    @extend_schema(request=ScoresInputSerializer, responses=SCORE_SHEET)
    def put(self, request: Request, pk: Any) -> Response:
        form = ScoresInputSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        services.score_save(
            nomination_id=pk, actor=request.user, scores=form.validated_data["scores"], client_ip=client_ip(request)
        )
        return Response(services.score_sheet(_visible(request, pk)))
