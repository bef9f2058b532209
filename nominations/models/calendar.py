"""The calendar's data: days off and working Saturdays the administrator enters, and the years announced."""

from django.db import models
from simple_history.models import HistoricalRecords

from nominations.models.catalogue import Organization


class Holiday(models.Model):
    organization = models.ForeignKey(
        Organization, verbose_name="cơ quan", null=True, blank=True, on_delete=models.CASCADE, related_name="holidays"
    )
    day = models.DateField("ngày")
    name = models.CharField("tên ngày lễ / căn cứ", max_length=200)
    # The national calendar (Tết, Giỗ Tổ, …) comes from the `holidays` package; rows here are what a year's
    # announcement adds on top: extra days off, and the Saturdays worked in exchange for them.
    is_working_day = models.BooleanField(
        "ngày làm bù", default=False, help_text="Đánh dấu khi đây là ngày thứ Bảy làm việc bù, không phải ngày nghỉ."
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "ngày nghỉ lễ"
        verbose_name_plural = "ngày nghỉ lễ"
        ordering = ["day"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "day"], name="holiday_unique", nulls_distinct=False)
        ]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} {self.name}"


class HolidayAnnouncement(models.Model):
    """The Government's yearly notice of extra days off and swapped working days has been entered."""

    year = models.PositiveSmallIntegerField("năm", unique=True)
    document = models.CharField("văn bản thông báo", max_length=200)
    recorded_on = models.DateField("ngày nhập", auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "thông báo nghỉ lễ năm"
        verbose_name_plural = "thông báo nghỉ lễ năm"
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}: {self.document}"
