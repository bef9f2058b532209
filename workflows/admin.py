from django.contrib import admin

from core.admin import ReadOnlyAdmin
from workflows.models import AuditEntry, OutboxEvent


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["nomination", "seq", "transition", "source", "target", "actor_name", "at"]
    list_filter = ["transition"]
    search_fields = ["nomination__reference", "actor_name"]


@admin.register(OutboxEvent)
class OutboxEventAdmin(ReadOnlyAdmin):
    list_display = ["event", "nomination", "unit", "created_at", "dispatched_at", "processed_at"]
    list_filter = ["event"]
