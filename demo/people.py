"""The people of the demo: the ward's officials and units, and the level above it, each with their roles."""

from __future__ import annotations

import datetime

from demo.catalogues import ADHOC_ATTACHMENTS, AWARD_KINDS, CITY_AWARD_KINDS, COMMENDATION_ATTACHMENTS, Ward, upsert
from demo.pki import seed_signing_keys
from nominations.models import (
    AwardKind,
    Campaign,
    Membership,
    OrganizationLevel,
    Role,
    Round,
    RoundKind,
    SignerPosition,
    Track,
    Unit,
    UnitKind,
    User,
)


def seed_city(ward: Ward, password: str, today: datetime.date) -> dict[str, User]:
    """The level above the ward hosted beside it, so the ward's proposals arrive there as files: Thành phố
    Long Xuyên for Mỹ Thạnh before 1/7/2025, tỉnh An Giang for Mỹ Thới since (no district level remains)."""
    upper = ward.organization.parent
    assert upper is not None
    on_the_2025_map = upper.level == OrganizationLevel.PROVINCE
    office = upsert(
        Unit,
        {"organization": upper, "name": "Sở Nội vụ tỉnh" if on_the_2025_map else "Phòng Nội vụ thành phố"},
        {"kind": UnitKind.BAN_NGANH},
    )
    upsert(
        Unit,
        {"organization": upper, "name": "UBND " + ward.organization.name[0].lower() + ward.organization.name[1:]},
        {"kind": UnitKind.UBND, "represents": ward.organization},
    )
    if on_the_2025_map:
        # Above the commune the Chairman of the province's People's Committee commends (Luật TĐKT 2022, Điều 74).
        upsert(
            AwardKind,
            {"code": "bang_khen_tinh"},
            {
                "name": "Bằng khen của Chủ tịch UBND tỉnh",
                "track": Track.COMMENDATION,
                "level": OrganizationLevel.PROVINCE,
                "nominee_kinds": ["individual", "collective", "household"],
                "required_attachments": COMMENDATION_ATTACHMENTS,
                "adhoc_required_attachments": ADHOC_ATTACHMENTS,
                "order": len(AWARD_KINDS) + len(CITY_AWARD_KINDS),
            },
        )
    campaign = upsert(
        Campaign,
        {"organization": upper, "plan_number": "" if on_the_2025_map else "1952/KH-UBND"},
        {
            "name": "Cả nước thi đua xây dựng xã hội học tập, đẩy mạnh học tập suốt đời giai đoạn 2023–2030",
            "plan_date": None if on_the_2025_map else datetime.date(2024, 3, 7),
            "start_year": 2023,
            "end_year": 2030,
        },
    )
    if not Round.objects.filter(campaign=campaign, year=today.year).exists():
        Round.objects.create(
            campaign=campaign,
            year=today.year,
            kind=RoundKind.ANNUAL,
            name=f"Xét khen thưởng cấp {'tỉnh' if on_the_2025_map else 'thành phố'} năm {today.year}",
            opens_on=min(datetime.date(today.year, 1, 1), today),
            closes_on=max(datetime.date(today.year, 12, 31), today + datetime.timedelta(days=30)),
        )
    users = {}
    for username, full_name, role in CITY_USERS:
        user, _ = User.objects.get_or_create(username=username, defaults={"full_name": full_name})
        user.set_password(password)
        user.save()
        Membership.objects.get_or_create(user=user, organization=upper, unit=office, role=role)
        users[username] = user
    return users


def seed_users(ward: Ward, password: str) -> dict[str, User]:
    users = {}
    for username, full_name, roles in USERS:
        user, _ = User.objects.get_or_create(username=username, defaults={"full_name": full_name})
        user.set_password(password)
        if username == "admin":
            user.is_staff = True
            user.is_superuser = True
        user.save()
        for role, unit_name in roles:
            Membership.objects.update_or_create(
                user=user,
                organization=ward.organization,
                unit=ward.units[unit_name] if unit_name else None,
                role=role,
                defaults={"position": POSITIONS.get(username, "")},
            )
        users[username] = user
    seed_signing_keys(
        ward.organization, [users[name] for name, _, roles in USERS if (Role.SIGNER, "UBND phường") in roles]
    )
    return users


# The demo's signer is a Vice-Chairman: his decisions read "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH".
POSITIONS = {"signer": SignerPosition.VICE_CHAIRMAN}


CITY_USERS: list[tuple[str, str, str]] = [
    ("city_reviewer", "Lâm Quốc Thẩm", Role.REVIEWER),
    ("city_secretary", "Mai Thị Thường", Role.SECRETARY),
]


# (username, full name, [(role, unit name or None)])
USERS: list[tuple[str, str, list[tuple[str, str | None]]]] = [
    ("admin", "Quản trị hệ thống", [(Role.ADMIN, None)]),
    ("reviewer", "Trần Văn Học", [(Role.REVIEWER, "Hội Khuyến học phường")]),
    ("secretary", "Lê Thị Thư", [(Role.SECRETARY, "Hội đồng Thi đua – Khen thưởng")]),
    (
        "chair",
        "Nguyễn Văn Chánh",
        [
            (Role.COUNCIL_CHAIR, "Hội đồng Thi đua – Khen thưởng"),
            (Role.COUNCIL_MEMBER, "Hội đồng Thi đua – Khen thưởng"),
        ],
    ),
    (
        "member1",
        "Phạm Thị Mai",
        [(Role.COUNCIL_MEMBER, "Hội đồng Thi đua – Khen thưởng"), (Role.MEMBER, "Hội Liên hiệp Phụ nữ phường")],
    ),
    ("member2", "Võ Văn Nam", [(Role.COUNCIL_MEMBER, "Hội đồng Thi đua – Khen thưởng")]),
    ("member3", "Huỳnh Thị Lan", [(Role.COUNCIL_MEMBER, "Hội đồng Thi đua – Khen thưởng")]),
    ("member4", "Đặng Văn Dũng", [(Role.COUNCIL_MEMBER, "Hội đồng Thi đua – Khen thưởng")]),
    ("signer", "Trương Minh Ký", [(Role.SIGNER, "UBND phường")]),
    ("broadcaster", "Lý Thị Thanh", [(Role.BROADCASTER, "Ban Văn hóa – Đài truyền thanh")]),
    ("supervisor", "Bùi Văn Giám", [(Role.SUPERVISOR, "Ủy ban MTTQ phường")]),
    ("unit1", "Ngô Thị Hồng", [(Role.SUBMITTER, "Hội Liên hiệp Phụ nữ phường")]),
    ("unit2", "Châu Văn Khóm", [(Role.SUBMITTER, "Khóm Đông Thạnh")]),
]
