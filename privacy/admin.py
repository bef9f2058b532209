"""The data-protection views: the read-only access log, and the administrators' time-limited access grants.

A grant is requested here with a reason (the file's reference) and decided by the organisation's signer
through the actions, each of which calls privacy.services; nothing here changes a grant by itself.
"""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from core.admin import ReadOnlyAdmin
from core.errors import Refusal
from nominations.models import FileAccessGrant, Nomination
from privacy import services
from privacy.models import AccessLog


@admin.register(AccessLog)
class AccessLogAdmin(ReadOnlyAdmin):
    list_display = ("read_at", "actor", "role", "kind", "nomination", "subject", "reason", "channel", "client_ip")
    list_filter = ("role", "kind", "channel")
    search_fields = ("actor__username", "actor__full_name", "subject", "reason")
    date_hierarchy = "read_at"


class AccessGrantRequestForm(forms.ModelForm):
    reference = forms.CharField(label="Số hồ sơ", max_length=40, help_text="Ví dụ: HS-2026-0001ABCD")

    class Meta:
        model = FileAccessGrant
        fields = ["reason"]

    def clean_reference(self) -> str:
        reference = self.cleaned_data["reference"].strip()
        if not Nomination.objects.filter(reference=reference).exists():
            raise forms.ValidationError("Không tìm thấy hồ sơ.")
        return reference


@admin.register(FileAccessGrant)
class FileAccessGrantAdmin(ReadOnlyAdmin):
    list_display = ("requested_at", "grantee", "nomination", "reason", "status", "decided_by", "expires_at")
    list_filter = ("status",)
    search_fields = ("grantee__username", "reason")
    actions = ["grant_for_a_day", "refuse", "revoke"]

    def has_add_permission(self, request: object, obj: object = None) -> bool:
        return True

    def get_form(self, request: Any, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        if obj is None:
            return AccessGrantRequestForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request: Any, obj: Any = None) -> Any:
        return ["reference", "reason"] if obj is None else super().get_fields(request, obj)

    def save_model(self, request: Any, obj: FileAccessGrant, form: Any, change: bool) -> None:
        nomination = Nomination.objects.get(reference=form.cleaned_data["reference"])
        grant = services.access_grant_request(
            actor=request.user, nomination_id=nomination.pk, reason=form.cleaned_data["reason"]
        )
        # The admin goes on to log and link the saved row: let it see the one the service wrote.
        obj.__dict__.update(grant.__dict__)

    def _decide(self, request: HttpRequest, queryset: QuerySet[FileAccessGrant], **kwargs: Any) -> None:
        done = 0
        for grant in queryset:
            try:
                kwargs["call"](grant_id=grant.pk, actor=request.user, **kwargs.get("args", {}))
                done += 1
            except Refusal as exc:
                self.message_user(request, f"{grant}: {exc.message}", messages.ERROR)
        if done:
            self.message_user(request, f"Đã xử lý {done} đề nghị.", messages.SUCCESS)

    @admin.action(description="Cho phép xem trong 24 giờ (lãnh đạo ký duyệt)")
    def grant_for_a_day(self, request: HttpRequest, queryset: QuerySet[FileAccessGrant]) -> None:
        args = {"approve": True, "duration": datetime.timedelta(hours=24)}
        self._decide(request, queryset, call=services.access_grant_decide, args=args)

    @admin.action(description="Không cho phép")
    def refuse(self, request: HttpRequest, queryset: QuerySet[FileAccessGrant]) -> None:
        self._decide(request, queryset, call=services.access_grant_decide, args={"approve": False})

    @admin.action(description="Thu hồi quyền xem")
    def revoke(self, request: HttpRequest, queryset: QuerySet[FileAccessGrant]) -> None:
        self._decide(request, queryset, call=services.access_grant_revoke)
