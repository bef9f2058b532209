"""The council of emulation and commendation (Hội đồng TĐKT): sessions, agendas and votes."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from nominations.models.catalogue import Organization
from nominations.models.nomination import Nomination, Nominee


class SessionStatus(models.TextChoices):
    OPEN = "open", "Đang họp"
    CLOSED = "closed", "Đã kết thúc"


class VoteChoice(models.TextChoices):
    AGREE = "agree", "Đồng ý"
    DISAGREE = "disagree", "Không đồng ý"
    ABSTAIN = "abstain", "Không biểu quyết"


class CouncilSession(models.Model):
    organization = models.ForeignKey(
        Organization, verbose_name="cơ quan", on_delete=models.PROTECT, related_name="council_sessions"
    )
    title = models.CharField("tên phiên họp", max_length=300)
    held_on = models.DateField("ngày họp")
    status = models.CharField(
        "trạng thái", max_length=10, choices=SessionStatus.choices, default=SessionStatus.OPEN, db_index=True
    )
    nominations = models.ManyToManyField(
        Nomination, verbose_name="hồ sơ đưa ra xét", through="CouncilAgendaItem", related_name="council_sessions"
    )
    # The council as it stood when the session was convened: later changes of membership do not
    # move the quorum of a session already under way.
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name="thành viên hội đồng", related_name="council_sessions"
    )
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="chủ tịch hội đồng",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    quorum_met = models.BooleanField("đủ tỷ lệ có mặt", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người lập", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("lập lúc", auto_now_add=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người kết thúc",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    closed_at = models.DateTimeField("kết thúc lúc", null=True, blank=True)

    class Meta:
        verbose_name = "phiên họp Hội đồng"
        verbose_name_plural = "phiên họp Hội đồng"
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on:%d/%m/%Y})"


class CouncilAgendaItem(models.Model):
    session = models.ForeignKey(
        CouncilSession, verbose_name="phiên họp", on_delete=models.CASCADE, related_name="agenda"
    )
    nomination = models.ForeignKey(
        Nomination, verbose_name="hồ sơ", on_delete=models.PROTECT, related_name="agenda_items"
    )
    order = models.PositiveIntegerField("thứ tự", default=0)

    class Meta:
        verbose_name = "hồ sơ trong phiên họp"
        verbose_name_plural = "hồ sơ trong phiên họp"
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["session", "nomination"], name="agenda_item_unique")]

    def __str__(self) -> str:
        return str(self.nomination)


def ballot_path(instance: CouncilVote, filename: str) -> str:
    return f"ballots/{instance.session_id}/{uuid.uuid4().hex}.{instance.ballot_extension or 'bin'}"


class CouncilVote(models.Model):
    session = models.ForeignKey(
        CouncilSession, verbose_name="phiên họp", on_delete=models.CASCADE, related_name="votes"
    )
    nominee = models.ForeignKey(Nominee, verbose_name="người được đề nghị", on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="thành viên", on_delete=models.PROTECT, related_name="council_votes"
    )
    choice = models.CharField("biểu quyết", max_length=10, choices=VoteChoice.choices)
    in_writing = models.BooleanField("phiếu bằng văn bản (vắng mặt)", default=False)
    ballot = models.FileField("phiếu biểu quyết đã quét", upload_to=ballot_path, blank=True, max_length=300)
    ballot_extension = models.CharField(max_length=10, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người ghi nhận", on_delete=models.PROTECT, related_name="+"
    )
    cast_at = models.DateTimeField("thời điểm")

    class Meta:
        verbose_name = "phiếu biểu quyết"
        verbose_name_plural = "phiếu biểu quyết"
        constraints = [
            models.UniqueConstraint(fields=["session", "nominee", "member"], name="council_vote_once_per_member")
        ]

    def __str__(self) -> str:
        return f"{self.member} – {self.nominee}: {self.get_choice_display()}"


class DisputeStatus(models.TextChoices):
    OPEN = "open", "Đang khiếu nại"
    RECAST = "recast", "Thành viên đã tự biểu quyết lại"
    WITHDRAWN = "withdrawn", "Phiếu văn bản đã được rút"


class CouncilVoteDispute(models.Model):
    """A member's objection to a written vote the secretary recorded in his or her name."""

    session = models.ForeignKey(
        CouncilSession, verbose_name="phiên họp", on_delete=models.CASCADE, related_name="disputes"
    )
    nominee = models.ForeignKey(Nominee, verbose_name="người được đề nghị", on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="thành viên", on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField("lý do")
    status = models.CharField(
        "trạng thái", max_length=10, choices=DisputeStatus.choices, default=DisputeStatus.OPEN, db_index=True
    )
    opened_at = models.DateTimeField("khiếu nại lúc")
    resolved_at = models.DateTimeField("giải quyết lúc", null=True, blank=True)

    class Meta:
        verbose_name = "khiếu nại phiếu biểu quyết"
        verbose_name_plural = "khiếu nại phiếu biểu quyết"
        ordering = ["opened_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "nominee", "member"],
                condition=models.Q(status="open"),
                name="council_dispute_one_open_per_vote",
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} – {self.nominee}: {self.get_status_display()}"
