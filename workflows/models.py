"""The lifecycle's records: the audit chain, the outbox, and the workflow process link."""

import hashlib
import json

from django.conf import settings
from django.db import models
from viewflow.workflow.models import Process

from .audit_keys import mac


class AuditEntry(models.Model):
    """One recorded act; append-only, chained per chain (a file's, a session's, an organisation's decisions,
    a user's roles) and keyed with a secret held outside the database."""

    chain = models.CharField("chuỗi", max_length=80)
    nomination = models.ForeignKey(
        "nominations.Nomination",
        verbose_name="hồ sơ",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_entries",
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
    details = models.JSONField("chi tiết", default=dict, blank=True)
    # Empty for entries written before keyed chains: those carry the unkeyed SHA-256 they were written with.
    key_id = models.CharField("khóa", max_length=16, blank=True)
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = "nhật ký thao tác"
        verbose_name_plural = "nhật ký thao tác"
        ordering = ["chain", "seq"]
        constraints = [models.UniqueConstraint(fields=["chain", "seq"], name="audit_chain_seq_unique")]
        indexes = [models.Index(fields=["nomination", "seq"], name="audit_nomination_seq")]

    def __str__(self) -> str:
        return f"{self.chain} #{self.seq} {self.transition}"

    def canonical(self) -> bytes:
        if not self.key_id:
            payload: dict[str, object] = {
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
        else:
            payload = {
                "chain": self.chain,
                "nomination": str(self.nomination_id) if self.nomination_id else "",
                "seq": self.seq,
                "transition": self.transition,
                "source": self.source,
                "target": self.target,
                "actor": self.actor_id,
                "actor_name": self.actor_name,
                "at": self.at.isoformat(timespec="microseconds"),
                "comment": self.comment,
                "client_ip": self.client_ip or "",
                "details": self.details,
                "key": self.key_id,
                "prev": self.prev_hash,
            }
        return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()

    def compute_hash(self) -> str:
        """HMAC-SHA256 under the key the entry names; the unkeyed SHA-256 for entries from before keys."""
        if not self.key_id:
            return hashlib.sha256(self.canonical()).hexdigest()
        return mac(self.key_id, self.canonical())


class AuditAnchor(models.Model):
    """Append-only: each append to a chain also records the chain's new length and head here, in the same
    transaction, so cutting a chain's tail or deleting a whole chain leaves an anchor that no longer matches.
    PostgreSQL refuses UPDATE and DELETE on this table (a trigger)."""

    chain = models.CharField("chuỗi", max_length=80)
    length = models.PositiveIntegerField("độ dài")
    head_hash = models.CharField(max_length=64)
    at = models.DateTimeField("thời điểm", auto_now_add=True)

    class Meta:
        verbose_name = "mốc chuỗi nhật ký"
        verbose_name_plural = "mốc chuỗi nhật ký"
        constraints = [models.UniqueConstraint(fields=["chain", "length"], name="audit_anchor_chain_length")]

    def __str__(self) -> str:
        return f"{self.chain} @{self.length}"


class AuditDigest(models.Model):
    """A signed seal over every chain's anchored head up to one anchor id, chained to the previous seal.
    Append-only like the anchors; a deleted or rewritten anchor no longer matches the seal's MAC."""

    sealed_at = models.DateTimeField("thời điểm niêm phong")
    through_anchor = models.BigIntegerField("đến mốc số")
    chains = models.PositiveIntegerField("số chuỗi")
    key_id = models.CharField("khóa", max_length=16)
    prev_mac = models.CharField(max_length=64, blank=True)
    mac = models.CharField(max_length=64)

    class Meta:
        verbose_name = "niêm phong nhật ký"
        verbose_name_plural = "niêm phong nhật ký"

    def __str__(self) -> str:
        return f"{self.sealed_at:%d/%m/%Y %H:%M} ({self.chains})"


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
