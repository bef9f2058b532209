"""Consent to appear on the public honour board, recorded by the nominating unit for each awardee.

The board is opt-in: without a consent row nobody's award is listed, however valid the certificate.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class HonourConsent(models.Model):
    nominee = models.OneToOneField(
        "nominations.Nominee",
        verbose_name="người / tập thể được khen",
        on_delete=models.CASCADE,
        related_name="honour_consent",
    )
    consented_at = models.DateTimeField("đồng ý lúc")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người ghi nhận",
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "đồng ý công khai trên bảng vinh danh"
        verbose_name_plural = "đồng ý công khai trên bảng vinh danh"

    def __str__(self) -> str:
        return str(self.nominee)
