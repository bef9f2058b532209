from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from core.admin import ReadOnlyAdmin
from notifications import channels, services
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


class WebhookEndpointForm(forms.ModelForm):
    """The signing key is written, never shown: leave it empty to keep the current one."""

    new_secret = forms.CharField(
        label="Khóa ký HMAC mới",
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text="Chỉ nhập khi đặt hoặc đổi khóa; khóa đã lưu không bao giờ được hiển thị lại.",
    )

    class Meta:
        model = WebhookEndpoint
        fields = ["organization", "name", "url", "is_active"]

    def clean_url(self) -> str:
        url = self.cleaned_data["url"]
        refusal = channels.webhook_url_refusal(url)
        if refusal:
            raise forms.ValidationError(refusal)
        return url

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.instance.pk and not cleaned.get("new_secret"):
            self.add_error("new_secret", "Cổng mới cần khóa ký HMAC.")
        return cleaned

    def save(self, commit: bool = True) -> WebhookEndpoint:
        endpoint = super().save(commit=False)
        if self.cleaned_data.get("new_secret"):
            endpoint.secret = self.cleaned_data["new_secret"]
        if commit:
            endpoint.save()
        return endpoint


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(SimpleHistoryAdmin):
    form = WebhookEndpointForm
    list_display = ["name", "organization", "url", "is_active"]


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyAdmin):
    list_display = ["key", "created_at"]
    search_fields = ["key"]
