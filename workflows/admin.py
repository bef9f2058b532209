from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from core.admin import ReadOnlyAdmin
from nominations.models import Round
from workflows.models import AuditEntry, OutboxEvent
from workflows.rounds import round_reschedule


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
