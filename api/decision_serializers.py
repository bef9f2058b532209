"""Shapes of API.md "Council" and "Decisions and certificates"."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from awards.digital_signature import certificate_signature_report, decision_signature_report
from awards.documents import verify_url
from council.tally import SessionTally, tally_visible_to
from nominations.models import (
    Broadcast,
    Certificate,
    CouncilSession,
    Decision,
    DecisionStatus,
    RevocationGround,
    VoteChoice,
)


class CouncilSessionCreateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=300)
    held_on = serializers.DateField()
    nominations = serializers.ListField(child=serializers.UUIDField(), allow_empty=False)


_HIDDEN = "null for everyone but the chair and the secretary while the session is open."


class CouncilItemSerializer(serializers.Serializer):
    nominee = serializers.IntegerField()
    nomination = serializers.UUIDField()
    name = serializers.CharField()
    agree = serializers.IntegerField(allow_null=True, help_text=_HIDDEN)
    disagree = serializers.IntegerField(allow_null=True, help_text=_HIDDEN)
    abstain = serializers.IntegerField(allow_null=True, help_text=_HIDDEN)
    recused = serializers.ListField(child=serializers.CharField())
    result = serializers.CharField(help_text="The nominee's result; pending until the session closes.")
    projected_result = serializers.CharField(
        allow_null=True, help_text="What closing now would decide for this nominee. " + _HIDDEN
    )


class CouncilSessionSerializer(serializers.ModelSerializer):
    nominations = serializers.SerializerMethodField()
    members = serializers.SerializerMethodField()
    chair = serializers.SerializerMethodField()
    present = serializers.SerializerMethodField()
    quorum = serializers.SerializerMethodField()
    quorum_met = serializers.SerializerMethodField()
    items = serializers.SerializerMethodField()

    class Meta:
        model = CouncilSession
        fields = [
            "id",
            "title",
            "held_on",
            "status",
            "nominations",
            "members",
            "chair",
            "present",
            "quorum",
            "quorum_met",
            "items",
            "created_at",
            "closed_at",
        ]

    def _tally(self) -> SessionTally:
        return self.context["tally"]  # type: ignore[no-any-return]

    @extend_schema_field(serializers.ListField(child=serializers.UUIDField()))
    def get_nominations(self, session: CouncilSession) -> list[str]:
        return [str(pk) for pk in session.agenda.values_list("nomination_id", flat=True)]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_members(self, session: CouncilSession) -> list[str]:
        return [m.username for m in self._tally().members]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_chair(self, session: CouncilSession) -> str | None:
        return session.chair.username if session.chair else None

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_present(self, session: CouncilSession) -> list[str]:
        tally = self._tally()
        return [m.username for m in tally.members if m.pk in tally.present]

    def get_quorum(self, session: CouncilSession) -> int:
        return self._tally().quorum

    def get_quorum_met(self, session: CouncilSession) -> bool:
        return self._tally().quorum_met

    @extend_schema_field(CouncilItemSerializer(many=True))
    def get_items(self, session: CouncilSession) -> list[dict[str, Any]]:
        shown = tally_visible_to(self.context["request"].user, session)
        return [
            {
                "nominee": item.nominee.pk,
                "nomination": str(item.nominee.nomination_id),
                "name": item.nominee.name,
                "agree": item.agree if shown else None,
                "disagree": item.disagree if shown else None,
                "abstain": item.abstain if shown else None,
                "recused": [m.username for m in item.recused],
                "result": item.nominee.result,
                "projected_result": item.outcome if shown else None,
            }
            for item in self._tally().items
        ]


class VoteRequestSerializer(serializers.Serializer):
    nominee = serializers.IntegerField()
    choice = serializers.ChoiceField(choices=VoteChoice.choices)
    member = serializers.CharField(
        required=False,
        help_text="Secretary only: the username of an absent member whose written vote is recorded.",
    )
    ballot = serializers.FileField(required=False, help_text="The scanned written ballot (PDF, JPEG or PNG).")


class DisputeRequestSerializer(serializers.Serializer):
    nominee = serializers.IntegerField()
    reason = serializers.CharField(allow_blank=True, max_length=2000)


class WrittenVoteWithdrawSerializer(serializers.Serializer):
    nominee = serializers.IntegerField()
    member = serializers.CharField(max_length=150)


class DisputeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    nominee = serializers.IntegerField(source="nominee_id")
    member = serializers.CharField(source="member.username")
    reason = serializers.CharField()
    status = serializers.CharField()
    opened_at = serializers.DateTimeField()


class VoteSerializer(serializers.Serializer):
    nominee = serializers.IntegerField(source="nominee_id")
    member = serializers.CharField(source="member.username")
    choice = serializers.CharField()
    in_writing = serializers.BooleanField()
    cast_at = serializers.DateTimeField()


class DecisionCreateSerializer(serializers.Serializer):
    nominations = serializers.ListField(child=serializers.UUIDField(), allow_empty=False)
    summary = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


class DecisionSerializer(serializers.ModelSerializer):
    number = serializers.CharField(source="number_text", allow_blank=True)
    award_kind = serializers.SlugRelatedField(slug_field="code", read_only=True)
    nominations = serializers.SerializerMethodField()
    signed_by = serializers.SerializerMethodField()
    signed_for = serializers.SerializerMethodField()
    drafted_by = serializers.CharField(source="drafted_by.username")
    revoked_certificate = serializers.PrimaryKeyRelatedField(read_only=True)
    certificates = serializers.SerializerMethodField()
    signature = serializers.SerializerMethodField(
        help_text=(
            "How the decision was signed: kind digital (the stored PDF carries the signer's and the organisation's "
            "signatures) or paper (the signed original's scan is recorded); on the decision itself and in the "
            "sign response also whether each signature is intact and trusted, who signed and when"
        )
    )

    class Meta:
        model = Decision
        fields = [
            "id",
            "kind",
            "status",
            "number",
            "summary",
            "award_kind",
            "nominations",
            "signed_on",
            "signed_by",
            "signed_for",
            "drafted_by",
            "issued_on",
            "revoked_certificate",
            "revocation_ground",
            "revocation_reason",
            "certificates",
            "signature",
            "created_at",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.UUIDField()))
    def get_nominations(self, decision: Decision) -> list[str]:
        return [str(pk) for pk in decision.items.values_list("nomination_id", flat=True)]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_signed_by(self, decision: Decision) -> str | None:
        return decision.signed_by.username if decision.signed_by else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_signed_for(self, decision: Decision) -> str | None:
        """The signer a substitute signed for ("KT."), or null when the signer signed in person."""
        return decision.signed_for.username if decision.signed_for else None

    def get_certificates(self, decision: Decision) -> int:
        return decision.certificates.count()

    @extend_schema_field(serializers.DictField(allow_null=True))
    def get_signature(self, decision: Decision) -> dict[str, Any] | None:
        if decision.status == DecisionStatus.DRAFT:
            return None
        if self.context.get("signature_report"):
            return decision_signature_report(decision)
        return {"kind": decision.signature_kind or None}


class CertificateSerializer(serializers.ModelSerializer):
    register_number = serializers.CharField()
    award_kind = serializers.CharField(source="award_kind.code")
    decision = serializers.IntegerField(source="decision_id")
    decision_number = serializers.CharField(source="decision.number_text")
    nomination = serializers.UUIDField(source="nominee.nomination_id")
    nominee = serializers.IntegerField(source="nominee_id")
    verify_url = serializers.SerializerMethodField()
    signatures = serializers.SerializerMethodField(
        help_text="on the certificate itself: its own signatures and how its decision was signed (null in lists)"
    )

    class Meta:
        model = Certificate
        fields = [
            "id",
            "register_number",
            "recipient",
            "award_kind",
            "decision",
            "decision_number",
            "nomination",
            "nominee",
            "prize_amount",
            "issued_on",
            "verify_url",
            "status",
            "revoked_on",
            "recovery_amount",
            "certificate_recovered_on",
            "money_recovered_on",
            "signatures",
        ]

    def get_verify_url(self, certificate: Certificate) -> str:
        return verify_url(certificate.verification_code)

    @extend_schema_field(serializers.DictField(allow_null=True))
    def get_signatures(self, certificate: Certificate) -> dict[str, Any] | None:
        return certificate_signature_report(certificate) if self.context.get("signature_report") else None


class DecisionSignSerializer(serializers.Serializer):
    """Empty where the application numbers; the register's number and date where the văn thư gives them."""

    number = serializers.CharField(max_length=50, required=False, allow_blank=True)
    signed_on = serializers.DateField(required=False, allow_null=True)
    signer = serializers.CharField(max_length=150, required=False, allow_blank=True, help_text="username")
    signed_scan = serializers.FileField(
        required=False,
        help_text=(
            "the scan (PDF, JPEG or PNG) of the paper original signed and stamped; required where the signer holds "
            "no registered signing key, and when the văn thư records a decision signed elsewhere"
        ),
    )


class RecoveredRequestSerializer(serializers.Serializer):
    certificate_on = serializers.DateField(required=False, allow_null=True, help_text="ngày thu hồi giấy khen")
    money_on = serializers.DateField(required=False, allow_null=True, help_text="ngày thu hồi tiền thưởng")


class RevokeRequestSerializer(serializers.Serializer):
    ground = serializers.ChoiceField(choices=RevocationGround.choices)
    reason = serializers.CharField(max_length=5000)


class BroadcastSerializer(serializers.ModelSerializer):
    decision_number = serializers.CharField(source="decision.number_text")
    aired_by = serializers.SerializerMethodField()

    class Meta:
        model = Broadcast
        fields = ["id", "decision", "decision_number", "script", "air_on", "status", "aired_at", "aired_by"]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_aired_by(self, broadcast: Broadcast) -> str | None:
        return broadcast.aired_by.username if broadcast.aired_by else None
