"""Who read whose personal data, what, when and why (Nghị định 13/2023/NĐ-CP: reads of personal data are logged)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AccessKind(models.TextChoices):
    DETAIL = "detail", "Xem hồ sơ"
    LIST = "list", "Danh sách"
    ATTACHMENT = "attachment", "Tải tệp đính kèm"
    EXPORT = "export", "Xuất báo cáo / tài liệu"
    PAGE = "page", "Trang web"


class AccessLog(models.Model):
    """One read of personal data: a file's CCCD or ethnicity, an evidence scan, an export."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người đọc", on_delete=models.PROTECT, related_name="+"
    )
    nomination = models.ForeignKey(
        "nominations.Nomination",
        verbose_name="hồ sơ",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    role = models.CharField("vai trò", max_length=30)
    channel = models.CharField("kênh", max_length=10, choices=[("api", "API"), ("web", "Trang web")])
    kind = models.CharField("loại truy cập", max_length=12, choices=AccessKind.choices, default=AccessKind.DETAIL)
    subject = models.CharField("nội dung đã đọc", max_length=300, blank=True)
    reason = models.TextField("lý do (quyền xem có thời hạn)", blank=True)
    grant = models.ForeignKey(
        "nominations.FileAccessGrant",
        verbose_name="quyền xem",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    client_ip = models.GenericIPAddressField("địa chỉ IP", null=True, blank=True)
    read_at = models.DateTimeField("thời điểm đọc", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "nhật ký truy cập dữ liệu cá nhân"
        verbose_name_plural = "nhật ký truy cập dữ liệu cá nhân"
        ordering = ["-read_at", "-id"]

    def __str__(self) -> str:
        return f"{self.actor_id} → {self.nomination_id or self.subject} ({self.channel}, {self.read_at:%Y-%m-%d %H:%M})"
