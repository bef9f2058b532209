from django.contrib import admin

from core.admin import ReadOnlyAdmin
from honour.models import HonourConsent


@admin.register(HonourConsent)
class HonourConsentAdmin(ReadOnlyAdmin):
    list_display = ("nominee", "consented_at", "recorded_by")
    raw_id_fields = ("nominee", "recorded_by")
    readonly_fields = ("consented_at",)
