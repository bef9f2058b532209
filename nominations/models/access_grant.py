"""Time-limited, explicit permission for an organisation's administrator to read one file."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from nominations.models.nomination import Nomination


class AccessGrantStatus(models.TextChoices):
    REQUESTED = "requested", "Đang chờ duyệt"
    GRANTED = "granted", "Đã cho phép"
    REFUSED = "refused", "Không cho phép"
    REVOKED = "revoked", "Đã thu hồi"


class FileAccessGrant(models.Model):
    """An administrator administers catalogues and users; reading a file takes a grant like this one.

    Requested with a reason, granted by the organisation's signer (the Chairman) for a bounded time,
    and every read under it is logged with that reason.
    """

    nomination = models.ForeignKey(
        Nomination, verbose_name="hồ sơ", on_delete=models.CASCADE, related_name="access_grants"
    )
    grantee = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người được xem", on_delete=models.PROTECT, related_name="access_grants"
    )
    reason = models.TextField("lý do cần xem")
    status = models.CharField(
        "trạng thái",
        max_length=10,
        choices=AccessGrantStatus.choices,
        default=AccessGrantStatus.REQUESTED,
        db_index=True,
    )
    requested_at = models.DateTimeField("đề nghị lúc")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người duyệt",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField("duyệt lúc", null=True, blank=True)
    expires_at = models.DateTimeField("hết hạn lúc", null=True, blank=True)

    class Meta:
        verbose_name = "quyền xem hồ sơ có thời hạn"
        verbose_name_plural = "quyền xem hồ sơ có thời hạn"
        ordering = ["-requested_at", "-id"]
        indexes = [models.Index(fields=["grantee", "status", "expires_at"], name="access_grant_lookup")]

    def __str__(self) -> str:
        return f"{self.grantee} → {self.nomination_id} ({self.get_status_display()})"
