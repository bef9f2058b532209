"""Who and what: organisations, units, people and their roles, campaigns, rounds, award kinds."""

import datetime
from decimal import Decimal

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords


class OrganizationLevel(models.TextChoices):
    WARD = "ward", "Phường / xã"
    CITY = "city", "Thành phố / huyện"
    PROVINCE = "province", "Tỉnh / thành phố trực thuộc trung ương"


def default_review_step_days() -> dict[str, int]:
    """Tiếp nhận 1, phân công 1, thẩm định 6, lãnh đạo duyệt 2: the 10 working days of appraisal, by step."""
    return {"intake": 1, "assign": 1, "appraise": 6, "review_decision": 2}


class Organization(models.Model):
    """A level of government running emulation work: ward → city → province."""

    name = models.CharField("tên", max_length=200)
    level = models.CharField("cấp", max_length=20, choices=OrganizationLevel.choices)
    parent = models.ForeignKey(
        "self", verbose_name="cấp trên", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    issuing_body = models.CharField(
        "cơ quan ban hành", max_length=200, help_text="Ví dụ: ỦY BAN NHÂN DÂN PHƯỜNG MỸ THẠNH"
    )
    parent_body = models.CharField(
        "cơ quan chủ quản", max_length=200, blank=True, help_text="Ví dụ: ỦY BAN NHÂN DÂN THÀNH PHỐ LONG XUYÊN"
    )
    place_name = models.CharField("địa danh ghi trên văn bản", max_length=100, help_text="Ví dụ: Long Xuyên")
    document_suffix = models.CharField("ký hiệu quyết định", max_length=30, default="QĐ-UBND")
    # The dates the organisation exists; its successor, once merged, carries its work on.
    valid_from = models.DateField("thành lập / có hiệu lực từ", null=True, blank=True)
    valid_to = models.DateField("chấm dứt hoạt động sau ngày", null=True, blank=True)
    successor = models.ForeignKey(
        "self", verbose_name="cơ quan kế thừa", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Council rules are data: defaults follow SPEC.md §3 and can be changed by an administrator.
    quorum_numerator = models.PositiveSmallIntegerField("tử số tỷ lệ tối thiểu có mặt", default=2)
    quorum_denominator = models.PositiveSmallIntegerField("mẫu số tỷ lệ tối thiểu có mặt", default=3)
    approval_threshold_percent = models.DecimalField(
        "ngưỡng đồng ý mặc định (% tổng số thành viên)", max_digits=5, decimal_places=2, default=Decimal("50")
    )
    threshold_inclusive = models.BooleanField(
        "đạt khi bằng ngưỡng", default=False, help_text="Tắt: phải trên ngưỡng (mặc định: trên 50%)."
    )
    chair_casting_vote = models.BooleanField("chủ tịch hội đồng quyết định khi hòa phiếu", default=False)
    # Where the council's rules call for a secret ballot the minutes carry only the tally, never who voted how.
    secret_ballot = models.BooleanField("biểu quyết bằng phiếu kín", default=False)
    appraisal_working_days = models.PositiveSmallIntegerField("hạn thẩm định (ngày làm việc)", default=10)
    consultation_working_days = models.PositiveSmallIntegerField("hạn thẩm định khi lấy ý kiến", default=20)
    rejection_notice_working_days = models.PositiveSmallIntegerField("hạn thông báo từ chối", default=5)
    # Each step of appraisal has its own deadline, counted from when the step began; together they fit the
    # appraisal deadline above.
    review_step_working_days = models.JSONField(
        "hạn từng bước thẩm định (ngày làm việc)",
        default=default_review_step_days,
        help_text='Ví dụ: {"intake": 1, "assign": 1, "appraise": 6, "review_decision": 2}',
    )
    # A ward with one reviewer appraises in one step; a larger body receives, assigns, appraises and decides.
    review_in_steps = models.BooleanField(
        "thẩm định theo bước (tiếp nhận, phân công, thẩm định, lãnh đạo duyệt)", default=False
    )
    review_segregation = models.BooleanField(
        "người duyệt khác người thẩm định", default=True, help_text="Lãnh đạo không duyệt đề xuất do chính mình lập."
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "cơ quan / địa phương"
        verbose_name_plural = "cơ quan / địa phương"

    def __str__(self) -> str:
        return self.name


class UnitKind(models.TextChoices):
    BAN_NGANH = "ban_nganh", "Ban, ngành"
    DOAN_THE = "doan_the", "Đoàn thể"
    TRUONG_HOC = "truong_hoc", "Trường học"
    DOANH_NGHIEP = "doanh_nghiep", "Doanh nghiệp"
    KHOM = "khom", "Khóm / tổ dân phố"
    HOI_KHUYEN_HOC = "hoi_khuyen_hoc", "Hội Khuyến học"
    TT_HTCD = "tt_htcd", "Trung tâm học tập cộng đồng"
    HOI_DONG_TDKT = "hoi_dong_tdkt", "Hội đồng Thi đua – Khen thưởng"
    UBND = "ubnd", "Ủy ban nhân dân"
    VAN_HOA = "van_hoa", "Văn hóa – Đài truyền thanh"
    MTTQ = "mttq", "Ủy ban MTTQ"


class Unit(models.Model):
    organization = models.ForeignKey(
        Organization, verbose_name="cơ quan / địa phương", on_delete=models.PROTECT, related_name="units"
    )
    name = models.CharField("tên đơn vị", max_length=200)
    kind = models.CharField("loại đơn vị", max_length=30, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self", verbose_name="đơn vị cấp trên", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    represents = models.ForeignKey(
        Organization,
        verbose_name="đại diện cho địa phương cấp dưới",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="represented_by",
        help_text="Đơn vị cấp trên nhận hồ sơ đề nghị (tờ trình) của địa phương cấp dưới qua đơn vị này.",
    )
    households = models.PositiveIntegerField("số hộ gia đình", null=True, blank=True)
    population = models.PositiveIntegerField("số nhân khẩu", null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "đơn vị"
        verbose_name_plural = "đơn vị"
        constraints = [models.UniqueConstraint(fields=["organization", "name"], name="unit_name_unique_in_org")]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    full_name = models.CharField("họ và tên", max_length=200, blank=True)
    language = models.CharField(
        "ngôn ngữ", max_length=5, choices=[("vi", "Tiếng Việt"), ("en", "English")], default="vi"
    )
    phone = models.CharField("điện thoại", max_length=30, blank=True)
    # The person behind the account, so a council member who is also a nominee is recused by identity
    # rather than by the spelling of a name.
    citizen_id = models.CharField("số CCCD", max_length=12, blank=True)

    class Meta:
        verbose_name = "người dùng"
        verbose_name_plural = "người dùng"

    def __str__(self) -> str:
        return self.full_name or self.username


class Role(models.TextChoices):
    SUBMITTER = "submitter", "Cán bộ lập hồ sơ của đơn vị"
    UNIT_HEAD = "unit_head", "Thủ trưởng đơn vị"
    REVIEWER = "reviewer", "Thẩm định (Hội Khuyến học / TĐKT)"
    REVIEW_CLERK = "review_clerk", "Tiếp nhận hồ sơ của cơ quan thẩm định"
    REVIEW_HEAD = "review_head", "Lãnh đạo cơ quan thẩm định"
    SECRETARY = "secretary", "Thường trực Hội đồng TĐKT"
    COUNCIL_MEMBER = "council_member", "Thành viên Hội đồng TĐKT"
    COUNCIL_CHAIR = "council_chair", "Chủ tịch Hội đồng TĐKT"
    SIGNER = "signer", "Người ký (Chủ tịch / Phó Chủ tịch UBND)"
    CLERK = "clerk", "Văn thư (vào sổ, cấp số văn bản đi)"
    BROADCASTER = "broadcaster", "Đài truyền thanh"
    SUPERVISOR = "supervisor", "Giám sát (MTTQ)"
    ADMIN = "admin", "Quản trị hệ thống"
    MEMBER = "member", "Thành viên đơn vị"


UNIT_ROLES = frozenset({Role.SUBMITTER, Role.UNIT_HEAD, Role.MEMBER})
BODY_ROLES = frozenset(
    {
        Role.REVIEWER,
        Role.REVIEW_CLERK,
        Role.REVIEW_HEAD,
        Role.SECRETARY,
        Role.COUNCIL_MEMBER,
        Role.COUNCIL_CHAIR,
        Role.SIGNER,
        Role.CLERK,
        Role.BROADCASTER,
        Role.SUPERVISOR,
        Role.ADMIN,
    }
)


class SignerPosition(models.TextChoices):
    CHAIRMAN = "chairman", "Chủ tịch"
    VICE_CHAIRMAN = "vice_chairman", "Phó Chủ tịch"


class Membership(models.Model):
    """A role a person holds within an organisation, optionally for one of its units."""

    user = models.ForeignKey(User, verbose_name="người dùng", on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(
        Organization, verbose_name="cơ quan / địa phương", on_delete=models.CASCADE, related_name="memberships"
    )
    unit = models.ForeignKey(
        Unit, verbose_name="đơn vị", null=True, blank=True, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField("vai trò", max_length=30, choices=Role.choices)
    # The signer block follows it: the Chairman signs "CHỦ TỊCH", a deputy "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH".
    position = models.CharField("chức vụ", max_length=20, choices=SignerPosition.choices, blank=True)

    class Meta:
        verbose_name = "vai trò"
        verbose_name_plural = "vai trò"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization", "unit", "role"], name="membership_unique", nulls_distinct=False
            ),
            models.CheckConstraint(
                condition=~models.Q(role__in=["submitter", "unit_head", "member"]) | models.Q(unit__isnull=False),
                name="membership_unit_role_has_unit",
            ),
        ]
        indexes = [models.Index(fields=["user", "role"])]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.unit or self.organization}"


class Campaign(models.Model):
    organization = models.ForeignKey(
        Organization, verbose_name="cơ quan / địa phương", on_delete=models.PROTECT, related_name="campaigns"
    )
    name = models.CharField("tên phong trào", max_length=300)
    plan_number = models.CharField("số kế hoạch", max_length=50, blank=True)
    plan_date = models.DateField("ngày kế hoạch", null=True, blank=True)
    start_year = models.PositiveSmallIntegerField("từ năm")
    end_year = models.PositiveSmallIntegerField("đến năm")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "phong trào thi đua"
        verbose_name_plural = "phong trào thi đua"

    def __str__(self) -> str:
        return self.name


class Phase(models.Model):
    campaign = models.ForeignKey(Campaign, verbose_name="phong trào", on_delete=models.CASCADE, related_name="phases")
    name = models.CharField("giai đoạn", max_length=200)
    start_year = models.PositiveSmallIntegerField("từ năm")
    end_year = models.PositiveSmallIntegerField("đến năm")
    review_kind = models.CharField(
        "loại tổng kết", max_length=10, choices=[("interim", "Sơ kết"), ("final", "Tổng kết")]
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "giai đoạn"
        verbose_name_plural = "giai đoạn"
        ordering = ["start_year"]

    def __str__(self) -> str:
        return self.name


class RoundKind(models.TextChoices):
    ANNUAL = "annual", "Hằng năm"
    INTERIM = "interim", "Sơ kết"
    FINAL = "final", "Tổng kết"


class Round(models.Model):
    campaign = models.ForeignKey(Campaign, verbose_name="phong trào", on_delete=models.PROTECT, related_name="rounds")
    phase = models.ForeignKey(
        Phase, verbose_name="giai đoạn", null=True, blank=True, on_delete=models.PROTECT, related_name="rounds"
    )
    name = models.CharField("tên đợt xét", max_length=200)
    kind = models.CharField("loại đợt", max_length=10, choices=RoundKind.choices)
    year = models.PositiveSmallIntegerField("năm")
    opens_on = models.DateField("mở nhận hồ sơ từ")
    closes_on = models.DateField("hạn nhận hồ sơ")
    report_due_on = models.DateField("hạn báo cáo năm", null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "đợt xét"
        verbose_name_plural = "đợt xét"
        ordering = ["-year", "opens_on"]

    def __str__(self) -> str:
        return self.name

    @property
    def organization_id(self) -> int:
        return self.campaign.organization_id

    def is_open_on(self, day: datetime.date) -> bool:
        return self.opens_on <= day <= self.closes_on

    @property
    def is_open(self) -> bool:
        return self.is_open_on(timezone.localdate())


class Track(models.TextChoices):
    COMMENDATION = "commendation", "Khen thưởng (Hội đồng xét, Chủ tịch ký)"
    TITLE = "title", "Danh hiệu học tập (HKH thẩm định, công nhận)"


class NomineeKind(models.TextChoices):
    INDIVIDUAL = "individual", "Cá nhân"
    COLLECTIVE = "collective", "Tập thể"
    HOUSEHOLD = "household", "Hộ gia đình"
    CLAN = "clan", "Dòng họ"
    UNIT = "unit", "Đơn vị"
    COMMUNITY = "community", "Cộng đồng"


class AttachmentKind(models.TextChoices):
    PROPOSAL = "proposal", "Tờ trình"
    MINUTES = "minutes", "Biên bản họp bình xét"
    ACHIEVEMENT_REPORT = "achievement_report", "Báo cáo thành tích"
    EVIDENCE = "evidence", "Minh chứng"


class Produces(models.TextChoices):
    """What a decision of this kind hands over: the Law's forms give a paper, radio praise only airs."""

    CERTIFICATE = "certificate", "Giấy khen (tặng)"
    RECOGNITION = "recognition", "Giấy công nhận danh hiệu"
    BROADCAST = "broadcast", "Tuyên dương trên hệ thống phát thanh (không cấp giấy)"


class AwardKind(models.Model):
    code = models.SlugField("mã", max_length=50, unique=True)
    name = models.CharField("tên hình thức / danh hiệu", max_length=200)
    track = models.CharField("luồng xét", max_length=20, choices=Track.choices)
    level = models.CharField(
        "cấp quyết định",
        max_length=20,
        choices=OrganizationLevel.choices,
        default=OrganizationLevel.WARD,
        help_text="Cấp có thẩm quyền khen thưởng; cấp dưới đề nghị bằng tờ trình.",
    )
    nominee_kinds = models.JSONField("đối tượng được đề nghị", default=list)
    required_attachments = models.JSONField("hồ sơ bắt buộc", default=list, blank=True)
    adhoc_required_attachments = models.JSONField("hồ sơ bắt buộc khi khen đột xuất", default=list, blank=True)
    approval_threshold_percent = models.DecimalField(
        "ngưỡng đồng ý riêng (% tổng số thành viên)",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Để trống: dùng ngưỡng mặc định của cơ quan.",
    )
    requires_unit_head = models.BooleanField("cần thủ trưởng đơn vị duyệt trước khi gửi", default=False)
    produces = models.CharField(
        "kết quả của quyết định",
        max_length=20,
        choices=Produces.choices,
        default=Produces.CERTIFICATE,
        help_text="Giấy khen được «tặng»; danh hiệu được «công nhận»; tuyên dương trên loa chỉ phát bản tin.",
    )
    # When another level proposes this award, whether the file must carry CCCD, ethnicity, birth date and
    # evidence scans; otherwise the parent organisation receives only what it decides on.
    requires_personal_data = models.BooleanField("cần CCCD, dân tộc và minh chứng khi cấp dưới trình", default=False)
    order = models.PositiveSmallIntegerField("thứ tự", default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "hình thức khen thưởng / danh hiệu"
        verbose_name_plural = "hình thức khen thưởng / danh hiệu"
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_commendation(self) -> bool:
        """A form of khen thưởng or a title under the Law; radio praise is neither and is counted apart."""
        return self.produces != Produces.BROADCAST
