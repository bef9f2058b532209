"""Criteria and scores in the admin, with unverified defaults in plain sight.

Criteria sets (with their criteria inline) are registered by the catalogue's admin; this adds the
flat list of criteria, filterable by the unverified flag, unless the catalogue registers it too.
"""

from django.contrib import admin

from core.admin import ReadOnlyAdmin
from nominations.models import Criterion
from scoring.models import NomineeScore


class CriterionAdmin(admin.ModelAdmin):
    list_display = ["criteria_set", "code", "max_points", "mandatory", "is_unverified_default"]
    list_filter = ["is_unverified_default", "mandatory", "criteria_set__award_kind"]
    search_fields = ["code", "text"]


if not admin.site.is_registered(Criterion):
    admin.site.register(Criterion, CriterionAdmin)


@admin.register(NomineeScore)
class NomineeScoreAdmin(ReadOnlyAdmin):
    list_display = ["nominee", "criterion", "self_points", "review_points", "met"]
    raw_id_fields = ["nominee"]
    list_select_related = ["nominee", "criterion"]
