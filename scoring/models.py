"""Scores of title-track nominees against their award kind's criteria (SPEC.md §2, "Criteria set")."""

from django.db import models


class NomineeScore(models.Model):
    """One nominee against one criterion: the unit's self-assessment beside the reviewer's score."""

    nominee = models.ForeignKey(
        "nominations.Nominee",
        verbose_name="người / tập thể được đề nghị",
        on_delete=models.CASCADE,
        related_name="scores",
    )
    criterion = models.ForeignKey(
        "nominations.Criterion", verbose_name="tiêu chí", on_delete=models.PROTECT, related_name="scores"
    )
    self_points = models.PositiveSmallIntegerField("điểm tự đánh giá", null=True, blank=True)
    self_met = models.BooleanField("tự đánh giá đạt", null=True, blank=True)
    review_points = models.PositiveSmallIntegerField("điểm thẩm định", null=True, blank=True)
    met = models.BooleanField("thẩm định đạt", null=True, blank=True)
    comment = models.TextField("nhận xét", blank=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    class Meta:
        verbose_name = "điểm tiêu chí"
        verbose_name_plural = "điểm tiêu chí"
        constraints = [models.UniqueConstraint(fields=["nominee", "criterion"], name="nominee_score_unique")]

    def __str__(self) -> str:
        return f"{self.nominee_id} / {self.criterion_id}"
