"""REST endpoints of API.md "Council": sessions, votes (in person, in writing, disputed), closing, minutes."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api import decision_serializers as s
from api.nominations import Pagination
from api.responses import PDF, PDF_RESPONSE, file_response
from core.http import client_ip
from council import documents as council_documents
from council import services as council
from nominations.models import CouncilSession


def _session(request: Request, pk: Any) -> CouncilSession:
    session = council.visible_sessions(request.user).select_related("organization", "chair").filter(pk=pk).first()
    if session is None:
        raise council.session_not_found()
    return session


def _session_response(request: Request, session: CouncilSession, *, code: int = 200) -> Response:
    session = _session(request, session.pk)
    data = s.CouncilSessionSerializer(session, context={"request": request, "tally": council.session_tally(session)})
    return Response(data.data, status=code)


class CouncilSessionListView(APIView):
    @extend_schema(
        parameters=[OpenApiParameter("status", str, enum=["open", "closed"])],
        responses=s.CouncilSessionSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        qs = council.visible_sessions(request.user).select_related("organization", "chair")
        if request.query_params.get("status"):
            qs = qs.filter(status=request.query_params["status"])
        paginator = Pagination()
        page = paginator.paginate_queryset(qs.order_by("-held_on", "-id"), request, view=self)
        data = [
            s.CouncilSessionSerializer(
                session, context={"request": request, "tally": council.session_tally(session)}
            ).data
            for session in page or []
        ]
        return paginator.get_paginated_response(data)

    @extend_schema(request=s.CouncilSessionCreateSerializer, responses={201: s.CouncilSessionSerializer})
    def post(self, request: Request) -> Response:
        form = s.CouncilSessionCreateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        session = council.council_session_create(
            actor=request.user,
            title=form.validated_data["title"],
            held_on=form.validated_data["held_on"],
            nomination_ids=form.validated_data["nominations"],
            client_ip=client_ip(request),
        )
        return _session_response(request, session, code=status.HTTP_201_CREATED)


class CouncilSessionDetailView(APIView):
    @extend_schema(responses=s.CouncilSessionSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return _session_response(request, _session(request, pk))


class CouncilVoteView(APIView):
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(
        request={"application/json": s.VoteRequestSerializer, "multipart/form-data": s.VoteRequestSerializer},
        responses={200: s.VoteSerializer},
    )
    def post(self, request: Request, pk: int) -> Response:
        form = s.VoteRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        if not data.get("member"):
            vote = council.council_vote_cast(
                session_id=pk, actor=request.user, nominee_id=data["nominee"], choice=data["choice"]
            )
            return Response(s.VoteSerializer(vote).data)
        ballot = data.get("ballot")
        vote = council.council_written_vote_record(
            session_id=pk,
            actor=request.user,
            member_username=data["member"],
            nominee_id=data["nominee"],
            choice=data["choice"],
            ballot=ballot.file if ballot else None,
            ballot_size=ballot.size if ballot else 0,
        )
        return Response(s.VoteSerializer(vote).data)


class CouncilVoteDisputeView(APIView):
    @extend_schema(request=s.DisputeRequestSerializer, responses={201: s.DisputeSerializer})
    def post(self, request: Request, pk: int) -> Response:
        form = s.DisputeRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        dispute = council.council_vote_dispute(
            session_id=pk,
            actor=request.user,
            nominee_id=form.validated_data["nominee"],
            reason=form.validated_data["reason"],
        )
        return Response(s.DisputeSerializer(dispute).data, status=status.HTTP_201_CREATED)


class CouncilWrittenVoteWithdrawView(APIView):
    @extend_schema(request=s.WrittenVoteWithdrawSerializer, responses={204: None})
    def post(self, request: Request, pk: int) -> Response:
        form = s.WrittenVoteWithdrawSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        council.council_written_vote_withdraw(
            session_id=pk,
            actor=request.user,
            member_username=form.validated_data["member"],
            nominee_id=form.validated_data["nominee"],
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class CouncilSessionCloseView(APIView):
    @extend_schema(request=None, responses=s.CouncilSessionSerializer)
    def post(self, request: Request, pk: int) -> Response:
        session = council.council_session_close(session_id=pk, actor=request.user, client_ip=client_ip(request))
        return _session_response(request, session)


class CouncilMinutesView(APIView):
    @extend_schema(responses=PDF_RESPONSE)
    def get(self, request: Request, pk: int) -> HttpResponse:
        session = _session(request, pk)
        return file_response(
            council_documents.minutes_pdf(session), content_type=PDF, filename=f"bien-ban-phien-hop-{session.pk}.pdf"
        )
