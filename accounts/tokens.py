"""API tokens (django-rest-knox): only a SHA-512 digest is stored; each expires; a user lists and revokes
his or her own. The token text is shown once, when issued."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from knox.models import AuthToken

from core.errors import Refusal


def token_issue(*, user: Any) -> tuple[AuthToken, str]:
    instance, token = AuthToken.objects.create(user=user)
    return instance, token


def tokens_of(user: Any) -> QuerySet[AuthToken]:
    now = timezone.now()
    return AuthToken.objects.filter(user=user, expiry__gt=now).order_by("-created")


def token_revoke(*, user: Any, token_key: str) -> int:
    """Revoke one's own token by its public key (the first characters knox indexes it by); 404 otherwise."""
    deleted, _ = AuthToken.objects.filter(user=user, token_key=token_key).delete()
    if not deleted:
        raise Refusal("not_found", "Không tìm thấy.", "Not found.", status=404)
    return deleted


def tokens_revoke_all(*, user: Any) -> int:
    deleted, _ = AuthToken.objects.filter(user=user).delete()
    return deleted
