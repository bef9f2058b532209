"""Decisions, their numbering, certificates, prize tables, radio praise and revocations."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from nominations.models.catalogue import AwardKind, NomineeKind, Organization
from nominations.models.nomination import Nomination, Nominee
from nominations.models.signing import SignatureKind, signed_scan_path


class BaseSalary(models.Model):
    """Mức lương cơ sở: the amount in force from a date, as a decree sets it."""

    amount = models.PositiveBigIntegerField("mức lương cơ sở (đồng)")
    effective_from = models.DateField("áp dụng từ ngày", unique=True)
    legal_source = models.CharField("văn bản quy định", max_length=200)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "mức lương cơ sở"
        verbose_name_plural = "mức lương cơ sở"
        ordering = ["-effective_from"]

    def __str__(self) -> str:
        return f"{self.amount:,} đồng từ {self.effective_from:%d/%m/%Y} ({self.legal_source})"


class PrizeCoefficient(models.Model):
    """Hệ số mức tiền thưởng of an award kind for a kind of nominee."""

    award_kind = models.ForeignKey(
        AwardKind, verbose_name="hình thức khen thưởng", on_delete=models.CASCADE, related_name="prize_coefficients"
    )
    nominee_kind = models.CharField("đối tượng", max_length=20, choices=NomineeKind.choices)
    coefficient = models.DecimalField("hệ số", max_digits=5, decimal_places=2)
    legal_source = models.CharField("văn bản quy định", max_length=200)
    is_unverified_default = models.BooleanField(
        "giá trị mặc định chưa được xác minh", default=False, help_text="Cần đối chiếu với văn bản hiện hành."
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "hệ số tiền thưởng"
        verbose_name_plural = "hệ số tiền thưởng"
        constraints = [models.UniqueConstraint(fields=["award_kind", "nominee_kind"], name="prize_coefficient_unique")]

    def __str__(self) -> str:
        return f"{self.award_kind} – {self.get_nominee_kind_display()}: {self.coefficient}"


class CounterKind(models.TextChoices):
    DECISION = "decision", "Số quyết định"
    REGISTER = "register", "Số vào sổ khen thưởng"
    PROPOSAL = "proposal", "Số tờ trình"


class YearlyCounter(models.Model):
    """The last number given in a yearly sequence; its row lock makes the sequence gapless."""

    organization = models.ForeignKey(Organization, verbose_name="cơ quan", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField("năm")
    kind = models.CharField("loại số", max_length=20, choices=CounterKind.choices)
    last = models.PositiveIntegerField("số đã cấp gần nhất", default=0)

    class Meta:
        verbose_name = "bộ đếm số văn bản"
        verbose_name_plural = "bộ đếm số văn bản"
        constraints = [models.UniqueConstraint(fields=["organization", "year", "kind"], name="yearly_counter_unique")]

    def __str__(self) -> str:
        return f"{self.organization} {self.year} {self.kind}: {self.last}"


class DecisionKind(models.TextChoices):
    AWARD = "award", "Khen thưởng / công nhận"
    REVOCATION = "revocation", "Hủy quyết định khen thưởng"


class DecisionStatus(models.TextChoices):
    DRAFT = "draft", "Dự thảo"
    SIGNED = "signed", "Đã ký"
    ISSUED = "issued", "Đã trao"


class RevocationGround(models.TextChoices):
    # Luật Thi đua, khen thưởng 2022: the grounds on which an award is withdrawn.
    FALSE_DECLARATION = "false_declaration", "Gian dối trong việc kê khai thành tích"
    FORGED_DOCUMENTS = "forged_documents", "Làm giả hồ sơ, giấy tờ"
    UNLAWFUL_APPRAISAL = "unlawful_appraisal", "Xác nhận, thẩm định, đề nghị khen thưởng sai quy định"
    CRITERIA_NOT_MET = "criteria_not_met", "Không đủ điều kiện, tiêu chuẩn khen thưởng"


class Decision(models.Model):
    organization = models.ForeignKey(
        Organization, verbose_name="cơ quan", on_delete=models.PROTECT, related_name="decisions"
    )
    kind = models.CharField("loại quyết định", max_length=20, choices=DecisionKind.choices, default=DecisionKind.AWARD)
    status = models.CharField(
        "trạng thái", max_length=10, choices=DecisionStatus.choices, default=DecisionStatus.DRAFT, db_index=True
    )
    award_kind = models.ForeignKey(
        AwardKind, verbose_name="hình thức", null=True, blank=True, on_delete=models.PROTECT, related_name="decisions"
    )
    summary = models.CharField("trích yếu", max_length=500)
    nominations = models.ManyToManyField(
        Nomination, verbose_name="hồ sơ", through="DecisionItem", related_name="decisions"
    )
    year = models.PositiveSmallIntegerField("năm", null=True, blank=True)
    number = models.PositiveIntegerField("số thứ tự trong năm", null=True, blank=True)
    number_text = models.CharField("số, ký hiệu", max_length=50, blank=True)
    signed_on = models.DateField("ngày ký", null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người ký",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Set when a substitute signed while the signer was away: the document reads "KT." for him or her.
    signed_for = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="ký thay cho",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người soạn", on_delete=models.PROTECT, related_name="+"
    )
    # How the signature was given: the stored PDF carries a digital one, or the paper original was scanned.
    signature_kind = models.CharField("hình thức ký", max_length=10, choices=SignatureKind.choices, blank=True)
    signed_scan = models.FileField(
        "bản giấy đã ký, đóng dấu (bản quét)", upload_to=signed_scan_path, blank=True, max_length=300
    )
    signed_scan_sha256 = models.CharField("SHA-256 bản quét", max_length=64, blank=True)
    created_at = models.DateTimeField("soạn lúc", auto_now_add=True)
    issued_on = models.DateField("ngày trao", null=True, blank=True)
    # A revocation decision names the certificate it withdraws and the legal ground.
    revoked_certificate = models.ForeignKey(
        "Certificate",
        verbose_name="giấy khen bị hủy",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="revocation_decisions",
    )
    revocation_ground = models.CharField("căn cứ hủy", max_length=30, choices=RevocationGround.choices, blank=True)
    revocation_reason = models.TextField("lý do hủy", blank=True)

    class Meta:
        verbose_name = "quyết định"
        verbose_name_plural = "quyết định"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year", "number"],
                condition=Q(number__isnull=False),
                name="decision_number_unique_per_year",
            ),
            models.CheckConstraint(
                condition=Q(kind="award") | (Q(revoked_certificate__isnull=False) & ~Q(revocation_ground="")),
                name="revocation_has_certificate_and_ground",
            ),
        ]

    def __str__(self) -> str:
        return self.number_text or f"Dự thảo #{self.pk}: {self.summary[:60]}"


class DecisionItem(models.Model):
    decision = models.ForeignKey(Decision, verbose_name="quyết định", on_delete=models.CASCADE, related_name="items")
    nomination = models.ForeignKey(
        Nomination, verbose_name="hồ sơ", on_delete=models.PROTECT, related_name="decision_items"
    )

    class Meta:
        verbose_name = "hồ sơ trong quyết định"
        verbose_name_plural = "hồ sơ trong quyết định"
        constraints = [models.UniqueConstraint(fields=["decision", "nomination"], name="decision_item_unique")]

    def __str__(self) -> str:
        return str(self.nomination)


class CertificateStatus(models.TextChoices):
    VALID = "valid", "Còn hiệu lực"
    REVOKED = "revoked", "Đã bị hủy"


class Certificate(models.Model):
    organization = models.ForeignKey(
        Organization, verbose_name="cơ quan", on_delete=models.PROTECT, related_name="certificates"
    )
    decision = models.ForeignKey(
        Decision, verbose_name="quyết định", on_delete=models.PROTECT, related_name="certificates"
    )
    nominee = models.OneToOneField(
        Nominee, verbose_name="người được khen", on_delete=models.PROTECT, related_name="certificate"
    )
    award_kind = models.ForeignKey(AwardKind, verbose_name="hình thức", on_delete=models.PROTECT, related_name="+")
    recipient = models.CharField("người / tập thể được khen", max_length=300)
    register_year = models.PositiveSmallIntegerField("năm vào sổ")
    register_seq = models.PositiveIntegerField("số thứ tự trong sổ")
    coefficient = models.DecimalField("hệ số", max_digits=5, decimal_places=2, null=True, blank=True)
    base_salary = models.PositiveBigIntegerField("mức lương cơ sở áp dụng", null=True, blank=True)
    prize_amount = models.PositiveBigIntegerField("tiền thưởng (đồng)", default=0)
    verification_code = models.CharField("mã xác minh", max_length=64, unique=True, editable=False)
    issued_on = models.DateField("ngày trao")
    status = models.CharField(
        "trạng thái", max_length=10, choices=CertificateStatus.choices, default=CertificateStatus.VALID
    )
    revoked_on = models.DateField("ngày hủy", null=True, blank=True)
    # Prize money is paid out by the finance office after issuance; the register records when and who recorded it.
    paid_on = models.DateField("ngày chi tiền thưởng", null=True, blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người ghi nhận đã chi",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    # Luật Thi đua, khen thưởng, Điều 93: a revoked award's certificate and the prize money received are recovered.
    recovery_amount = models.PositiveBigIntegerField("tiền thưởng phải thu hồi (đồng)", default=0)
    certificate_recovered_on = models.DateField("ngày thu hồi giấy khen", null=True, blank=True)
    money_recovered_on = models.DateField("ngày thu hồi tiền thưởng", null=True, blank=True)
    recovery_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người ghi nhận thu hồi",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "giấy khen / giấy công nhận"
        verbose_name_plural = "giấy khen / giấy công nhận"
        ordering = ["register_year", "register_seq"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "register_year", "register_seq"], name="certificate_register_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.register_number} – {self.recipient}"

    @property
    def register_number(self) -> str:
        return f"{self.register_seq:03d}/{self.register_year}"


class BroadcastStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Chờ phát"
    AIRED = "aired", "Đã phát"


class Broadcast(models.Model):
    """Tuyên dương trên hệ thống phát thanh: the script read on the ward radio."""

    decision = models.OneToOneField(
        Decision, verbose_name="quyết định", on_delete=models.PROTECT, related_name="broadcast"
    )
    organization = models.ForeignKey(Organization, verbose_name="cơ quan", on_delete=models.PROTECT, related_name="+")
    script = models.TextField("nội dung phát thanh")
    air_on = models.DateField("ngày phát")
    status = models.CharField(
        "trạng thái", max_length=10, choices=BroadcastStatus.choices, default=BroadcastStatus.SCHEDULED
    )
    aired_at = models.DateTimeField("đã phát lúc", null=True, blank=True)
    aired_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người xác nhận",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "tuyên dương phát thanh"
        verbose_name_plural = "tuyên dương phát thanh"
        ordering = ["air_on", "id"]

    def __str__(self) -> str:
        return f"{self.decision} – {self.air_on:%d/%m/%Y}"
