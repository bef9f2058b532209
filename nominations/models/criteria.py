"""The criteria a title is scored against: a set per award kind and year, its criteria with points."""

from django.db import models
from simple_history.models import HistoricalRecords

from nominations.models.catalogue import AwardKind


class CriteriaSet(models.Model):
    award_kind = models.ForeignKey(
        AwardKind, verbose_name="hình thức / danh hiệu", on_delete=models.PROTECT, related_name="criteria_sets"
    )
    year = models.PositiveSmallIntegerField("áp dụng từ năm")
    source_decision = models.CharField("văn bản quy định", max_length=200, blank=True)
    pass_mark = models.PositiveSmallIntegerField("điểm đạt", null=True, blank=True)
    is_unverified_default = models.BooleanField(
        "giá trị mặc định chưa được xác minh", default=False, help_text="Cần đối chiếu với văn bản hiện hành."
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "bộ tiêu chí"
        verbose_name_plural = "bộ tiêu chí"
        constraints = [models.UniqueConstraint(fields=["award_kind", "year"], name="criteria_set_unique_year")]

    def __str__(self) -> str:
        return f"{self.award_kind} ({self.year})"


class Criterion(models.Model):
    criteria_set = models.ForeignKey(
        CriteriaSet, verbose_name="bộ tiêu chí", on_delete=models.CASCADE, related_name="criteria"
    )
    code = models.CharField("mã", max_length=20)
    text = models.TextField("nội dung")
    max_points = models.PositiveSmallIntegerField("điểm tối đa", null=True, blank=True)
    mandatory = models.BooleanField("bắt buộc đạt", default=False)
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    is_unverified_default = models.BooleanField("giá trị mặc định chưa được xác minh", default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "tiêu chí"
        verbose_name_plural = "tiêu chí"
        ordering = ["order", "code"]
        constraints = [models.UniqueConstraint(fields=["criteria_set", "code"], name="criterion_code_unique")]

    def __str__(self) -> str:
        return f"{self.code}. {self.text[:60]}"
