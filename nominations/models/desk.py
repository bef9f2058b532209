"""The reviewing body's desk: caps on awards per unit and award kind, and who stands in for whom."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from nominations.models.catalogue import AwardKind, Round, Unit
from nominations.models.nomination import Nomination


class Quota(models.Model):
    """At most `max_awards` nominees of one unit may receive one award kind in one round (SPEC.md §2)."""

    round = models.ForeignKey(Round, verbose_name="đợt xét", on_delete=models.CASCADE, related_name="quotas")
    unit = models.ForeignKey(Unit, verbose_name="đơn vị", on_delete=models.CASCADE, related_name="quotas")
    award_kind = models.ForeignKey(
        AwardKind, verbose_name="hình thức / danh hiệu", on_delete=models.CASCADE, related_name="quotas"
    )
    max_awards = models.PositiveIntegerField("số lượng tối đa")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "chỉ tiêu khen thưởng"
        verbose_name_plural = "chỉ tiêu khen thưởng"
        constraints = [
            models.UniqueConstraint(fields=["round", "unit", "award_kind"], name="quota_unique_per_round_unit_award")
        ]

    def __str__(self) -> str:
        return f"{self.unit} – {self.award_kind}: {self.max_awards}"


class Absence(models.Model):
    """A period in which a user is away and a substitute holds his or her work."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người vắng mặt", on_delete=models.CASCADE, related_name="absences"
    )
    substitute = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người thay thế", on_delete=models.PROTECT, related_name="substitutions"
    )
    starts_on = models.DateField("từ ngày")
    ends_on = models.DateField("đến hết ngày")
    cancelled_at = models.DateTimeField("hủy lúc", null=True, blank=True)
    created_at = models.DateTimeField("ghi lúc", auto_now_add=True)

    class Meta:
        verbose_name = "thời gian vắng mặt"
        verbose_name_plural = "thời gian vắng mặt"
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="absence_ends_after_start"),
            models.CheckConstraint(condition=~Q(user=F("substitute")), name="absence_substitute_is_someone_else"),
        ]
        indexes = [models.Index(fields=["substitute", "starts_on", "ends_on"], name="absence_substitute_period")]

    def __str__(self) -> str:
        return f"{self.user} → {self.substitute} ({self.starts_on:%d/%m/%Y}–{self.ends_on:%d/%m/%Y})"


class Proposal(models.TextChoices):
    RECOMMEND = "recommend", "Đủ điều kiện, trình Hội đồng"
    RECOGNIZE = "recognize", "Đủ điều kiện công nhận"
    RETURN = "return_for_revision", "Trả lại để bổ sung"
    REJECT = "reject", "Không đủ điều kiện"


class ReviewAssignment(models.Model):
    """Who appraises a file under review in steps, and what the case officer proposes to the head."""

    nomination = models.OneToOneField(
        Nomination, verbose_name="hồ sơ", on_delete=models.CASCADE, related_name="review_assignment"
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="cán bộ thẩm định", on_delete=models.PROTECT, related_name="+"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người phân công", on_delete=models.PROTECT, related_name="+"
    )
    assigned_at = models.DateTimeField("phân công lúc")
    proposal = models.CharField("đề xuất", max_length=30, choices=Proposal.choices, blank=True)
    opinion = models.TextField("ý kiến thẩm định", blank=True)
    proposed_at = models.DateTimeField("đề xuất lúc", null=True, blank=True)
    sent_back_note = models.TextField("ý kiến lãnh đạo khi trả lại", blank=True)

    class Meta:
        verbose_name = "phân công thẩm định"
        verbose_name_plural = "phân công thẩm định"
        indexes = [models.Index(fields=["officer"], name="review_assignment_officer")]

    def __str__(self) -> str:
        return f"{self.nomination_id} – {self.officer}"


class AssignmentRule(models.Model):
    """Files of a unit, or of an award kind, go straight to one case officer when they enter review."""

    organization = models.ForeignKey(
        "nominations.Organization", verbose_name="cơ quan", on_delete=models.CASCADE, related_name="assignment_rules"
    )
    unit = models.ForeignKey(
        Unit, verbose_name="đơn vị đề nghị", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    award_kind = models.ForeignKey(
        AwardKind,
        verbose_name="hình thức / danh hiệu",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="cán bộ thẩm định", on_delete=models.CASCADE, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "quy tắc phân công"
        verbose_name_plural = "quy tắc phân công"
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "unit", "award_kind"], name="assignment_rule_unique", nulls_distinct=False
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit or '*'} / {self.award_kind or '*'} → {self.officer}"


class DeskPreference(models.Model):
    """What a person last filtered the queue by, so the desk opens as he or she left it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name="người dùng", on_delete=models.CASCADE, related_name="desk_preference"
    )
    round_id_filter = models.PositiveIntegerField("đợt xét", null=True, blank=True)
    award_kind_filter = models.CharField("hình thức", max_length=50, blank=True)
    unit_id_filter = models.PositiveIntegerField("đơn vị", null=True, blank=True)
    due_filter = models.CharField("hạn", max_length=20, blank=True)

    class Meta:
        verbose_name = "bộ lọc hàng đợi"
        verbose_name_plural = "bộ lọc hàng đợi"

    def __str__(self) -> str:
        return str(self.user)
