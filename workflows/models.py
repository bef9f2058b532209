"""The lifecycle's records: the audit chain, the outbox, and the workflow process link."""

import hashlib
import json

from django.conf import settings
from django.db import models
from viewflow.workflow.models import Process


class AuditEntry(models.Model):
    """One change of a nomination; append-only and hash-chained per nomination."""

    nomination = models.ForeignKey(
        "nominations.Nomination", verbose_name="hồ sơ", on_delete=models.PROTECT, related_name="audit_entries"
    )
    seq = models.PositiveIntegerField("thứ tự")
    transition = models.CharField("thao tác", max_length=50)
    source = models.CharField("từ trạng thái", max_length=20, blank=True)
    target = models.CharField("sang trạng thái", max_length=20, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người thực hiện", null=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_name = models.CharField("người thực hiện", max_length=150)
    at = models.DateTimeField("thời điểm")
    comment = models.TextField("ý kiến", blank=True)
    client_ip = models.GenericIPAddressField("địa chỉ máy", null=True, blank=True)
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = "nhật ký thao tác"
        verbose_name_plural = "nhật ký thao tác"
        ordering = ["nomination", "seq"]
        constraints = [models.UniqueConstraint(fields=["nomination", "seq"], name="audit_seq_unique")]

    def __str__(self) -> str:
        return f"{self.nomination_id} #{self.seq} {self.transition}"

    def compute_hash(self) -> str:
        payload = {
            "nomination": str(self.nomination_id),
            "seq": self.seq,
            "transition": self.transition,
            "source": self.source,
            "target": self.target,
            "actor": self.actor_id,
            "actor_name": self.actor_name,
            "at": self.at.isoformat(timespec="microseconds"),
            "comment": self.comment,
            "client_ip": self.client_ip or "",
            "prev": self.prev_hash,
        }
        canonical = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(canonical.encode()).hexdigest()


class SessionAuditEntry(models.Model):
    """One act in a council session (a vote, its change, a written vote, a dispute, a recusal).

    The same append-only, hash-chained shape as AuditEntry, keyed by the session instead of a file:
    a council's result is the legal basis of an award, so the acts that made it are evidence.
    """

    session = models.ForeignKey(
        "nominations.CouncilSession", verbose_name="phiên họp", on_delete=models.PROTECT, related_name="audit_entries"
    )
    seq = models.PositiveIntegerField("thứ tự")
    action = models.CharField("thao tác", max_length=50)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người thực hiện", null=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_name = models.CharField("người thực hiện", max_length=150)
    at = models.DateTimeField("thời điểm")
    payload = models.JSONField("nội dung", default=dict)
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = "nhật ký phiên họp"
        verbose_name_plural = "nhật ký phiên họp"
        ordering = ["session", "seq"]
        constraints = [models.UniqueConstraint(fields=["session", "seq"], name="session_audit_seq_unique")]

    def __str__(self) -> str:
        return f"{self.session_id} #{self.seq} {self.action}"

    def compute_hash(self) -> str:
        payload = {
            "session": self.session_id,
            "seq": self.seq,
            "action": self.action,
            "actor": self.actor_id,
            "actor_name": self.actor_name,
            "at": self.at.isoformat(timespec="microseconds"),
            "payload": self.payload,
            "prev": self.prev_hash,
        }
        canonical = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(canonical.encode()).hexdigest()


class OutboxEvent(models.Model):
    """An event written in the same transaction as the change; notifications deliver it later."""

    event = models.CharField("sự kiện", max_length=60, db_index=True)
    nomination = models.ForeignKey(
        "nominations.Nomination",
        verbose_name="hồ sơ",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="outbox_events",
    )
    organization = models.ForeignKey(
        "nominations.Organization", verbose_name="cơ quan", on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        "nominations.Unit", verbose_name="đơn vị", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người thực hiện", null=True, on_delete=models.PROTECT, related_name="+"
    )
    payload = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    dispatched_at = models.DateTimeField(null=True, blank=True)
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "sự kiện chờ gửi"
        verbose_name_plural = "sự kiện chờ gửi"
        indexes = [
            models.Index(
                fields=["created_at"], name="outbox_unprocessed", condition=models.Q(processed_at__isnull=True)
            )
        ]

    def __str__(self) -> str:
        return f"{self.event} ({self.created_at:%d/%m/%Y %H:%M})"


class NominationProcess(Process):
    """The workflow engine's process for one nomination, linked by a real one-to-one key."""

    nomination = models.OneToOneField(
        "nominations.Nomination", verbose_name="hồ sơ", on_delete=models.CASCADE, related_name="process"
    )

    class Meta:
        verbose_name = "quy trình hồ sơ"
        verbose_name_plural = "quy trình hồ sơ"
