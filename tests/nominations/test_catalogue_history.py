"""An administrator's edit of a catalogue row is kept with who made it and what it was before."""

from __future__ import annotations

import json
from decimal import Decimal

from django.forms.models import model_to_dict
from django.urls import reverse

from demo.catalogues import seed_award_tables
from nominations.models import Organization, PrizeCoefficient
from notifications.models import WebhookEndpoint
from tests.accounts.otp import verified_login


def _form_data(instance, **changes):
    """The change form as the admin page would post it back, with ``changes`` typed in."""
    data = {
        key: "" if value is None else json.dumps(value) if isinstance(value, dict) else value
        for key, value in model_to_dict(instance).items()
    }
    data.update(changes)
    return {key: value for key, value in data.items() if not isinstance(value, list | tuple)}


def test_a_coefficient_changed_in_the_admin_keeps_who_changed_it_and_the_old_value(client, ward):
    seed_award_tables(ward)
    admin_user = ward.users["admin"]
    verified_login(client, admin_user)
    coefficient = PrizeCoefficient.objects.filter(award_kind__code="giay_khen", nominee_kind="individual").get()
    before = coefficient.coefficient

    response = client.post(
        reverse("admin:nominations_prizecoefficient_change", args=[coefficient.pk]),
        _form_data(coefficient, coefficient="0.20", legal_source="Nghị định 152/2025/NĐ-CP"),
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    latest, previous = coefficient.history.all()[:2]
    assert (latest.history_type, latest.history_user, latest.coefficient) == ("~", admin_user, Decimal("0.20"))
    assert previous.coefficient == before
    assert [change.field for change in latest.diff_against(previous).changes] == ["coefficient", "legal_source"]
    page = client.get(reverse("admin:nominations_prizecoefficient_history", args=[coefficient.pk])).content.decode()
    assert "Lịch sử thay đổi" in page
    assert "Người thay đổi" in page
    assert admin_user.username in page


def test_a_quorum_changed_in_the_admin_is_traced(client, ward):
    admin_user = ward.users["admin"]
    verified_login(client, admin_user)
    organization = Organization.objects.get(pk=ward.organization.pk)

    response = client.post(
        reverse("admin:nominations_organization_change", args=[organization.pk]),
        _form_data(organization, quorum_numerator=3, quorum_denominator=4),
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    latest = organization.history.first()
    assert (latest.history_user, latest.quorum_numerator, latest.quorum_denominator) == (admin_user, 3, 4)
    assert latest.prev_record.quorum_numerator == 2


def test_a_webhook_gateways_history_never_holds_its_secret():
    assert "sealed_secret" not in {field.name for field in WebhookEndpoint.history.model._meta.get_fields()}
