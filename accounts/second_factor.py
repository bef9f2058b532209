"""The second factor (TOTP, django-otp) for administrators and signers.

Where it is demanded: the Django admin (an OTPAdminSite: a verified device or no admin) and signing a
decision (web and API). A browser session is verified once the person enters a code after the password.
An API token is issued to a person with a confirmed device only against a code, and enrolling a device
revokes every older token of that person; so a token of someone with a device is a verified one.
"""

from __future__ import annotations

from typing import Any

import segno
from django.db import transaction
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice
from knox.models import AuthToken

from core.errors import Refusal
from nominations.models import Membership, Role
from workflows.audit import audit_record, roles_chain

from .tokens import tokens_revoke_all


def needs_second_factor(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser or user.is_staff:
        return True
    return Membership.objects.filter(user=user, role__in=[Role.SIGNER, Role.ADMIN]).exists()


def confirmed_device(user: Any) -> TOTPDevice | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def is_verified(request: Any) -> bool:
    """A session verified with a code, or a token (issued only against a code to anyone with a device)."""
    user = getattr(request, "user", None)
    if isinstance(getattr(request, "auth", None), AuthToken):
        return confirmed_device(user) is not None
    check = getattr(user, "is_verified", None)
    return bool(check and check())


def second_factor_required() -> Refusal:
    return Refusal(
        "second_factor_required",
        "Thao tác này cần xác thực hai bước: đăng ký ứng dụng xác thực tại /tai-khoan/hai-buoc/ rồi nhập mã.",
        "This action needs the second factor: enrol an authenticator app at /tai-khoan/hai-buoc/ and enter a code.",
        status=403,
    )


def require_second_factor(request: Any) -> None:
    """Refuse an administrator or signer whose session or token was not verified with a code; anyone else
    meets the action's own rules (a secretary who tries to sign is told he or she is not the signer)."""
    if needs_second_factor(request.user) and not is_verified(request):
        raise second_factor_required()


def code_matches(*, user: Any, code: str) -> TOTPDevice | None:
    """The confirmed device this code is valid for (django-otp throttles repeated failures per device)."""
    device = confirmed_device(user)
    if device is None or not code:
        return None
    return device if device.verify_token(code.strip().replace(" ", "")) else None


def session_verify(*, request: Any, code: str) -> bool:
    device = code_matches(user=request.user, code=code)
    if device is None:
        return False
    otp_login(request, device)
    return True


def enrolment_device(*, user: Any) -> TOTPDevice:
    """The device being enrolled: an unconfirmed one kept until confirmed, so the QR shown stays the same."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name="Ứng dụng xác thực", confirmed=False)


def qr_data_uri(device: TOTPDevice) -> str:
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5)


def device_confirm(*, request: Any, code: str) -> bool:
    """Confirm the enrolment with a first code: the device replaces any older one, the session is verified,
    and every older API token is revoked (it was issued without a code)."""
    user = request.user
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).order_by("pk").first()
        if device is None or not device.verify_token(code.strip().replace(" ", "")):
            return False
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        revoked = tokens_revoke_all(user=user)
        audit_record(
            chain=roles_chain(user.pk),
            event="second_factor.enrolled",
            actor=user,
            details={"device": device.pk, "tokens_revoked": revoked},
        )
    otp_login(request, device)
    return True
