"""The ways out: e-mail through Django's backends, and a signed JSON webhook for SMS or Zalo gateways."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from notifications.texts import LABELS, Message

SIGNATURE_HEADER = "X-Vinhdanh-Signature"
TIMESTAMP_HEADER = "X-Vinhdanh-Timestamp"
DELIVERY_HEADER = "X-Vinhdanh-Delivery"
WEBHOOK_TIMEOUT_SECONDS = 10


class DeliveryFailed(Exception):  # noqa: N818 - a refused delivery is expected, and retried
    """The gateway or mail server did not take the message; the delivery is tried again later."""


def email_send(*, recipient: Any, language: str, messages: Sequence[Message], subject: str, key: str) -> None:
    """One e-mail (text and HTML) holding one or more notices; `key` makes its Message-ID stable."""
    words = LABELS[language]
    context = {
        "language": language,
        "greeting": words["greeting"].format(name=recipient.full_name or recipient.username),
        "messages": messages,
        "footer": words["footer"],
    }
    email = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("notifications/email/message.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipient.email],
        # A resent copy carries the same Message-ID, so mail systems can drop the duplicate.
        headers={"Message-ID": f"<{key}@vinhdanh>", "Content-Language": language},
    )
    email.attach_alternative(render_to_string("notifications/email/message.html", context), "text/html")
    try:
        email.send(fail_silently=False)
    except Exception as exc:  # SMTP, socket and backend errors alike mean "not taken"
        raise DeliveryFailed(f"{type(exc).__name__}: {exc}") from exc


def sign(*, secret: str, timestamp: str, body: bytes) -> str:
    """Hex HMAC-SHA256 over "timestamp.body": the timestamp is signed so a request cannot be replayed later."""
    return hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


def signature_valid(
    *, secret: str, timestamp: str, body: bytes, signature: str, tolerance_seconds: int = 300, now: float | None = None
) -> bool:
    """What a gateway checks on each request (documented for integrators)."""
    try:
        age = abs((now if now is not None else time.time()) - int(timestamp))
    except ValueError:
        return False
    return age <= tolerance_seconds and hmac.compare_digest(
        sign(secret=secret, timestamp=timestamp, body=body), signature
    )


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A gateway that answers with a redirect is not followed: the signed body must not go elsewhere."""

    def redirect_request(self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str) -> None:
        raise urllib.error.HTTPError(req.full_url, code, f"redirect to {newurl} refused", headers, fp)


_OPENER = urllib.request.build_opener(_NoRedirects)


def webhook_url_refusal(url: str) -> str | None:
    """Why this gateway address is not acceptable here, or None: production speaks https only."""
    scheme = urllib.parse.urlsplit(url).scheme.lower()
    if scheme == "https" or (scheme == "http" and getattr(settings, "VINHDANH_WEBHOOK_ALLOW_HTTP", settings.DEBUG)):
        return None
    return "Cổng webhook phải dùng https:// (không gửi dữ liệu cá nhân qua http://)."


def webhook_post(*, url: str, secret: str, payload: dict[str, Any], key: str) -> int:
    refusal = webhook_url_refusal(url)
    if refusal:
        raise DeliveryFailed(refusal)
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()
    timestamp = str(int(time.time()))
    request = urllib.request.Request(  # noqa: S310 - the URL is an administrator's https/http endpoint
        url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            TIMESTAMP_HEADER: timestamp,
            SIGNATURE_HEADER: sign(secret=secret, timestamp=timestamp, body=body),
            # The same key on every attempt lets the gateway drop a copy it already took.
            DELIVERY_HEADER: key,
        },
    )
    try:
        with _OPENER.open(request, timeout=WEBHOOK_TIMEOUT_SECONDS) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        raise DeliveryFailed(f"HTTP {exc.code}") from exc
    except (urllib.error.URLError, OSError) as exc:
        raise DeliveryFailed(f"{type(exc).__name__}: {exc}") from exc
