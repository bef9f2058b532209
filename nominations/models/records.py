"""Documents that stand as the record: the bytes a signed or issued document was given, kept for good."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from nominations.models.awards import Certificate, Decision
from nominations.models.council import CouncilSession
from nominations.models.nomination import Nomination


class RegisterKind(models.TextChoices):
    DECISION = "decision", "Quyết định (QĐ)"
    PROPOSAL = "proposal", "Tờ trình (TTr)"


class NumberingMode(models.TextChoices):
    APP = "app", "Phần mềm cấp số liên tục theo năm"
    REGISTER = "register", "Văn thư nhập số đã cấp trong sổ văn bản đi của cơ quan"


class DocumentRegister(models.Model):
    """How an organisation numbers one kind of outgoing document, and the symbol after the number."""

    organization = models.ForeignKey(
        "nominations.Organization", verbose_name="cơ quan", on_delete=models.CASCADE, related_name="registers"
    )
    kind = models.CharField("loại văn bản", max_length=20, choices=RegisterKind.choices)
    mode = models.CharField("cách cấp số", max_length=20, choices=NumberingMode.choices, default=NumberingMode.APP)
    symbol = models.CharField("ký hiệu", max_length=30, help_text="Phần sau số, ví dụ: QĐ-UBND, TTr-UBND")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "sổ văn bản đi"
        verbose_name_plural = "sổ văn bản đi"
        constraints = [models.UniqueConstraint(fields=["organization", "kind"], name="document_register_unique")]

    def __str__(self) -> str:
        return f"{self.organization} – {self.get_kind_display()}: {self.get_mode_display()}"


class StoredDocumentKind(models.TextChoices):
    DECISION = "decision", "Quyết định khen thưởng"
    REVOCATION = "revocation", "Quyết định hủy khen thưởng"
    CERTIFICATE = "certificate", "Giấy khen / giấy công nhận"
    MINUTES = "minutes", "Biên bản họp Hội đồng"
    PROPOSAL = "proposal", "Tờ trình"


class StoredDocument(models.Model):
    """One document as it was signed or issued; every later download serves these bytes, never a re-render.

    The owner is one of the nullable keys, the one the kind names; PROTECT keeps a record from losing its owner.
    """

    kind = models.CharField("loại văn bản", max_length=20, choices=StoredDocumentKind.choices)
    decision = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="stored_documents"
    )
    certificate = models.ForeignKey(
        Certificate, null=True, blank=True, on_delete=models.PROTECT, related_name="stored_documents"
    )
    council_session = models.ForeignKey(
        CouncilSession, null=True, blank=True, on_delete=models.PROTECT, related_name="stored_documents"
    )
    nomination = models.ForeignKey(
        Nomination, null=True, blank=True, on_delete=models.PROTECT, related_name="stored_documents"
    )
    pdf = models.BinaryField("bản PDF", editable=False)
    pdf_sha256 = models.CharField("SHA-256 bản PDF", max_length=64, editable=False)
    docx = models.BinaryField("bản DOCX", null=True, blank=True, editable=False)
    docx_sha256 = models.CharField("SHA-256 bản DOCX", max_length=64, blank=True, editable=False)
    data = models.JSONField("nội dung thể hiện trên văn bản", default=dict, editable=False)
    template_version = models.CharField("phiên bản mẫu", max_length=100, editable=False)
    renderer_version = models.CharField("phiên bản bộ dựng", max_length=50, editable=False)
    created_at = models.DateTimeField("lưu lúc", auto_now_add=True)

    class Meta:
        verbose_name = "văn bản đã ký / đã cấp"
        verbose_name_plural = "văn bản đã ký / đã cấp"
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind__in=["decision", "revocation"], decision__isnull=False)
                    | Q(kind="certificate", certificate__isnull=False)
                    | Q(kind="minutes", council_session__isnull=False)
                    | Q(kind="proposal", nomination__isnull=False)
                ),
                name="stored_document_has_its_owner",
            ),
            models.UniqueConstraint(
                fields=["decision"], condition=Q(decision__isnull=False), name="stored_document_one_per_decision"
            ),
            models.UniqueConstraint(
                fields=["certificate"],
                condition=Q(certificate__isnull=False),
                name="stored_document_one_per_certificate",
            ),
            models.UniqueConstraint(
                fields=["council_session"],
                condition=Q(council_session__isnull=False),
                name="stored_document_one_per_session",
            ),
            models.UniqueConstraint(
                fields=["nomination"],
                condition=Q(nomination__isnull=False),
                name="stored_document_one_proposal_per_file",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk} ({self.pdf_sha256[:12]})"


class LegalBasis(models.Model):
    """A "Căn cứ" line: a law or decree cited by documents dated while it is in force."""

    name = models.CharField("văn bản", max_length=200, help_text="Ví dụ: Nghị định số 98/2023/NĐ-CP")
    issued_on = models.DateField("ngày ban hành", null=True, blank=True)
    subject = models.CharField(
        "trích yếu sau ngày", max_length=300, blank=True, help_text="Ví dụ: của Chính phủ quy định chi tiết …"
    )
    in_force_from = models.DateField("hiệu lực từ ngày")
    in_force_to = models.DateField("hết hiệu lực sau ngày", null=True, blank=True)
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    organization = models.ForeignKey(
        "nominations.Organization",
        verbose_name="chỉ áp dụng cho cơ quan",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    is_unverified = models.BooleanField(
        "chưa đối chiếu văn bản gốc", default=False, help_text="Cần đối chiếu số, ngày với Công báo."
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "căn cứ pháp lý"
        verbose_name_plural = "căn cứ pháp lý"
        ordering = ["order", "in_force_from", "id"]

    def __str__(self) -> str:
        return self.name


class DocumentTemplate(models.Model):
    """One version of a re-worded document template; the latest version of a name is the one in use.

    Versions are never edited: a change is a new version, so every kept document can name the one it used.
    """

    name = models.CharField(
        "mẫu văn bản",
        max_length=60,
        choices=[
            ("documents/decision.html", "Quyết định và danh sách kèm theo"),
            ("documents/certificate.html", "Giấy khen / giấy công nhận"),
            ("documents/minutes.html", "Biên bản họp Hội đồng"),
            ("documents/proposal.html", "Tờ trình"),
            ("documents/broadcast.html", "Bài tuyên dương phát thanh"),
        ],
    )
    version = models.PositiveIntegerField("phiên bản", editable=False)
    source = models.TextField("nội dung mẫu (Django template)")
    note = models.CharField("ghi chú thay đổi", max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người sửa", null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("lúc", auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "mẫu văn bản"
        verbose_name_plural = "mẫu văn bản"
        ordering = ["name", "-version"]
        constraints = [models.UniqueConstraint(fields=["name", "version"], name="document_template_version_unique")]

    def __str__(self) -> str:
        return f"{self.get_name_display()} – phiên bản {self.version}"


class BlankForm(models.Model):
    """Where each field goes on an organisation's pre-printed certificate blank, in millimetres.

    ``fields`` adjusts the default layout: {"recipient": {"x": 40, "y": 90, "width": 217, "height": 12, "size": 22}}.
    """

    organization = models.ForeignKey(
        "nominations.Organization", verbose_name="cơ quan", on_delete=models.CASCADE, related_name="blank_forms"
    )
    award_kind = models.ForeignKey(
        "nominations.AwardKind", verbose_name="hình thức", on_delete=models.CASCADE, related_name="+"
    )
    page_width_mm = models.PositiveSmallIntegerField("khổ giấy rộng (mm)", default=297)
    page_height_mm = models.PositiveSmallIntegerField("khổ giấy cao (mm)", default=210)
    fields = models.JSONField("vị trí, cỡ từng trường (mm)", default=dict, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "phôi giấy khen in sẵn"
        verbose_name_plural = "phôi giấy khen in sẵn"
        constraints = [models.UniqueConstraint(fields=["organization", "award_kind"], name="blank_form_unique")]

    def __str__(self) -> str:
        return f"{self.organization} – {self.award_kind}"
