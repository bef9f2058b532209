"""What every room's admin shares: a read-only admin for the records that decide an outcome.

Those records change only through services that lock and audit; the admin shows them.
"""

from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """Visible to administrators, changed by nobody here."""

    def has_add_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0

    def has_add_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False
