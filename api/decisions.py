"""REST endpoints of API.md "Council" and "Decisions and certificates"."""

from __future__ import annotations

import tempfile
import uuid
from typing import Any

from django.db.models import Q
from django.http import FileResponse, HttpResponse
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.second_factor import require_second_factor
from api import decision_serializers as s
from api.nominations import Pagination
from awards import broadcasts, revocations
from awards import decisions as awards
from awards import documents as award_documents
from awards import selectors as award_selectors
from core.errors import Refusal
from core.http import client_ip
from council import documents as council_documents
from council import services as council
from nominations.models import Certificate, CouncilSession, Decision, DecisionStatus, User
from nominations.records import sha256

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_PDF_RESPONSE = {(200, PDF): OpenApiResponse(description="PDF document")}


def _file_response(
    content: bytes, *, content_type: str, filename: str, request: Request | None = None, record: bool = False
) -> HttpResponse:
    """A document download; a kept record carries its SHA-256 as ETag, so a client can check what it holds."""
    etag = f'"{sha256(content)}"' if record else None
    if etag and request is not None and etag in request.headers.get("If-None-Match", ""):
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    if etag:
        response["ETag"] = etag
    else:
        # A draft renders from today's data: never let a cache keep it.
        response["Cache-Control"] = "no-store"
    return response


def _session(request: Request, pk: Any) -> CouncilSession:
    session = council.visible_sessions(request.user).select_related("organization", "chair").filter(pk=pk).first()
    if session is None:
        raise council.session_not_found()
    return session


def _session_response(request: Request, session: CouncilSession, *, code: int = 200) -> Response:
    session = _session(request, session.pk)
    data = s.CouncilSessionSerializer(session, context={"request": request, "tally": council.session_tally(session)})
    return Response(data.data, status=code)


def _paginated(request: Request, view: APIView, qs: Any, serializer: type, **context: Any) -> Response:
    paginator = Pagination()
    page = paginator.paginate_queryset(qs, request, view=view)
    data = serializer(page, many=True, context={"request": request, **context}).data
    return paginator.get_paginated_response(data)


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
    @extend_schema(responses=_PDF_RESPONSE)
    def get(self, request: Request, pk: int) -> HttpResponse:
        session = _session(request, pk)
        return _file_response(
            council_documents.minutes_pdf(session), content_type=PDF, filename=f"bien-ban-phien-hop-{session.pk}.pdf"
        )


def _decision(request: Request, pk: Any) -> Decision:
    decision = award_selectors.visible_decisions(request.user).filter(pk=pk).first()
    if decision is None:
        raise awards.decision_not_found()
    return decision


def _decision_response(request: Request, pk: Any, *, code: int = 200) -> Response:
    return Response(s.DecisionSerializer(_decision(request, pk), context={"request": request}).data, status=code)


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
        return _paginated(request, self, qs.order_by("-created_at", "-id"), s.DecisionSerializer)

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
        awards.decision_sign(
            decision_id=pk,
            actor=request.user,
            number=form.validated_data.get("number") or None,
            signed_on=form.validated_data.get("signed_on"),
            signer=signer,
            client_ip=client_ip(request),
        )
        return _decision_response(request, pk)


class DecisionIssueView(APIView):
    @extend_schema(request=None, responses=s.DecisionSerializer)
    def post(self, request: Request, pk: int) -> Response:
        awards.decision_issue(decision_id=pk, actor=request.user, client_ip=client_ip(request))
        return _decision_response(request, pk)


def _decision_filename(decision: Decision, extension: str) -> str:
    label = f"{decision.year}-{decision.number:02d}" if decision.number else f"du-thao-{decision.pk}"
    return f"quyet-dinh-{label}.{extension}"


class DecisionPdfView(APIView):
    @extend_schema(responses=_PDF_RESPONSE)
    def get(self, request: Request, pk: int) -> HttpResponse:
        decision = _decision(request, pk)
        return _file_response(
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
        return _file_response(
            award_documents.decision_docx(decision),
            content_type=DOCX,
            filename=_decision_filename(decision, "docx"),
            request=request,
            record=decision.status != DecisionStatus.DRAFT,
        )


class DecisionCertificatesPdfView(APIView):
    @extend_schema(responses=_PDF_RESPONSE)
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
        return _paginated(request, self, qs, s.CertificateSerializer)


class CertificateDetailView(APIView):
    @extend_schema(responses=s.CertificateSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return Response(s.CertificateSerializer(_certificate(request, pk), context={"request": request}).data)


class CertificatePdfView(APIView):
    @extend_schema(responses=_PDF_RESPONSE)
    def get(self, request: Request, pk: int) -> HttpResponse:
        certificate = _certificate(request, pk)
        return _file_response(
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
        return _paginated(request, self, qs.order_by("air_on", "id"), s.BroadcastSerializer)


class BroadcastAiredView(APIView):
    @extend_schema(request=None, responses=s.BroadcastSerializer)
    def post(self, request: Request, pk: int) -> Response:
        broadcast = broadcasts.broadcast_mark_aired(broadcast_id=pk, actor=request.user)
        return Response(s.BroadcastSerializer(broadcast, context={"request": request}).data)


class BroadcastScriptPdfView(APIView):
    @extend_schema(responses=_PDF_RESPONSE)
    def get(self, request: Request, pk: int) -> HttpResponse:
        broadcast = award_selectors.visible_broadcasts(request.user).filter(pk=pk).first()
        if broadcast is None:
            raise Refusal("not_found", "Không tìm thấy bản tin.", "Broadcast not found.", status=404)
        return _file_response(
            award_documents.broadcast_pdf(broadcast),
            content_type=PDF,
            filename=f"ban-tin-phat-thanh-{broadcast.air_on:%Y-%m-%d}.pdf",
        )
