"""Organisations over time: the name, header, place and parent in force on a date, and who succeeded whom."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from nominations.models.catalogue import Organization


class OrganizationVersion(models.Model):
    """How an organisation was named, headed, placed and attached from one date on (renaming, transfer)."""

    organization = models.ForeignKey(
        Organization, verbose_name="cơ quan", on_delete=models.CASCADE, related_name="versions"
    )
    valid_from = models.DateField("áp dụng từ ngày")
    name = models.CharField("tên", max_length=200)
    issuing_body = models.CharField("cơ quan ban hành", max_length=200)
    parent = models.ForeignKey(
        Organization, verbose_name="cấp trên", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    parent_body = models.CharField("cơ quan chủ quản", max_length=200, blank=True)
    place_name = models.CharField("địa danh ghi trên văn bản", max_length=100)
    act = models.CharField("văn bản quyết định", max_length=200, blank=True)

    class Meta:
        verbose_name = "tên gọi, địa danh, cấp trên theo thời gian"
        verbose_name_plural = "tên gọi, địa danh, cấp trên theo thời gian"
        ordering = ["organization", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "valid_from"], name="organization_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.name} từ {self.valid_from:%d/%m/%Y}"


class SuccessionKind(models.TextChoices):
    MERGER = "merger", "Sáp nhập / hợp nhất"
    RENAMING = "renaming", "Đổi tên"
    TRANSFER = "transfer", "Điều chỉnh cấp trên"
    SPLIT = "split", "Chia tách"


class Succession(models.Model):
    """The legal act by which an organisation's work passed to another (or the same one under a new name)."""

    predecessor = models.ForeignKey(
        Organization, verbose_name="cơ quan trước", on_delete=models.PROTECT, related_name="successions"
    )
    successor = models.ForeignKey(
        Organization, verbose_name="cơ quan kế thừa", on_delete=models.PROTECT, related_name="succeeded"
    )
    kind = models.CharField("hình thức", max_length=20, choices=SuccessionKind.choices)
    effective_on = models.DateField("có hiệu lực từ ngày")
    act_number = models.CharField("số văn bản", max_length=50)
    act_date = models.DateField("ngày văn bản")
    act_body = models.CharField("cơ quan ban hành văn bản", max_length=200)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người ghi nhận", on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField("ghi nhận lúc", auto_now_add=True)
    moved = models.JSONField("đã chuyển sang cơ quan kế thừa", default=dict)

    class Meta:
        verbose_name = "kế thừa cơ quan"
        verbose_name_plural = "kế thừa cơ quan"
        ordering = ["effective_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["renaming", "transfer"]) | ~Q(predecessor=models.F("successor")),
                name="succession_to_another_unless_renamed",
            )
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor} ({self.act_number})"
