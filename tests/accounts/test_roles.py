"""Role grants and withdrawals in the admin are entries of the person's roles chain in the audit log."""

from __future__ import annotations

from django.test import Client

from nominations.models import Membership, Role
from tests.accounts.otp import verified_login
from workflows.audit import roles_chain
from workflows.audit_integrity import audit_verify
from workflows.models import AuditEntry


def test_granting_changing_and_withdrawing_a_role_in_the_admin_is_chained(ward):
    client = Client()
    verified_login(client, ward.users["admin"])
    person = ward.users["unit2"]
    chain = roles_chain(person.pk)

    granted = client.post(
        "/admin/nominations/membership/add/",
        {"user": person.pk, "organization": ward.organization.pk, "role": Role.SIGNER, "unit": ""},
    )
    membership = Membership.objects.get(user=person, role=Role.SIGNER)
    changed = client.post(
        f"/admin/nominations/membership/{membership.pk}/change/",
        {"user": person.pk, "organization": ward.organization.pk, "role": Role.SUPERVISOR, "unit": ""},
    )
    removed = client.post(f"/admin/nominations/membership/{membership.pk}/delete/", {"post": "yes"})

    assert [r.status_code for r in (granted, changed, removed)] == [302, 302, 302]
    entries = list(AuditEntry.objects.filter(chain=chain).order_by("seq"))
    assert [(e.transition, e.target) for e in entries] == [
        ("role.granted", Role.SIGNER),
        ("role.changed", Role.SUPERVISOR),
        ("role.revoked", Role.SUPERVISOR),
    ]
    assert entries[1].details["before"]["role"] == Role.SIGNER
    assert all(e.actor_id == ward.users["admin"].pk for e in entries)
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert audit_verify().problems == []


def test_roles_given_on_the_persons_page_are_chained_too(ward):
    client = Client()
    verified_login(client, ward.users["admin"])
    person = ward.users["broadcaster"]
    existing = list(person.memberships.all())
    form = {
        "username": person.username,
        "full_name": person.full_name,
        "language": "vi",
        "is_active": "on",
        "date_joined_0": "01/01/2026",
        "date_joined_1": "00:00:00",
        "memberships-TOTAL_FORMS": str(len(existing) + 1),
        "memberships-INITIAL_FORMS": str(len(existing)),
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
    }
    for index, membership in enumerate(existing):
        form |= {
            f"memberships-{index}-id": membership.pk,
            f"memberships-{index}-user": person.pk,
            f"memberships-{index}-organization": membership.organization_id,
            f"memberships-{index}-unit": membership.unit_id or "",
            f"memberships-{index}-role": membership.role,
        }
    new = len(existing)
    form |= {
        f"memberships-{new}-user": person.pk,
        f"memberships-{new}-organization": ward.organization.pk,
        f"memberships-{new}-unit": "",
        f"memberships-{new}-role": Role.SUPERVISOR,
    }

    response = client.post(f"/admin/nominations/user/{person.pk}/change/", form)

    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    entry = AuditEntry.objects.get(chain=roles_chain(person.pk))
    assert (entry.transition, entry.target) == ("role.granted", Role.SUPERVISOR)
