"""What leaves the system: deliveries per recipient and channel, in-app notices, preferences, gateways."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from core.sealed import seal, unseal


class Channel(models.TextChoices):
    IN_APP = "in_app", "Trong ứng dụng"
    EMAIL = "email", "Thư điện tử"
    WEBHOOK = "webhook", "Cổng SMS / Zalo (webhook)"


class DeliveryState(models.TextChoices):
    PENDING = "pending", "Chờ gửi"
    DIGEST = "digest", "Chờ gửi trong bản tin ngày"
    SENDING = "sending", "Đang gửi"
    RETRYING = "retrying", "Gửi lỗi, sẽ thử lại"
    SENT = "sent", "Đã gửi"
    DEAD_LETTER = "dead_letter", "Gửi thất bại (đã hết số lần thử)"


class Delivery(models.Model):
    """One event for one person on one channel: the unit of exactly-once.

    A row moves pending → sending only by a conditional UPDATE, so of two workers that
    hold the same event only one sends. Rows of one burst share a `group` and leave as
    one message.
    """

    event = models.ForeignKey(
        "workflows.OutboxEvent", verbose_name="sự kiện", on_delete=models.CASCADE, related_name="deliveries"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người nhận", on_delete=models.CASCADE, related_name="deliveries"
    )
    channel = models.CharField("kênh", max_length=10, choices=Channel.choices)
    state = models.CharField(
        "trạng thái", max_length=12, choices=DeliveryState.choices, default=DeliveryState.PENDING, db_index=True
    )
    group = models.CharField(
        "nhóm gửi chung", max_length=40, help_text="Các sự kiện cùng đợt (thao tác hàng loạt) được gửi chung một tin."
    )
    attempts = models.PositiveSmallIntegerField("số lần đã thử", default=0)
    claim = models.CharField(max_length=32, blank=True)
    lease_until = models.DateTimeField("giữ quyền gửi đến", null=True, blank=True)
    next_attempt_at = models.DateTimeField("thử lại lúc", null=True, blank=True)
    last_error = models.TextField("lỗi gần nhất", blank=True)
    notification = models.ForeignKey(
        "Notification",
        verbose_name="thông báo",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deliveries",
    )
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    sent_at = models.DateTimeField("gửi lúc", null=True, blank=True)

    class Meta:
        verbose_name = "lượt gửi thông báo"
        verbose_name_plural = "lượt gửi thông báo"
        constraints = [
            models.UniqueConstraint(fields=["event", "recipient", "channel"], name="delivery_once_per_channel")
        ]
        indexes = [
            models.Index(fields=["recipient", "channel", "group"], name="delivery_group"),
            models.Index(fields=["state", "channel", "created_at"], name="delivery_state"),
        ]

    def __str__(self) -> str:
        return f"{self.event_id} → {self.recipient_id} ({self.channel}, {self.state})"


class Notification(models.Model):
    """What the person reads in the application: one line per event or per burst of events."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người nhận", on_delete=models.CASCADE, related_name="notifications"
    )
    event = models.CharField("sự kiện", max_length=60)
    nomination = models.ForeignKey(
        "nominations.Nomination",
        verbose_name="hồ sơ",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    message = models.TextField("nội dung")
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True, db_index=True)
    read_at = models.DateTimeField("đã đọc lúc", null=True, blank=True)

    class Meta:
        verbose_name = "thông báo"
        verbose_name_plural = "thông báo"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient"], name="notification_unread", condition=models.Q(read_at__isnull=True)),
            models.Index(fields=["recipient", "-created_at"], name="notification_recent"),
        ]

    def __str__(self) -> str:
        return self.message[:80]


class NotificationPreference(models.Model):
    """A person's channels; in-app notices are always on."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="người dùng",
        on_delete=models.CASCADE,
        related_name="notification_preference",
    )
    email = models.BooleanField("nhận thư điện tử", default=True)
    daily_digest = models.BooleanField(
        "gộp thư điện tử thành bản tin mỗi ngày", default=False, help_text="Thư được gửi một lần mỗi sáng."
    )
    webhook = models.BooleanField("nhận tin nhắn SMS / Zalo", default=True)

    class Meta:
        verbose_name = "tùy chọn nhận thông báo"
        verbose_name_plural = "tùy chọn nhận thông báo"

    def __str__(self) -> str:
        return str(self.user)


class WebhookEndpoint(models.Model):
    """An organisation's SMS or Zalo gateway; every request is signed with its secret."""

    organization = models.ForeignKey(
        "nominations.Organization", verbose_name="cơ quan", on_delete=models.CASCADE, related_name="webhook_endpoints"
    )
    name = models.CharField("tên cổng", max_length=100)
    url = models.URLField("địa chỉ nhận (URL)")
    # Sealed with core.sealed: the admin never shows it and a database copy does not reveal it.
    sealed_secret = models.TextField("khóa ký HMAC (đã mã hóa)", blank=True, editable=False)
    is_active = models.BooleanField("đang dùng", default=True)

    history = HistoricalRecords(excluded_fields=["sealed_secret"])

    class Meta:
        verbose_name = "cổng webhook"
        verbose_name_plural = "cổng webhook"
        constraints = [
            models.UniqueConstraint(
                fields=["organization"], condition=models.Q(is_active=True), name="webhook_one_active_per_org"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def secret(self) -> str:
        return unseal(self.sealed_secret)

    @secret.setter
    def secret(self, value: str) -> None:
        self.sealed_secret = seal(value)


class Reminder(models.Model):
    """A reminder already written to the outbox, so the daily run never repeats one."""

    key = models.CharField("khóa", max_length=200, unique=True)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)

    class Meta:
        verbose_name = "nhắc hạn đã gửi"
        verbose_name_plural = "nhắc hạn đã gửi"

    def __str__(self) -> str:
        return self.key
