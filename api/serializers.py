"""The shapes of API.md, version 1. Serializers validate input and present output; services write."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from nominations import access as permissions
from nominations.models import (
    Attachment,
    AttachmentKind,
    AwardKind,
    Nomination,
    Nominee,
    NomineeKind,
    Round,
    Unit,
)
from workflows.flows import review_stage
from workflows.models import AuditEntry
from workflows.quotas import quota_use

# Roles that need nominees' personal details (DOMAIN.md, "Personal data").


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField()
    password = serializers.CharField(trim_whitespace=False, style={"input_type": "password"})


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()


class UnitRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    full_name = serializers.CharField()
    organization = serializers.CharField(allow_null=True)
    unit = UnitRefSerializer(allow_null=True)
    roles = serializers.ListField(child=serializers.CharField())
    language = serializers.CharField()


class RoundSerializer(serializers.ModelSerializer):
    is_open = serializers.BooleanField(read_only=True)

    class Meta:
        model = Round
        fields = ["id", "name", "kind", "year", "opens_on", "closes_on", "is_open"]


class AwardKindSerializer(serializers.ModelSerializer):
    nominee_kinds = serializers.ListField(child=serializers.ChoiceField(choices=NomineeKind.choices))
    required_attachments = serializers.ListField(child=serializers.CharField())

    class Meta:
        model = AwardKind
        fields = ["id", "code", "name", "track", "nominee_kinds", "required_attachments"]


class UnitSerializer(serializers.ModelSerializer):
    class Meta:
        model = Unit
        fields = ["id", "name", "kind", "parent"]


class NomineeDetailsSerializer(serializers.Serializer):
    honorific = serializers.CharField(required=False, allow_blank=True)
    gender = serializers.CharField(required=False, allow_blank=True)
    birth_year = serializers.IntegerField(required=False, allow_null=True)
    birth_date = serializers.DateField(required=False, allow_null=True)
    ethnicity = serializers.CharField(required=False, allow_blank=True)
    position = serializers.CharField(required=False, allow_blank=True)
    unit_name = serializers.CharField(required=False, allow_blank=True)
    address = serializers.CharField(required=False, allow_blank=True)
    citizen_id = serializers.CharField(required=False, allow_blank=True)
    staff_category = serializers.CharField(required=False, allow_blank=True)
    collective_type = serializers.CharField(required=False, allow_blank=True)
    parent_body = serializers.CharField(required=False, allow_blank=True)


class NomineeInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=NomineeKind.choices)
    name = serializers.CharField(max_length=300)
    details = serializers.DictField(required=False, default=dict)
    achievements = serializers.CharField(required=False, allow_blank=True, default="")


class NominationCreateSerializer(serializers.Serializer):
    round = serializers.PrimaryKeyRelatedField(queryset=Round.objects.select_related("campaign"))
    award_kind = serializers.SlugRelatedField(slug_field="code", queryset=AwardKind.objects.all())
    title = serializers.CharField(max_length=300)
    summary = serializers.CharField(required=False, allow_blank=True, default="")
    nominees = NomineeInputSerializer(many=True, required=False, default=list)
    unit = serializers.IntegerField(required=False, help_text="Only for a submitter of several units.")
    is_adhoc = serializers.BooleanField(required=False, default=False)
    needs_consultation = serializers.BooleanField(required=False, default=False)


class NominationUpdateSerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False)
    title = serializers.CharField(max_length=300, required=False)
    summary = serializers.CharField(required=False, allow_blank=True)
    nominees = NomineeInputSerializer(many=True, required=False)
    is_adhoc = serializers.BooleanField(required=False)
    needs_consultation = serializers.BooleanField(required=False)
    proposal_number = serializers.CharField(
        max_length=30, required=False, allow_blank=True, help_text="the unit's tờ trình number, e.g. 12/TTr-HPN"
    )
    proposal_date = serializers.DateField(required=False, allow_null=True)


class TransitionRequestSerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False, help_text="The version the client last saw; required.")
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


class EscalationRequestSerializer(serializers.Serializer):
    award_kind = serializers.CharField(help_text="code of the parent organisation's award kind")
    title = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


class EscalationSerializer(serializers.ModelSerializer):
    organization = serializers.CharField(source="organization.name")

    class Meta:
        model = Nomination
        fields = ["id", "reference", "organization", "status", "proposal_number"]


class AttachmentUploadSerializer(serializers.Serializer):
    file = serializers.FileField()
    kind = serializers.ChoiceField(choices=AttachmentKind.choices)


class NomineeSerializer(serializers.ModelSerializer):
    details = serializers.SerializerMethodField()

    class Meta:
        model = Nominee
        fields = ["id", "kind", "name", "result", "result_reason", "achievements", "details"]

    @extend_schema_field(NomineeDetailsSerializer)
    def get_details(self, nominee: Nominee) -> dict[str, Any]:
        details: dict[str, Any] = {
            "honorific": nominee.honorific,
            "gender": nominee.gender,
            "birth_year": nominee.birth_year,
            "position": nominee.position,
            "unit_name": nominee.unit_name,
            "address": nominee.address,
            "staff_category": nominee.staff_category,
            "collective_type": nominee.collective_type,
            "parent_body": nominee.parent_body,
        }
        if self.context.get("show_personal_data"):
            details.update(birth_date=nominee.birth_date, ethnicity=nominee.ethnicity, citizen_id=nominee.citizen_id)
        return details


class AttachmentSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="original_name")
    url = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = ["id", "kind", "name", "content_type", "size", "sha256", "uploaded_at", "url"]

    def get_url(self, attachment: Attachment) -> str:
        path = reverse("api:nomination-attachment", args=[attachment.nomination_id, attachment.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class HistorySerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor_name")

    class Meta:
        model = AuditEntry
        fields = ["transition", "source", "target", "actor", "at", "comment"]


class NominationSummarySerializer(serializers.ModelSerializer):
    round = serializers.IntegerField(source="round_id")
    award_kind = serializers.CharField(source="award_kind.code")
    unit = serializers.IntegerField(source="unit_id")
    unit_name = serializers.CharField(source="unit.name")
    nominee_count = serializers.SerializerMethodField()
    available_transitions = serializers.SerializerMethodField()

    class Meta:
        model = Nomination
        fields = [
            "id",
            "reference",
            "round",
            "award_kind",
            "unit",
            "unit_name",
            "status",
            "version",
            "title",
            "due_on",
            "nominee_count",
            "available_transitions",
            "submitted_at",
            "created_at",
        ]

    def get_nominee_count(self, nomination: Nomination) -> int:
        annotated = getattr(nomination, "nominee_count", None)
        return annotated if annotated is not None else nomination.nominees.count()

    def get_available_transitions(self, nomination: Nomination) -> list[str]:
        return permissions.available_transitions(self.context["request"].user, nomination)


class ReviewSerializer(serializers.Serializer):
    step = serializers.ChoiceField(choices=["assign", "appraise", "decision"], allow_null=True)
    officer = serializers.CharField(allow_null=True)
    proposal = serializers.CharField(allow_null=True)
    opinion = serializers.CharField()
    sent_back_note = serializers.CharField()


class QuotaSerializer(serializers.Serializer):
    max_awards = serializers.IntegerField()
    used = serializers.IntegerField()
    left = serializers.IntegerField()


class NominationDetailSerializer(NominationSummarySerializer):
    nominees = serializers.SerializerMethodField()
    attachments = AttachmentSerializer(many=True, read_only=True)
    history = HistorySerializer(source="audit_entries", many=True, read_only=True)
    escalations = EscalationSerializer(many=True, read_only=True)
    quota = serializers.SerializerMethodField()
    review = serializers.SerializerMethodField()

    class Meta(NominationSummarySerializer.Meta):
        fields = [
            *NominationSummarySerializer.Meta.fields,
            "summary",
            "is_adhoc",
            "needs_consultation",
            "nominees",
            "attachments",
            "history",
            "escalated_from",
            "proposal_number",
            "proposal_date",
            "escalations",
            "quota",
            "review",
        ]

    @extend_schema_field(ReviewSerializer(allow_null=True))
    def get_review(self, nomination: Nomination) -> dict[str, Any] | None:
        """Where the file is inside review when its organisation reviews in steps, and who holds it."""
        stage = review_stage(nomination)
        assignment = getattr(nomination, "review_assignment", None)
        if stage is None and assignment is None:
            return None
        return {
            "step": stage,
            "officer": assignment.officer.username if assignment else None,
            "proposal": (assignment.proposal or None) if assignment else None,
            "opinion": assignment.opinion if assignment else "",
            "sent_back_note": assignment.sent_back_note if assignment else "",
        }

    @extend_schema_field(QuotaSerializer(allow_null=True))
    def get_quota(self, nomination: Nomination) -> dict[str, int] | None:
        """The round's cap for this unit and award kind, and the places the unit's other files hold."""
        use = quota_use(nomination)
        if use is None:
            return None
        return {"max_awards": use.max_awards, "used": use.used, "left": use.left}

    @extend_schema_field(NomineeSerializer(many=True))
    def get_nominees(self, nomination: Nomination) -> list[dict[str, Any]]:
        show = permissions.sees_personal_data(self.context["request"].user, nomination)
        return NomineeSerializer(nomination.nominees.all(), many=True, context={"show_personal_data": show}).data  # type: ignore[return-value]
