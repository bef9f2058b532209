"""Django admin, in Vietnamese, for the catalogues and the files (read-mostly: writes go through services)."""

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest, HttpResponse
from django.urls import path, reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from core.admin import ReadOnlyAdmin, ReadOnlyInline
from documents.samples import render_sample
from documents.templating import EDITABLE_TEMPLATES, TEMPLATE_DIR, compile_template, template_overrides
from nominations import access
from nominations.models import (
    Absence,
    AnnualReport,
    AssignmentRule,
    Attachment,
    AwardHistory,
    AwardKind,
    Campaign,
    CriteriaSet,
    Criterion,
    DocumentTemplate,
    Holiday,
    HolidayAnnouncement,
    Membership,
    Nomination,
    Nominee,
    Organization,
    Phase,
    Quota,
    Unit,
    User,
)
from nominations.templates import template_save, templates_in_use


class MembershipInline(ReadOnlyInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["unit"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "full_name", "email", "language", "is_active"]
    search_fields = ["username", "full_name", "email"]
    fieldsets = (
        *BaseUserAdmin.fieldsets,  # type: ignore[misc]
        ("vinhdanh", {"fields": ["full_name", "language", "phone"]}),
    )
    inlines = [MembershipInline]


@admin.register(Organization)
class OrganizationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "level", "parent", "valid_from", "valid_to", "successor"]
    readonly_fields = ["valid_to", "successor"]
    list_filter = ["level"]
    search_fields = ["name"]
    fieldsets = (
        (None, {"fields": ["name", "level", "parent", "issuing_body", "parent_body", "place_name", "document_suffix"]}),
        ("Thời gian tồn tại (ghi nhận qua sáp nhập, đổi tên)", {"fields": ["valid_from", "valid_to", "successor"]}),
        (
            "Quy chế Hội đồng (mặc định theo quy định hiện hành, có thể thay đổi)",
            {
                "fields": [
                    "quorum_numerator",
                    "quorum_denominator",
                    "approval_threshold_percent",
                    "threshold_inclusive",
                    "chair_casting_vote",
                ]
            },
        ),
        (
            "Thời hạn xử lý (ngày làm việc)",
            {"fields": ["appraisal_working_days", "consultation_working_days", "rejection_notice_working_days"]},
        ),
        ("Thẩm định theo bước", {"fields": ["review_in_steps", "review_segregation", "review_step_working_days"]}),
    )


@admin.register(Unit)
class UnitAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "organization", "households", "population"]
    list_filter = ["kind", "organization"]
    search_fields = ["name"]


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ["user", "role", "organization", "unit"]
    list_filter = ["role", "organization"]
    search_fields = ["user__username", "user__full_name"]


class PhaseInline(admin.TabularInline):
    model = Phase
    extra = 0


@admin.register(Campaign)
class CampaignAdmin(SimpleHistoryAdmin):
    list_display = ["name", "plan_number", "plan_date", "start_year", "end_year", "organization"]
    inlines = [PhaseInline]


@admin.register(AwardKind)
class AwardKindAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "track", "produces", "approval_threshold_percent", "requires_unit_head"]
    list_filter = ["track", "produces"]


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0
    fields = ["order", "code", "text", "max_points", "mandatory", "is_unverified_default"]


@admin.register(CriteriaSet)
class CriteriaSetAdmin(SimpleHistoryAdmin):
    list_display = ["award_kind", "year", "source_decision", "pass_mark", "is_unverified_default"]
    list_filter = ["award_kind", "is_unverified_default"]
    inlines = [CriterionInline]


@admin.register(Holiday)
class HolidayAdmin(SimpleHistoryAdmin):
    list_display = ["day", "name", "is_working_day", "organization"]
    list_filter = ["is_working_day", "organization"]
    date_hierarchy = "day"


@admin.register(HolidayAnnouncement)
class HolidayAnnouncementAdmin(SimpleHistoryAdmin):
    list_display = ["year", "document", "recorded_on"]


class NomineeInline(admin.TabularInline):
    model = Nominee
    extra = 0
    fields = ["kind", "name", "result", "result_reason"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    fields = ["kind", "original_name", "content_type", "size", "sha256", "uploaded_at"]
    readonly_fields = fields
    can_delete = False


@admin.register(Nomination)
class NominationAdmin(admin.ModelAdmin):
    """Files change only through the lifecycle services; the admin shows them."""

    list_display = ["reference", "title", "unit", "award_kind", "round", "status", "due_on"]
    list_filter = ["status", "award_kind", "round", "organization"]
    search_fields = ["reference", "title", "unit__name"]
    inlines = [NomineeInline, AttachmentInline]

    def get_queryset(self, request: Any) -> Any:
        # The admin is no back door: an administrator reads a file only under an access grant.
        return access.visible_nominations(request.user)

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(Nominee)
class NomineeAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "result", "nomination"]
    list_filter = ["kind", "result"]
    search_fields = ["name"]
    # CCCD, ethnicity and birth date belong to the unit, the reviewer and the secretary, not the admin.
    exclude = ["citizen_id", "ethnicity", "birth_date", "identity_key"]

    def get_queryset(self, request: Any) -> Any:
        return super().get_queryset(request).filter(nomination__in=access.visible_nominations(request.user))

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(AnnualReport)
class AnnualReportAdmin(ReadOnlyAdmin):
    list_display = ["unit", "year", "status", "submitted_at", "is_late"]
    list_filter = ["year", "status"]

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(AwardHistory)
class AwardHistoryAdmin(ReadOnlyAdmin):
    list_display = ["name", "award_name", "year", "decision_number", "decision_date", "level"]
    list_filter = ["year", "level", "award_kind"]
    search_fields = ["name", "unit_name", "decision_number"]


@admin.register(Quota)
class QuotaAdmin(SimpleHistoryAdmin):
    """Caps are configuration of a round: the submission, recommendation and council checks read them."""

    list_display = ["round", "unit", "award_kind", "max_awards"]
    list_filter = ["round", "award_kind"]
    autocomplete_fields = ["unit"]


@admin.register(AssignmentRule)
class AssignmentRuleAdmin(SimpleHistoryAdmin):
    list_display = ["organization", "unit", "award_kind", "officer"]
    list_filter = ["organization", "award_kind"]
    autocomplete_fields = ["unit"]


@admin.register(Absence)
class AbsenceAdmin(ReadOnlyAdmin):
    """Absences are recorded by the absent users themselves; the administrator reads them."""

    list_display = ["user", "substitute", "starts_on", "ends_on", "cancelled_at"]
    list_filter = ["starts_on"]


class DocumentTemplateForm(forms.ModelForm):
    class Meta:
        model = DocumentTemplate
        fields = ["name", "source", "note"]
        widgets = {"source": forms.Textarea(attrs={"rows": 40, "cols": 120, "style": "font-family: monospace"})}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        name, source = data.get("name"), data.get("source")
        if name and source:
            # Refused with the error shown: a template that does not compile, or fails on the sample data.
            try:
                compile_template(source)
                with template_overrides({name: source}):
                    render_sample(name)
            except Exception as exc:
                raise forms.ValidationError(f"Mẫu không dùng được: {exc}") from exc
        return data


@admin.register(DocumentTemplate)
class DocumentTemplateAdmin(SimpleHistoryAdmin):
    """Each save is a new version; the latest is used by the next draft, never by a signed document."""

    form = DocumentTemplateForm
    list_display = ["name", "version", "note", "created_by", "created_at", "preview_link"]
    list_filter = ["name"]

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        # Editing starts from the version in use, or from the built-in file.
        name = request.GET.get("name", "documents/decision.html")
        if name not in EDITABLE_TEMPLATES:
            return {}
        current = templates_in_use().get(name)
        source = current.source if current else (TEMPLATE_DIR / name).read_text(encoding="utf-8")
        return {"name": name, "source": source}

    def save_model(self, request: HttpRequest, obj: DocumentTemplate, form: Any, change: bool) -> None:
        data = form.cleaned_data
        saved = template_save(name=data["name"], source=data["source"], note=data["note"], actor=request.user)
        obj.pk, obj.version = saved.pk, saved.version

    @admin.display(description="xem trước")
    def preview_link(self, obj: DocumentTemplate) -> str:
        return format_html('<a href="{}">PDF mẫu</a>', reverse("admin:document-template-preview", args=[obj.pk]))

    def get_urls(self) -> list[Any]:
        preview = self.admin_site.admin_view(self.preview)
        return [path("<int:pk>/preview.pdf", preview, name="document-template-preview"), *super().get_urls()]

    def preview(self, request: HttpRequest, pk: int) -> HttpResponse:
        template = DocumentTemplate.objects.get(pk=pk)
        with template_overrides({template.name: template.source}):
            pdf = render_sample(template.name)
        return HttpResponse(pdf, content_type="application/pdf")
