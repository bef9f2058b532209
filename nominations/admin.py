"""Django admin, in Vietnamese, for the catalogues and the files (read-mostly: writes go through services)."""

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from core.admin import ReadOnlyAdmin, ReadOnlyInline
from nominations import access
from nominations.models import (
    AnnualReport,
    Attachment,
    AwardHistory,
    AwardKind,
    Campaign,
    CriteriaSet,
    Criterion,
    Holiday,
    Membership,
    Nomination,
    Nominee,
    Organization,
    Phase,
    Unit,
    User,
)


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
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["name"]
    fieldsets = (
        (None, {"fields": ["name", "level", "parent", "issuing_body", "parent_body", "place_name", "document_suffix"]}),
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
    )


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
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
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["name", "plan_number", "plan_date", "start_year", "end_year", "organization"]
    inlines = [PhaseInline]


@admin.register(AwardKind)
class AwardKindAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "track", "approval_threshold_percent", "requires_unit_head"]
    list_filter = ["track"]


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0
    fields = ["order", "code", "text", "max_points", "mandatory", "is_unverified_default"]


@admin.register(CriteriaSet)
class CriteriaSetAdmin(admin.ModelAdmin):
    list_display = ["award_kind", "year", "source_decision", "pass_mark", "is_unverified_default"]
    list_filter = ["award_kind", "is_unverified_default"]
    inlines = [CriterionInline]


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    list_display = ["day", "name", "organization"]
    list_filter = ["organization"]
    date_hierarchy = "day"


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
