"""The 2025 map (SPEC.md §7): phường Mỹ Thạnh, under Thành phố Long Xuyên until 30/6/2025, merged into
phường Mỹ Thới directly under tỉnh An Giang from 1/7/2025 by Nghị quyết 1654/NQ-UBTVQH15, which carries
the movement on. Documents signed before the merger keep Mỹ Thạnh's header; later ones are Mỹ Thới's."""

from __future__ import annotations

import datetime

from core import clock
from demo.catalogues import Ward, upsert
from nominations.models import Organization, OrganizationLevel, User
from workflows.succession import organization_merge

MERGED_ON = datetime.date(2025, 7, 1)
MERGER_ACT = {
    "act_number": "1654/NQ-UBTVQH15",
    "act_date": datetime.date(2025, 6, 16),
    "act_body": "Ủy ban Thường vụ Quốc hội",
}


def seed_the_merger(ward: Ward) -> Ward:
    """Record the merger as the administrator would, once; the ward then stands for the successor."""
    predecessor = ward.organization
    if predecessor.successor_id is not None or predecessor.name != "Phường Mỹ Thạnh":
        return ward
    city = predecessor.parent
    assert city is not None
    assert city.parent is not None
    province = city.parent
    successor = upsert(
        Organization,
        {"name": "Phường Mỹ Thới"},
        {
            "level": OrganizationLevel.WARD,
            "parent": province,
            "issuing_body": "ỦY BAN NHÂN DÂN PHƯỜNG MỸ THỚI",
            "place_name": "Mỹ Thới",
            "valid_from": MERGED_ON,
        },
    )
    # District-level units ended with the two-level local government; the city's work passed to the province.
    last_day = MERGED_ON - datetime.timedelta(days=1)
    Organization.objects.filter(pk=city.pk, valid_to__isnull=True).update(valid_to=last_day)
    with clock.replay_on(MERGED_ON):
        organization_merge(
            actor=ward.users["admin"],
            predecessor_id=predecessor.pk,
            successor_id=successor.pk,
            effective_on=MERGED_ON,
            move_people=True,
            **MERGER_ACT,
        )
    ward.organization = Organization.objects.get(pk=successor.pk)
    for unit in ward.units.values():
        unit.refresh_from_db()
    for round_ in ward.rounds.values():
        round_.refresh_from_db()
    # Fresh user objects: roles are read once per request and kept on the user.
    ward.users = {name: User.objects.get(pk=user.pk) for name, user in ward.users.items()}
    return ward
