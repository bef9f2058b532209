from django.contrib import admin

from core.admin import ReadOnlyAdmin
from privacy.models import AccessLog


@admin.register(AccessLog)
class AccessLogAdmin(ReadOnlyAdmin):
    list_display = ("read_at", "actor", "role", "nomination", "channel", "client_ip")
    list_filter = ("role", "channel")
    search_fields = ("actor__username", "actor__full_name")

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
