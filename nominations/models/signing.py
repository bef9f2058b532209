"""Who signs with which key, and whose certificates the office trusts.

A personal key belongs to one signer of one organisation; the organisation's seal (its own digital
signature, applied by the văn thư) is the key with no user. A key is a PKCS#12 file kept sealed at rest,
a label on a PKCS#11 token, or an account at a remote-signing service; the token's module and the
services' adapters are named by the operator in the environment, never in the admin (a path typed into a
form would load any code into the server).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from nominations.models.catalogue import Organization


class KeyStore(models.TextChoices):
    PKCS12 = "pkcs12", "Tệp PKCS#12 (.p12/.pfx)"
    PKCS11 = "pkcs11", "Thiết bị ký số / HSM (PKCS#11)"
    REMOTE = "remote", "Ký số từ xa (SmartCA, MySign…), xác nhận trên điện thoại"


class SigningKey(models.Model):
    organization = models.ForeignKey(
        Organization, verbose_name="cơ quan", on_delete=models.PROTECT, related_name="signing_keys"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người ký (để trống: chữ ký số của cơ quan)",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="signing_keys",
    )
    store = models.CharField("nơi giữ khóa", max_length=10, choices=KeyStore.choices)
    pkcs12_sealed = models.TextField("tệp PKCS#12 (đã niêm phong)", blank=True, editable=False)
    secret_sealed = models.TextField("mật khẩu / mã PIN (đã niêm phong)", blank=True, editable=False)
    token_label = models.CharField("nhãn thiết bị (token)", max_length=100, blank=True)
    key_label = models.CharField("nhãn khóa trên thiết bị", max_length=100, blank=True)
    # The adapters are named by the operator in VINHDANH_REMOTE_SIGNING_ADAPTERS, never typed into the admin.
    service = models.CharField("dịch vụ ký số từ xa", max_length=50, blank=True)
    account = models.CharField("tài khoản tại dịch vụ ký số từ xa", max_length=200, blank=True)
    image = models.BinaryField("ảnh chữ ký / con dấu (PNG nền trong)", null=True, blank=True, editable=False)
    certificate_subject = models.CharField("chứng thư cấp cho", max_length=300, blank=True, editable=False)
    certificate_sha256 = models.CharField("SHA-256 chứng thư", max_length=64, blank=True, editable=False)
    valid_until = models.DateTimeField("chứng thư hết hạn", null=True, blank=True, editable=False)
    active = models.BooleanField("đang dùng", default=True)
    created_at = models.DateTimeField("đăng ký lúc", auto_now_add=True)

    class Meta:
        verbose_name = "khóa ký số"
        verbose_name_plural = "khóa ký số"
        ordering = ["organization", "user", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "user"], condition=Q(active=True), name="one_active_key_per_signer"
            ),
            models.UniqueConstraint(
                fields=["organization"], condition=Q(active=True, user__isnull=True), name="one_active_seal"
            ),
        ]

    def __str__(self) -> str:
        owner = self.user.get_full_name() if self.user else "Chữ ký số của cơ quan"
        return f"{owner} — {self.certificate_subject or self.get_store_display()}"


class TrustRoot(models.Model):
    """A root certificate whose chains the verification calls trusted, beside those named in the environment."""

    name = models.CharField("tên", max_length=200)
    certificate = models.BinaryField("chứng thư gốc (DER)", editable=False)
    certificate_sha256 = models.CharField("SHA-256", max_length=64, unique=True, editable=False)
    note = models.CharField("ghi chú", max_length=300, blank=True)
    created_at = models.DateTimeField("thêm lúc", auto_now_add=True)

    class Meta:
        verbose_name = "chứng thư gốc tin cậy"
        verbose_name_plural = "chứng thư gốc tin cậy"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SignatureKind(models.TextChoices):
    DIGITAL = "digital", "Ký số"
    PAPER = "paper", "Ký trên giấy (bản quét đã lưu)"


def signed_scan_path(instance: models.Model, filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1] if "." in filename else "bin"
    return f"decisions/signed/{uuid.uuid4().hex}.{extension}"
