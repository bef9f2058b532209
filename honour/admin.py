from django.contrib import admin

from honour.models import HonourConsent


@admin.register(HonourConsent)
class HonourConsentAdmin(admin.ModelAdmin):
    list_display = ("nominee", "consented_at", "recorded_by")
    raw_id_fields = ("nominee", "recorded_by")
    readonly_fields = ("consented_at",)
