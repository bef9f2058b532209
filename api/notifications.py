"""The notification endpoints of API.md: the reader's own notices, newest first, and marking one read."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.errors import Refusal
from notifications import inbox
from notifications.models import Notification

UNREAD_HEADER = "X-Unread-Count"
# The list is a plain array (API.md); the newest notices are the ones a reader needs.
DEFAULT_LIMIT = 200
MAX_LIMIT = 1000


class NotificationSerializer(serializers.ModelSerializer):
    nomination = serializers.UUIDField(source="nomination_id", allow_null=True, read_only=True)
    read = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = ["id", "event", "nomination", "message", "created_at", "read"]

    def get_read(self, obj: Notification) -> bool:
        return obj.read_at is not None


def _unread(user: Any) -> int:
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()


def _not_found() -> Refusal:
    return Refusal("not_found", "Không tìm thấy thông báo.", "Notification not found.", status=404)


class NotificationListView(APIView):
    """The signed-in person's notices, newest first; the unread count rides in the X-Unread-Count header."""

    @extend_schema(
        parameters=[
            OpenApiParameter("unread", bool, description="only unread notices"),
            OpenApiParameter("limit", int, description=f"at most this many (default {DEFAULT_LIMIT})"),
        ],
        responses=NotificationSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        notices = Notification.objects.filter(recipient_id=request.user.pk).order_by("-created_at", "-id")
        if request.query_params.get("unread") in ("1", "true"):
            notices = notices.filter(read_at__isnull=True)
        raw_limit = request.query_params.get("limit", "")
        limit = min(int(raw_limit), MAX_LIMIT) if raw_limit.isdigit() else DEFAULT_LIMIT
        response = Response(NotificationSerializer(notices[:limit], many=True).data)
        response[UNREAD_HEADER] = str(_unread(request.user))
        return response


class NotificationReadView(APIView):
    @extend_schema(request=None, responses=NotificationSerializer)
    def post(self, request: Request, pk: int) -> Response:
        try:
            notice = inbox.notification_mark_read(notification_id=pk, user=request.user)
        except Notification.DoesNotExist as exc:
            raise _not_found() from exc
        response = Response(NotificationSerializer(notice).data)
        response[UNREAD_HEADER] = str(_unread(request.user))
        return response


class UnreadCountView(APIView):
    @extend_schema(responses=inline_serializer("UnreadCount", {"unread": serializers.IntegerField()}))
    def get(self, request: Request) -> Response:
        return Response({"unread": _unread(request.user)})
