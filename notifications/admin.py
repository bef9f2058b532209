from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from core.admin import ReadOnlyAdmin
from notifications import services
from notifications.models import (
    Delivery,
    DeliveryState,
    Notification,
    NotificationPreference,
    Reminder,
    WebhookEndpoint,
)


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["event", "recipient", "channel", "state", "attempts", "created_at", "sent_at", "last_error"]
    list_filter = ["state", "channel"]
    search_fields = ["recipient__username", "event__event"]
    raw_id_fields = ["event", "recipient", "notification"]
    readonly_fields = [f.name for f in Delivery._meta.fields]
    actions = ["retry_dead_letters"]

    @admin.action(description="Gửi lại các lượt đã hết số lần thử")
    def retry_dead_letters(self, request: HttpRequest, queryset: QuerySet[Delivery]) -> None:
        from notifications.tasks import send_delivery

        leads = services.deliveries_retry(
            delivery_ids=queryset.filter(state=DeliveryState.DEAD_LETTER).values_list("pk", flat=True)
        )
        for delivery_id in leads:
            send_delivery.delay(delivery_id)
        self.message_user(request, f"Đã đưa {len(leads)} lượt gửi vào hàng đợi.", messages.SUCCESS)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["recipient", "event", "message", "created_at", "read_at"]
    list_filter = ["event"]
    search_fields = ["recipient__username", "message"]
    raw_id_fields = ["recipient", "nomination"]


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(ReadOnlyAdmin):
    list_display = ["user", "email", "daily_digest", "webhook"]
    raw_id_fields = ["user"]


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    list_display = ["name", "organization", "url", "is_active"]


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyAdmin):
    list_display = ["key", "created_at"]
    search_fields = ["key"]
