"""Who read whose personal data, and when (Nghị định 13/2023/NĐ-CP: reads of personal data are logged)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AccessLog(models.Model):
    """One read of a nomination file by someone who oversees it without owning it (the supervisor)."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người đọc", on_delete=models.PROTECT, related_name="+"
    )
    nomination = models.ForeignKey(
        "nominations.Nomination", verbose_name="hồ sơ", on_delete=models.CASCADE, related_name="+"
    )
    role = models.CharField("vai trò", max_length=30)
    channel = models.CharField("kênh", max_length=10, choices=[("api", "API"), ("web", "Trang web")])
    client_ip = models.GenericIPAddressField("địa chỉ IP", null=True, blank=True)
    read_at = models.DateTimeField("thời điểm đọc", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "nhật ký truy cập dữ liệu cá nhân"
        verbose_name_plural = "nhật ký truy cập dữ liệu cá nhân"
        ordering = ["-read_at", "-id"]

    def __str__(self) -> str:
        return f"{self.actor_id} → {self.nomination_id} ({self.channel}, {self.read_at:%Y-%m-%d %H:%M})"
