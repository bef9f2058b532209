"""Granting and withdrawing roles: each change is an entry in the person's roles chain of the audit log."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from nominations.models import Membership
from workflows.audit import audit_record, roles_chain


def _details(membership: Membership) -> dict[str, Any]:
    return {
        "membership": membership.pk,
        "role": membership.role,
        "organization": membership.organization_id,
        "unit": membership.unit_id,
    }


def role_grant(*, actor: Any, membership: Membership, client_ip: str | None = None) -> Membership:
    """Save a new membership (built by a form or by hand) and record the grant."""
    with transaction.atomic():
        membership.save(force_insert=True)
        audit_record(
            chain=roles_chain(membership.user_id),
            event="role.granted",
            actor=actor,
            target=membership.role,
            details=_details(membership),
            client_ip=client_ip,
        )
    return membership


def role_change(*, actor: Any, membership: Membership, client_ip: str | None = None) -> Membership:
    """Save an edited membership; the entry keeps what it was and what it became."""
    with transaction.atomic():
        before = Membership.objects.select_for_update().get(pk=membership.pk)
        membership.save()
        if _details(before) != _details(membership) or before.user_id != membership.user_id:
            if before.user_id != membership.user_id:
                audit_record(
                    chain=roles_chain(before.user_id),
                    event="role.revoked",
                    actor=actor,
                    target=before.role,
                    details=_details(before),
                    client_ip=client_ip,
                )
            audit_record(
                chain=roles_chain(membership.user_id),
                event="role.changed" if before.user_id == membership.user_id else "role.granted",
                actor=actor,
                target=membership.role,
                details={**_details(membership), "before": _details(before)},
                client_ip=client_ip,
            )
    return membership


def role_revoke(*, actor: Any, membership: Membership, client_ip: str | None = None) -> None:
    with transaction.atomic():
        locked = Membership.objects.select_for_update().filter(pk=membership.pk).first()
        if locked is None:
            return
        details = _details(locked)
        locked.delete()
        audit_record(
            chain=roles_chain(locked.user_id),
            event="role.revoked",
            actor=actor,
            target=locked.role,
            details=details,
            client_ip=client_ip,
        )
