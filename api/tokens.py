"""Sign-in for API clients (API.md 1.1 "Tokens"): expiring, hashed tokens a person lists and revokes.

Every attempt counts against the real client address (per minute and per day); failures count against the
username alone (axes), whatever address or forwarding header they come with.
"""

from __future__ import annotations

from django.contrib.auth import authenticate
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import second_factor, tokens
from accounts.throttling import AddressScopedRateThrottle, DailySignInThrottle
from core.errors import Refusal


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField()
    password = serializers.CharField(trim_whitespace=False, style={"input_type": "password"})
    otp = serializers.CharField(required=False, allow_blank=True, help_text="Mã xác thực hai bước (6 chữ số).")


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()
    expiry = serializers.DateTimeField()


class TokenInfoSerializer(serializers.Serializer):
    id = serializers.CharField(source="token_key", help_text="Khóa công khai của token, dùng để thu hồi.")
    created = serializers.DateTimeField()
    expiry = serializers.DateTimeField()
    current = serializers.SerializerMethodField()

    def get_current(self, token: object) -> bool:
        return token == self.context.get("current")


def _invalid_credentials() -> Refusal:
    return Refusal("invalid_credentials", "Tên đăng nhập hoặc mật khẩu không đúng.", "Wrong username or password.")


class AuthTokenView(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list[type] = []
    throttle_classes = [AddressScopedRateThrottle, DailySignInThrottle]
    throttle_scope = "auth"

    @extend_schema(request=TokenRequestSerializer, responses=TokenSerializer, auth=[])
    def post(self, request: Request) -> Response:
        form = TokenRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        user = authenticate(
            request._request, username=form.validated_data["username"], password=form.validated_data["password"]
        )
        if user is None or not user.is_active:
            raise _invalid_credentials()
        if second_factor.confirmed_device(user) is not None:
            code = form.validated_data.get("otp", "")
            if not code:
                raise Refusal(
                    "otp_required",
                    "Tài khoản này dùng xác thực hai bước: gửi kèm mã trong trường otp.",
                    "This account uses a second factor: send the code in the otp field.",
                )
            if second_factor.code_matches(user=user, code=code) is None:
                raise Refusal("otp_invalid", "Mã xác thực không đúng.", "Wrong authentication code.")
        instance, token = tokens.token_issue(user=user)
        return Response({"token": token, "expiry": instance.expiry})


class LogoutView(APIView):
    @extend_schema(request=None, responses={204: None})
    def post(self, request: Request) -> Response:
        if request.auth is not None and hasattr(request.auth, "token_key"):
            tokens.token_revoke(user=request.user, token_key=request.auth.token_key)
        return Response(status=204)


class TokenListView(APIView):
    @extend_schema(responses=TokenInfoSerializer(many=True))
    def get(self, request: Request) -> Response:
        rows = tokens.tokens_of(request.user)
        return Response(TokenInfoSerializer(rows, many=True, context={"current": request.auth}).data)


class TokenRevokeView(APIView):
    @extend_schema(request=None, responses={204: None})
    def delete(self, request: Request, token_id: str) -> Response:
        tokens.token_revoke(user=request.user, token_key=token_id)
        return Response(status=204)
