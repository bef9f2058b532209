"""The nomination file (hồ sơ đề nghị), its nominees and attachments, and award history."""

from __future__ import annotations

import unicodedata
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from nominations.models.catalogue import (
    AttachmentKind,
    AwardKind,
    NomineeKind,
    Organization,
    Produces,
    Round,
    RoundKind,
    Unit,
)
from nominations.states import QUEUE_STATES, NominationStateMachine, Status


def normalize_text(value: str) -> str:
    """Lower-case, without diacritics or repeated spaces: 'Nguyễn  Văn Đức' → 'nguyen van duc'."""
    decomposed = unicodedata.normalize("NFD", value.replace("Đ", "D").replace("đ", "d"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())


def identity_key(
    *, kind: str, name: str, citizen_id: str = "", birth_year: int | None = None, address: str = ""
) -> str:
    """The key the duplicate-award guard compares: the citizen ID when known, else name, birth year, address."""
    if citizen_id:
        return f"id:{citizen_id.strip()}"
    return f"{kind}:{normalize_text(name)}:{birth_year or ''}:{normalize_text(address)}"


class Nomination(NominationStateMachine):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    reference = models.CharField("số hồ sơ", max_length=30, unique=True, editable=False)
    organization = models.ForeignKey(
        Organization, verbose_name="cơ quan xét", on_delete=models.PROTECT, related_name="nominations"
    )
    unit = models.ForeignKey(Unit, verbose_name="đơn vị đề nghị", on_delete=models.PROTECT, related_name="nominations")
    round = models.ForeignKey(Round, verbose_name="đợt xét", on_delete=models.PROTECT, related_name="nominations")
    award_kind = models.ForeignKey(
        AwardKind, verbose_name="hình thức / danh hiệu", on_delete=models.PROTECT, related_name="nominations"
    )
    title = models.CharField("trích yếu", max_length=300)
    summary = models.TextField("tóm tắt thành tích", blank=True)
    is_adhoc = models.BooleanField("khen đột xuất (thủ tục đơn giản)", default=False)
    needs_consultation = models.BooleanField("cần lấy ý kiến cơ quan khác", default=False)
    version = models.PositiveIntegerField("phiên bản", default=1)
    escalated_from = models.ForeignKey(
        "self",
        verbose_name="chuyển lên từ hồ sơ",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="escalations",
    )
    proposal_number = models.CharField("số tờ trình", max_length=30, blank=True)
    # The unit's own tờ trình, as numbered and dated in its register: the decision cites it.
    proposal_date = models.DateField("ngày tờ trình", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người lập", on_delete=models.PROTECT, related_name="+"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người gửi",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField("gửi lúc", null=True, blank=True)
    due_on = models.DateField("hạn xử lý", null=True, blank=True)
    # The queue's sort key (due date, else the round's closing date) kept on the row, so that a page of
    # a queue is an index range and costs the same at a thousand files as at a million.
    deadline = models.DateField("hạn trong hàng đợi", null=True, blank=True, editable=False)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    class Meta:
        verbose_name = "hồ sơ đề nghị"
        verbose_name_plural = "hồ sơ đề nghị"
        indexes = [
            models.Index(fields=["organization", "status", "due_on"], name="nomination_org_status_due"),
            models.Index(fields=["unit", "status"], name="nomination_unit_status"),
            models.Index(fields=["round", "award_kind"], name="nomination_round_award"),
            models.Index(
                fields=["organization", "deadline", "submitted_at", "created_at", "id"],
                name="nomination_org_queue",
                condition=Q(status__in=QUEUE_STATES),
            ),
            models.Index(
                fields=["unit", "deadline", "submitted_at", "created_at", "id"],
                name="nomination_unit_queue",
                condition=Q(status__in=QUEUE_STATES),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} – {self.title}"

    @staticmethod
    def new_reference(year: int) -> str:
        return f"HS-{year}-{uuid.uuid4().hex[:12].upper()}"

    @property
    def achievement_key(self) -> str:
        """What the file rewards: a year's work, a sơ kết phase, a whole campaign, or one ad-hoc deed.

        The Law gives one achievement one form: the 2025 annual Giấy khen and the sơ kết 2023–2025 one
        reward different achievements; a Giấy khen and radio praise for the same year's work do not.
        """
        rnd = self.round
        if self.is_adhoc:
            return f"adhoc:{self.pk}"
        if rnd.kind == RoundKind.INTERIM:
            return f"interim:{rnd.campaign_id}:{rnd.phase_id or rnd.year}"
        if rnd.kind == RoundKind.FINAL:
            return f"final:{rnd.campaign_id}"
        return f"annual:{rnd.campaign_id}:{rnd.year}"

    def find_other_forms(self) -> list[tuple[str, int, str]]:
        """Nominees whose same achievement already earned, or is proposed for, another form of commendation.

        Titles are recognitions of a standing, not forms of khen thưởng; they are checked per title by
        find_duplicate_nominees.
        """
        if self.award_kind.produces == Produces.RECOGNITION:
            return []
        keys = dict(self.nominees.filter(result=NomineeResult.PENDING).values_list("identity_key", "id"))
        if not keys:
            return []
        achievement = self.achievement_key
        first: dict[str, str] = {}
        for key, award_name, number, day in (
            AwardHistory.objects.filter(identity_key__in=keys, achievement=achievement)
            .exclude(award_kind__produces=Produces.RECOGNITION)
            .order_by("decision_date", "pk")
            .values_list("identity_key", "award_name", "decision_number", "decision_date")
        ):
            first.setdefault(key, f"{award_name} (Quyết định số {number} ngày {day:%d/%m/%Y})")
        pending = (
            Nominee.objects.filter(identity_key__in=keys, nomination__round_id=self.round_id)
            .exclude(nomination_id=self.pk)
            .exclude(nomination__award_kind_id=self.award_kind_id)
            .exclude(nomination__award_kind__produces=Produces.RECOGNITION)
            .exclude(nomination__is_adhoc=True)
            .exclude(nomination__status__in=[Status.DRAFT, Status.WITHDRAWN, Status.REJECTED, Status.NOT_APPROVED])
            .exclude(result__in=[NomineeResult.EXCLUDED, NomineeResult.WITHDRAWN, NomineeResult.NOT_APPROVED])
            .values_list("identity_key", "nomination__award_kind__name", "nomination__reference")
        )
        if not self.is_adhoc:
            for key, award_name, reference in pending:
                first.setdefault(key, f"{award_name} (hồ sơ {reference} đang xét)")
        names = dict(self.nominees.filter(identity_key__in=first).values_list("id", "name"))
        return [(names[keys[key]], keys[key], first[key]) for key in first if keys[key] in names]

    def find_duplicate_nominees(self, *, within_unit: bool = False) -> list[tuple[str, int]]:
        """Nominees of this file already nominated for, or holding, the same award in the same round.

        With ``within_unit`` only the unit's own files and its organisation's award register count: a
        unit must not learn from a refusal that a CCCD is on another unit's or organisation's file. The
        reviewer, who reads every file of the organisation, then checks across units; of two files
        naming one person, the one submitted first stands.
        """
        keys = dict(self.nominees.filter(result=NomineeResult.PENDING).values_list("identity_key", "id"))
        if not keys:
            return []
        live_elsewhere = (
            Nominee.objects.filter(
                nomination__round_id=self.round_id,
                nomination__award_kind_id=self.award_kind_id,
                identity_key__in=keys,
            )
            .exclude(nomination_id=self.pk)
            .exclude(nomination__status__in=[Status.DRAFT, Status.WITHDRAWN, Status.REJECTED, Status.NOT_APPROVED])
            .exclude(result__in=[NomineeResult.EXCLUDED, NomineeResult.WITHDRAWN, NomineeResult.NOT_APPROVED])
        )
        if within_unit:
            live_elsewhere = live_elsewhere.filter(nomination__unit_id=self.unit_id)
        elif self.submitted_at is not None:
            live_elsewhere = live_elsewhere.exclude(
                nomination__status=Status.SUBMITTED, nomination__submitted_at__gt=self.submitted_at
            )
        # The same form for the same achievement, in this organisation's register; older entries carry no
        # achievement, only a year.
        held = (
            AwardHistory.objects.filter(
                identity_key__in=keys, award_kind_id=self.award_kind_id, organization_id=self.organization_id
            )
            .filter(Q(achievement=self.achievement_key) | Q(achievement="", year=self.round.year))
            .values_list("identity_key", flat=True)
        )
        found = set(live_elsewhere.values_list("identity_key", flat=True)) | set(held)
        names = dict(self.nominees.filter(identity_key__in=found).values_list("id", "name"))
        return [(names[keys[key]], keys[key]) for key in found if keys[key] in names]


class NomineeResult(models.TextChoices):
    PENDING = "pending", "Đang xét"
    APPROVED = "approved", "Được khen thưởng / công nhận"
    NOT_APPROVED = "not_approved", "Không được thông qua"
    EXCLUDED = "excluded", "Bị loại"
    WITHDRAWN = "withdrawn", "Đã rút"
    REVOKED = "revoked", "Đã hủy khen thưởng"


class Gender(models.TextChoices):
    MALE = "male", "Nam"
    FEMALE = "female", "Nữ"


class Nominee(models.Model):
    nomination = models.ForeignKey(Nomination, verbose_name="hồ sơ", on_delete=models.CASCADE, related_name="nominees")
    kind = models.CharField("đối tượng", max_length=20, choices=NomineeKind.choices)
    name = models.CharField("họ và tên / tên tập thể", max_length=300)
    honorific = models.CharField("danh xưng", max_length=10, blank=True, choices=[("Ông", "Ông"), ("Bà", "Bà")])
    gender = models.CharField("giới tính", max_length=10, blank=True, choices=Gender.choices)
    birth_year = models.PositiveSmallIntegerField("năm sinh", null=True, blank=True)
    birth_date = models.DateField("ngày sinh", null=True, blank=True)
    ethnicity = models.CharField("dân tộc", max_length=50, blank=True)
    position = models.CharField("chức vụ", max_length=200, blank=True)
    unit_name = models.CharField("đơn vị công tác", max_length=300, blank=True)
    address = models.CharField("địa chỉ (khóm)", max_length=300, blank=True)
    citizen_id = models.CharField("số CCCD", max_length=12, blank=True)
    staff_category = models.CharField("đối tượng cán bộ", max_length=100, blank=True)
    collective_type = models.CharField("loại hình tập thể", max_length=100, blank=True)
    parent_body = models.CharField("cơ quan chủ quản", max_length=300, blank=True)
    achievements = models.TextField("thành tích ghi trên giấy khen", blank=True)
    result = models.CharField(
        "kết quả", max_length=20, choices=NomineeResult.choices, default=NomineeResult.PENDING, db_index=True
    )
    result_reason = models.TextField("lý do", blank=True)
    identity_key = models.CharField(max_length=400, editable=False, db_index=True)
    order = models.PositiveIntegerField("thứ tự", default=0)

    class Meta:
        verbose_name = "người / tập thể được đề nghị"
        verbose_name_plural = "người / tập thể được đề nghị"
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(citizen_id="") | Q(citizen_id__regex=r"^[0-9]{12}$"), name="nominee_citizen_id_format"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.identity_key = identity_key(
            kind=self.kind,
            name=self.name,
            citizen_id=self.citizen_id,
            birth_year=self.birth_year,
            address=self.address,
        )
        super().save(*args, **kwargs)  # type: ignore[arg-type]


def attachment_path(instance: Attachment, filename: str) -> str:
    # The uploaded name never reaches the file system: only a random name and the sniffed type.
    return f"attachments/{instance.nomination_id}/{uuid.uuid4().hex}.{instance.extension}"


class Attachment(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    nomination = models.ForeignKey(
        Nomination, verbose_name="hồ sơ", on_delete=models.CASCADE, related_name="attachments"
    )
    kind = models.CharField("loại tài liệu", max_length=30, choices=AttachmentKind.choices)
    original_name = models.CharField("tên tệp gốc", max_length=255)
    file = models.FileField("tệp", upload_to=attachment_path, max_length=300)
    content_type = models.CharField("kiểu nội dung", max_length=100)
    extension = models.CharField(max_length=10)
    size = models.PositiveBigIntegerField("dung lượng (byte)")
    sha256 = models.CharField("SHA-256", max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người tải lên", on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField("tải lên lúc", auto_now_add=True)

    class Meta:
        verbose_name = "tài liệu đính kèm"
        verbose_name_plural = "tài liệu đính kèm"
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.original_name


class AwardHistory(models.Model):
    """Awards a person or collective already holds, from this system or entered from older decisions."""

    organization = models.ForeignKey(
        Organization, verbose_name="cơ quan", on_delete=models.PROTECT, related_name="award_history"
    )
    kind = models.CharField("đối tượng", max_length=20, choices=NomineeKind.choices)
    name = models.CharField("họ và tên / tên tập thể", max_length=300)
    birth_year = models.PositiveSmallIntegerField("năm sinh", null=True, blank=True)
    address = models.CharField("địa chỉ", max_length=300, blank=True)
    citizen_id = models.CharField("số CCCD", max_length=12, blank=True)
    unit_name = models.CharField("đơn vị", max_length=300, blank=True)
    award_kind = models.ForeignKey(
        AwardKind, verbose_name="hình thức", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    award_name = models.CharField("hình thức / danh hiệu", max_length=300)
    year = models.PositiveSmallIntegerField("năm")
    decision_number = models.CharField("số quyết định", max_length=50)
    decision_date = models.DateField("ngày quyết định")
    level = models.CharField("cấp khen", max_length=100)
    signer = models.CharField("người ký", max_length=200, blank=True)
    nominee = models.ForeignKey(
        Nominee, verbose_name="từ hồ sơ", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    identity_key = models.CharField(max_length=400, editable=False, db_index=True)
    # Nomination.achievement_key of the file that earned it; empty for awards entered from older registers.
    achievement = models.CharField("thành tích được khen", max_length=100, blank=True, db_index=True)

    class Meta:
        verbose_name = "lịch sử khen thưởng"
        verbose_name_plural = "lịch sử khen thưởng"
        indexes = [models.Index(fields=["award_kind", "year"])]

    def __str__(self) -> str:
        return f"{self.name} – {self.award_name} ({self.decision_number})"

    def save(self, *args: object, **kwargs: object) -> None:
        self.identity_key = identity_key(
            kind=self.kind,
            name=self.name,
            citizen_id=self.citizen_id,
            birth_year=self.birth_year,
            address=self.address,
        )
        super().save(*args, **kwargs)  # type: ignore[arg-type]
