"""The annual movement report each unit files with the Hội Khuyến học by 15/11 (plan 244/KH-UBND, VII)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from nominations.models.catalogue import Unit


class AnnualReportStatus(models.TextChoices):
    DRAFT = "draft", "Dự thảo"
    SUBMITTED = "submitted", "Đã gửi"


# The figures a unit reports and the HKH adds up for the ward; the narrative parts are not summed.
ANNUAL_REPORT_FIGURES = (
    "households",
    "learning_households",
    "learning_clans",
    "learning_citizens",
    "learning_units",
    "events_held",
    "participants",
)
ANNUAL_REPORT_TEXTS = ("results", "difficulties", "proposals")


class AnnualReport(models.Model):
    """Báo cáo tình hình tổ chức thực hiện Phong trào thi đua of one unit for one year."""

    unit = models.ForeignKey(Unit, verbose_name="đơn vị", on_delete=models.PROTECT, related_name="annual_reports")
    year = models.PositiveSmallIntegerField("năm báo cáo")
    households = models.PositiveIntegerField("số hộ gia đình", null=True, blank=True)
    learning_households = models.PositiveIntegerField("số hộ đạt Gia đình học tập", null=True, blank=True)
    learning_clans = models.PositiveIntegerField("số dòng họ đạt Dòng họ học tập", null=True, blank=True)
    learning_citizens = models.PositiveIntegerField("số người đạt Công dân học tập", null=True, blank=True)
    learning_units = models.PositiveIntegerField("số đơn vị đạt Đơn vị học tập", null=True, blank=True)
    events_held = models.PositiveIntegerField("số hoạt động, sự kiện đã tổ chức", null=True, blank=True)
    participants = models.PositiveIntegerField("số lượt người tham gia", null=True, blank=True)
    results = models.TextField("kết quả thực hiện", blank=True)
    difficulties = models.TextField("khó khăn, vướng mắc", blank=True)
    proposals = models.TextField("đề xuất, kiến nghị", blank=True)
    status = models.CharField(
        "trạng thái", max_length=10, choices=AnnualReportStatus.choices, default=AnnualReportStatus.DRAFT
    )
    due_on = models.DateField("hạn báo cáo", null=True, blank=True)
    is_late = models.BooleanField("gửi trễ hạn", default=False)
    submitted_at = models.DateTimeField("gửi lúc", null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người gửi",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người cập nhật", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "báo cáo phong trào hằng năm"
        verbose_name_plural = "báo cáo phong trào hằng năm"
        ordering = ["year", "unit__name"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="annual_report_unique_per_year")]

    def __str__(self) -> str:
        return f"{self.unit} – {self.year}"
