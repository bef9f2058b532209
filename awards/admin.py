"""Admin for prize tables (editable data) and for sessions, decisions and certificates (read-only records)."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from core.admin import ReadOnlyAdmin
from nominations.models import (
    BaseSalary,
    Broadcast,
    Certificate,
    CouncilSession,
    CouncilVote,
    Decision,
    PrizeCoefficient,
    YearlyCounter,
)


@admin.register(BaseSalary)
class BaseSalaryAdmin(admin.ModelAdmin):
    list_display = ["effective_from", "amount", "legal_source"]
    ordering = ["-effective_from"]


@admin.register(PrizeCoefficient)
class PrizeCoefficientAdmin(admin.ModelAdmin):
    list_display = ["award_kind", "nominee_kind", "coefficient", "legal_source", "is_unverified_default"]
    list_filter = ["award_kind", "nominee_kind", "is_unverified_default"]


class CouncilVoteInline(admin.TabularInline):
    model = CouncilVote
    extra = 0
    fields = ["nominee", "member", "choice", "in_writing", "ballot", "cast_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(CouncilSession)
class CouncilSessionAdmin(ReadOnlyAdmin):
    list_display = ["title", "held_on", "status", "organization"]
    list_filter = ["status", "organization"]
    inlines = [CouncilVoteInline]


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "kind", "status", "signed_on", "signed_by", "organization"]
    list_filter = ["kind", "status", "organization", "year"]
    search_fields = ["number_text", "summary"]


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdmin):
    list_display = ["register_number", "recipient", "award_kind", "decision", "prize_amount", "status"]
    list_filter = ["status", "award_kind", "register_year"]
    search_fields = ["recipient", "verification_code"]
    exclude = ["verification_code"]


@admin.register(Broadcast)
class BroadcastAdmin(ReadOnlyAdmin):
    list_display = ["decision", "air_on", "status", "aired_by"]
    list_filter = ["status"]


@admin.register(YearlyCounter)
class YearlyCounterAdmin(ReadOnlyAdmin):
    list_display = ["organization", "year", "kind", "last"]
