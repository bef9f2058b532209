"""The admin's role screens write through the role services, so every grant and withdrawal is audited."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from core.http import client_ip
from nominations.admin import MembershipAdmin, UserAdmin
from nominations.models import Membership, User

from .roles import role_change, role_grant, role_revoke


class _ThroughRoleServices:
    """Editable again (the room below shows roles read-only): every write goes through the role services."""

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return admin.ModelAdmin.has_add_permission(self, request)  # type: ignore[arg-type]

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return admin.ModelAdmin.has_change_permission(self, request, obj)  # type: ignore[arg-type]

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return admin.ModelAdmin.has_delete_permission(self, request, obj)  # type: ignore[arg-type]


class AuditedMembershipInline(_ThroughRoleServices, admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["unit"]

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return admin.TabularInline.has_add_permission(self, request, obj)

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return admin.TabularInline.has_change_permission(self, request, obj)

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return admin.TabularInline.has_delete_permission(self, request, obj)


class AuditedMembershipAdmin(_ThroughRoleServices, MembershipAdmin):
    def save_model(self, request: Any, obj: Membership, form: Any, change: bool) -> None:
        if change:
            role_change(actor=request.user, membership=obj, client_ip=client_ip(request))
        else:
            role_grant(actor=request.user, membership=obj, client_ip=client_ip(request))

    def delete_model(self, request: Any, obj: Membership) -> None:
        role_revoke(actor=request.user, membership=obj, client_ip=client_ip(request))

    def delete_queryset(self, request: Any, queryset: Any) -> None:
        for membership in queryset:
            role_revoke(actor=request.user, membership=membership, client_ip=client_ip(request))


class AuditedUserAdmin(UserAdmin):
    inlines = [AuditedMembershipInline]

    def save_formset(self, request: Any, form: Any, formset: Any, change: bool) -> None:
        if formset.model is not Membership:
            super().save_formset(request, form, formset, change)
            return
        memberships = formset.save(commit=False)
        address = client_ip(request)
        for membership in formset.deleted_objects:
            role_revoke(actor=request.user, membership=membership, client_ip=address)
        changed = {id(m) for m, _ in formset.changed_objects}
        for membership in memberships:
            if membership.pk and id(membership) in changed:
                role_change(actor=request.user, membership=membership, client_ip=address)
            elif not membership.pk:
                role_grant(actor=request.user, membership=membership, client_ip=address)
        formset.save_m2m()


admin.site.unregister(Membership)
admin.site.register(Membership, AuditedMembershipAdmin)
admin.site.unregister(User)
admin.site.register(User, AuditedUserAdmin)
