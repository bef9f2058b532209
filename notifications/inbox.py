"""What a reader does with their own notices: mark one read, choose how they are told."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from nominations.models import User
from notifications.models import Notification, NotificationPreference


def notification_mark_read(*, notification_id: int, user: Any) -> Notification:
    notification = Notification.objects.get(pk=notification_id, recipient_id=user.pk)
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=timezone.now())
        notification.refresh_from_db(fields=["read_at"])
    return notification


def preference_set(*, user: User, email: bool, daily_digest: bool, webhook: bool) -> NotificationPreference:
    preference, _ = NotificationPreference.objects.update_or_create(
        user=user, defaults={"email": email, "daily_digest": daily_digest, "webhook": webhook}
    )
    return preference
