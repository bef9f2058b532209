from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from core.admin import ReadOnlyAdmin
from nominations.models import OrganizationVersion, Round, Succession
from workflows.models import AuditEntry, OutboxEvent
from workflows.rounds import round_reschedule
from workflows.succession import organization_merge


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["nomination", "seq", "transition", "source", "target", "actor_name", "at"]
    list_filter = ["transition"]
    search_fields = ["nomination__reference", "actor_name"]


@admin.register(OutboxEvent)
class OutboxEventAdmin(ReadOnlyAdmin):
    list_display = ["event", "nomination", "unit", "created_at", "dispatched_at", "processed_at"]
    list_filter = ["event"]


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "year", "opens_on", "closes_on", "campaign"]
    list_filter = ["kind", "year"]

    def save_model(self, request: HttpRequest, obj: Round, form: Any, change: bool) -> None:
        dates = {"opens_on", "closes_on"}
        if not change or not dates & set(form.changed_data):
            super().save_model(request, obj, form, change)
            return
        # The other fields save as usual; the dates move through the service, which moves the files too.
        stored = Round.objects.get(pk=obj.pk)
        opens_on, closes_on = obj.opens_on, obj.closes_on
        obj.opens_on, obj.closes_on = stored.opens_on, stored.closes_on
        super().save_model(request, obj, form, change)
        rnd, _moved = round_reschedule(round_id=obj.pk, actor=request.user, opens_on=opens_on, closes_on=closes_on)
        obj.opens_on, obj.closes_on = rnd.opens_on, rnd.closes_on


class MergerForm(forms.ModelForm):
    move_people = forms.BooleanField(
        label="chuyển cả người dùng và vai trò của cơ quan trước sang cơ quan kế thừa", required=False
    )

    class Meta:
        model = Succession
        fields = ["predecessor", "successor", "effective_on", "act_number", "act_date", "act_body"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        predecessor, successor = data.get("predecessor"), data.get("successor")
        if predecessor and successor and predecessor == successor:
            raise forms.ValidationError("Cơ quan kế thừa phải là cơ quan khác.")
        if predecessor and predecessor.successor_id:
            raise forms.ValidationError(f"{predecessor.name} đã có cơ quan kế thừa.")
        return data


@admin.register(Succession)
class SuccessionAdmin(admin.ModelAdmin):
    """A merger is recorded here with its legal act; the service moves the predecessor's work to the successor."""

    form = MergerForm
    list_display = ["predecessor", "successor", "kind", "effective_on", "act_number", "act_date", "recorded_by"]

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Succession, form: Any, change: bool) -> None:
        data = form.cleaned_data
        succession = organization_merge(
            actor=request.user,
            predecessor_id=data["predecessor"].pk,
            successor_id=data["successor"].pk,
            effective_on=data["effective_on"],
            act_number=data["act_number"],
            act_date=data["act_date"],
            act_body=data["act_body"],
            move_people=data["move_people"],
        )
        obj.pk = succession.pk


@admin.register(OrganizationVersion)
class OrganizationVersionAdmin(ReadOnlyAdmin):
    list_display = ["organization", "valid_from", "name", "issuing_body", "parent", "place_name", "act"]
    list_filter = ["organization"]
