from django.contrib import admin

from workflows.models import AuditEntry, OutboxEvent


class ReadOnlyAdmin(admin.ModelAdmin):
    """Append-only records: visible to administrators, changed by nobody."""

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["nomination", "seq", "transition", "source", "target", "actor_name", "at"]
    list_filter = ["transition"]
    search_fields = ["nomination__reference", "actor_name"]


@admin.register(OutboxEvent)
class OutboxEventAdmin(ReadOnlyAdmin):
    list_display = ["event", "nomination", "unit", "created_at", "dispatched_at", "processed_at"]
    list_filter = ["event"]
