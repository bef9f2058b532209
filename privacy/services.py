"""Recording reads of personal data by the roles that oversee files without owning them."""

from __future__ import annotations

from typing import Any

from nominations import access as permissions
from nominations.models import Role
from privacy.models import AccessLog

# Roles whose reads are logged: they see every submitted file of the organisation but change nothing,
# so the log is the only trace of what they looked at (DOMAIN.md, "Personal data").
LOGGED_ROLES = frozenset({Role.SUPERVISOR})


def access_log_record(*, actor: Any, nomination: Any, channel: str, client_ip: str | None = None) -> AccessLog | None:
    """Log the read when the reader holds a logged role in the file's organisation; None otherwise."""
    if not getattr(actor, "is_authenticated", False):
        return None
    roles = {
        grant.role
        for grant in permissions.grants_of(actor)
        if grant.organization_id == nomination.organization_id and grant.role in LOGGED_ROLES
    }
    if not roles:
        return None
    return AccessLog.objects.create(
        actor=actor, nomination_id=nomination.pk, role=sorted(roles)[0], channel=channel, client_ip=client_ip
    )
