"""Review in steps: the head or clerk assigns the case officer, the officer proposes, the head decides.

Additions to API.md 1.1 (nothing else changes meaning):
`POST /api/v1/nominations/{id}/review/assign/` `{"officer": username}`,
`POST /api/v1/nominations/{id}/review/propose/` `{"proposal", "opinion"}`,
`POST /api/v1/nominations/{id}/review/decide/` `{"accept": true}` or `{"accept": false, "note"}`;
each answers the nomination, and 409 `wrong_review_step` when the file is not at that step.
`GET /api/v1/queue/counts/` and `GET /api/v1/nominations/{id}/tasks/` read the desk.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api import serializers as s
from api.nominations import _detail
from core.errors import not_found
from core.http import client_ip
from nominations.access import visible_nominations
from nominations.models import Proposal
from workflows.desk import queue_counts, task_history
from workflows.review import review_assign, review_decide, review_propose


class AssignSerializer(serializers.Serializer):
    officer = serializers.CharField(max_length=150)
    version = serializers.IntegerField(required=False, min_value=1)


class ProposeSerializer(serializers.Serializer):
    proposal = serializers.ChoiceField(choices=Proposal.choices)
    opinion = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)
    version = serializers.IntegerField(required=False, min_value=1)


class DecideSerializer(serializers.Serializer):
    accept = serializers.BooleanField()
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)
    version = serializers.IntegerField(required=False, min_value=1)


class ReviewAssignView(APIView):
    @extend_schema(request=AssignSerializer, responses=s.NominationDetailSerializer)
    def post(self, request: Request, pk: Any) -> Response:
        form = AssignSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        review_assign(nomination_id=pk, actor=request.user, **form.validated_data, client_ip=client_ip(request))
        return _detail(request, pk)


class ReviewProposeView(APIView):
    @extend_schema(request=ProposeSerializer, responses=s.NominationDetailSerializer)
    def post(self, request: Request, pk: Any) -> Response:
        form = ProposeSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        review_propose(nomination_id=pk, actor=request.user, **form.validated_data, client_ip=client_ip(request))
        return _detail(request, pk)


class ReviewDecideView(APIView):
    @extend_schema(request=DecideSerializer, responses=s.NominationDetailSerializer)
    def post(self, request: Request, pk: Any) -> Response:
        form = DecideSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        review_decide(nomination_id=pk, actor=request.user, **form.validated_data, client_ip=client_ip(request))
        return _detail(request, pk)


class QueueCountsView(APIView):
    """`GET /api/v1/queue/counts/`: the caller's queue per state, and open tasks per holder."""

    @extend_schema(responses=None)
    def get(self, request: Request) -> Response:
        return Response(queue_counts(request.user))


class TaskHistoryView(APIView):
    """`GET /api/v1/nominations/{id}/tasks/`: each human task of the file, who held it and for how long."""

    @extend_schema(responses=None)
    def get(self, request: Request, pk: Any) -> Response:
        nomination = visible_nominations(request.user).filter(pk=pk).first()
        if nomination is None:
            raise not_found()
        return Response(task_history(nomination))
