"""The ward's catalogues: organisation, units, rounds, award kinds and their criteria, prize tables."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from nominations.legal_bases import seed_legal_bases
from nominations.models import (
    AwardKind,
    BaseSalary,
    Campaign,
    CriteriaSet,
    Criterion,
    LegalBasis,
    Organization,
    OrganizationLevel,
    Phase,
    PrizeCoefficient,
    Produces,
    Round,
    RoundKind,
    Track,
    Unit,
    UnitKind,
    User,
)

AWARD_KINDS = [
    ("giay_khen", "Giấy khen của Chủ tịch UBND phường", Track.COMMENDATION, ["individual", "collective", "household"]),
    (
        "tuyen_duong_phat_thanh",
        "Tuyên dương trên hệ thống phát thanh phường",
        Track.COMMENDATION,
        ["individual", "collective", "household"],
    ),
    ("cong_dan_hoc_tap", "Công dân học tập", Track.TITLE, ["individual"]),
    ("gia_dinh_hoc_tap", "Gia đình học tập", Track.TITLE, ["household"]),
    ("dong_ho_hoc_tap", "Dòng họ học tập", Track.TITLE, ["clan"]),
    ("don_vi_hoc_tap", "Đơn vị học tập", Track.TITLE, ["unit", "collective"]),
    ("cong_dong_hoc_tap", "Cộng đồng học tập cấp khóm", Track.TITLE, ["community"]),
]

# Awards above the ward's authority, proposed to the city by tờ trình (Luật Thi đua, khen thưởng, Điều 83).
CITY_AWARD_KINDS = [
    (
        "giay_khen_thanh_pho",
        "Giấy khen của Chủ tịch UBND thành phố",
        Track.COMMENDATION,
        ["individual", "collective", "household"],
    ),
]


UNITS = [
    ("Hội Khuyến học phường", UnitKind.HOI_KHUYEN_HOC),
    ("Trung tâm học tập cộng đồng phường", UnitKind.TT_HTCD),
    ("Hội đồng Thi đua – Khen thưởng", UnitKind.HOI_DONG_TDKT),
    ("UBND phường", UnitKind.UBND),
    ("Ban Văn hóa – Đài truyền thanh", UnitKind.VAN_HOA),
    ("Ủy ban MTTQ phường", UnitKind.MTTQ),
    ("Hội Liên hiệp Phụ nữ phường", UnitKind.DOAN_THE),
    ("Đoàn Thanh niên phường", UnitKind.DOAN_THE),
    ("Hội Cựu chiến binh phường", UnitKind.DOAN_THE),
    ("Công an phường", UnitKind.BAN_NGANH),
    ("Trường Tiểu học Mỹ Thạnh", UnitKind.TRUONG_HOC),
    ("Trường THCS Mỹ Thạnh", UnitKind.TRUONG_HOC),
    ("Công ty TNHH Thực phẩm Mỹ Thạnh", UnitKind.DOANH_NGHIEP),
    ("Khóm Đông Thạnh", UnitKind.KHOM),
    ("Khóm Tây Khánh", UnitKind.KHOM),
]


@dataclass
class Ward:
    organization: Organization
    units: dict[str, Unit]
    rounds: dict[str, Round]
    award_kinds: dict[str, AwardKind]
    users: dict[str, User]


def upsert(model: type[Any], lookup: dict[str, Any], defaults: dict[str, Any]) -> Any:
    obj, _ = model.objects.get_or_create(**lookup, defaults=defaults)
    return obj


def seed_catalogues(today: datetime.date) -> Ward:
    # The Law and decrees cited by date; also seeded by migration, repeated here for databases flushed since.
    seed_legal_bases(LegalBasis)
    province = upsert(
        Organization,
        {"name": "Tỉnh An Giang"},
        {
            "level": OrganizationLevel.PROVINCE,
            "issuing_body": "ỦY BAN NHÂN DÂN TỈNH AN GIANG",
            "place_name": "An Giang",
        },
    )
    city = upsert(
        Organization,
        {"name": "Thành phố Long Xuyên"},
        {
            "level": OrganizationLevel.CITY,
            "parent": province,
            "issuing_body": "ỦY BAN NHÂN DÂN THÀNH PHỐ LONG XUYÊN",
            "parent_body": "ỦY BAN NHÂN DÂN TỈNH AN GIANG",
            "place_name": "Long Xuyên",
        },
    )
    ward = upsert(
        Organization,
        {"name": "Phường Mỹ Thạnh"},
        {
            "level": OrganizationLevel.WARD,
            "parent": city,
            "issuing_body": "ỦY BAN NHÂN DÂN PHƯỜNG MỸ THẠNH",
            "parent_body": "ỦY BAN NHÂN DÂN THÀNH PHỐ LONG XUYÊN",
            # Nghị định 30/2020, Phụ lục I: a commune-level body's documents are dated at the commune's name.
            "place_name": "Mỹ Thạnh",
        },
    )
    # Once merged (demo.world records the 2025 merger), the successor carries the movement's catalogues on.
    while ward.successor_id is not None:
        ward = Organization.objects.get(pk=ward.successor_id)
    units = {name: upsert(Unit, {"organization": ward, "name": name}, {"kind": kind}) for name, kind in UNITS}
    campaign = upsert(
        Campaign,
        {"organization": ward, "plan_number": "244/KH-UBND"},
        {
            "name": "Cả nước thi đua xây dựng xã hội học tập, đẩy mạnh học tập suốt đời giai đoạn 2023–2030",
            "plan_date": datetime.date(2024, 3, 15),
            "start_year": 2023,
            "end_year": 2030,
        },
    )
    phase1 = upsert(
        Phase,
        {"campaign": campaign, "start_year": 2023},
        {"name": "Giai đoạn 1: 2023–2025 (sơ kết)", "end_year": 2025, "review_kind": "interim"},
    )
    phase2 = upsert(
        Phase,
        {"campaign": campaign, "start_year": 2025},
        {"name": "Giai đoạn 2: 2025–2030 (tổng kết)", "end_year": 2030, "review_kind": "final"},
    )
    rounds: dict[str, Round] = {}
    for year in (2024, 2025):
        if year >= today.year:
            continue
        rounds[str(year)] = upsert(
            Round,
            {"campaign": campaign, "year": year, "kind": RoundKind.ANNUAL},
            {
                "name": f"Xét khen thưởng năm {year}",
                "phase": phase1,
                "opens_on": datetime.date(year, 1, 15),
                "closes_on": datetime.date(year, 11, 30),
                "report_due_on": datetime.date(year, 11, 15),
            },
        )
    current = Round.objects.filter(campaign=campaign, year=today.year, kind=RoundKind.ANNUAL).first()
    opens_on = min(datetime.date(today.year, 1, 1), today)
    closes_on = max(datetime.date(today.year, 12, 31), today + datetime.timedelta(days=30))
    if current is None:
        current = Round.objects.create(
            campaign=campaign,
            year=today.year,
            kind=RoundKind.ANNUAL,
            name=f"Xét khen thưởng năm {today.year}",
            phase=phase2 if today.year > 2025 else phase1,
            opens_on=opens_on,
            closes_on=closes_on,
            report_due_on=datetime.date(today.year, 11, 15),
        )
    rounds["current"] = current
    award_kinds = {}
    for order, (code, name, track, kinds) in enumerate(AWARD_KINDS):
        required = COMMENDATION_ATTACHMENTS
        produces = Produces.RECOGNITION if track == Track.TITLE else Produces.CERTIFICATE
        if code == "tuyen_duong_phat_thanh":
            produces = Produces.BROADCAST
        award_kinds[code] = upsert(
            AwardKind,
            {"code": code},
            {
                "name": name,
                "track": track,
                "produces": produces,
                "nominee_kinds": kinds,
                "required_attachments": required,
                "adhoc_required_attachments": ADHOC_ATTACHMENTS,
                "order": order,
            },
        )
    for order, (code, name, track, kinds) in enumerate(CITY_AWARD_KINDS, start=len(AWARD_KINDS)):
        upsert(
            AwardKind,
            {"code": code},
            {
                "name": name,
                "track": track,
                "level": OrganizationLevel.CITY,
                "nominee_kinds": kinds,
                "required_attachments": COMMENDATION_ATTACHMENTS,
                "adhoc_required_attachments": ADHOC_ATTACHMENTS,
                "order": order,
            },
        )
    seed_criteria(award_kinds)
    return Ward(ward, units, rounds, award_kinds, {})


def seed_criteria(award_kinds: dict[str, AwardKind]) -> None:
    checklist = CriteriaSet.objects.get_or_create(
        award_kind=award_kinds["giay_khen"],
        year=2024,
        defaults={
            "source_decision": "Quy định khen thưởng của UBND thành phố (cần cập nhật)",
            "is_unverified_default": True,
        },
    )[0]
    for order, (code, text) in enumerate(
        [
            ("1", "Hoàn thành tốt nhiệm vụ được giao; có thành tích tiêu biểu trong phong trào."),
            ("2", "Gương mẫu chấp hành chủ trương của Đảng, chính sách, pháp luật của Nhà nước."),
        ]
    ):
        Criterion.objects.get_or_create(
            criteria_set=checklist, code=code, defaults={"text": text, "mandatory": True, "order": order}
        )


BASE_SALARIES = [(2_340_000, datetime.date(2024, 7, 1), "Nghị định 73/2024/NĐ-CP")]


# (award kind, nominee kind, coefficient, legal source, verified against the regulation)
PRIZE_COEFFICIENTS = [
    ("giay_khen", "individual", "0.3", "Nghị định 152/2025/NĐ-CP (Giấy khen tặng cá nhân)", True),
    ("giay_khen", "collective", "0.6", "Giá trị mặc định – cần đối chiếu văn bản hiện hành", False),
    ("giay_khen", "household", "0.3", "Giá trị mặc định – cần đối chiếu văn bản hiện hành", False),
]


def seed_award_tables(ward: Ward) -> None:
    """The base salary and prize coefficients as data an administrator maintains."""
    for amount, effective_from, source in BASE_SALARIES:
        BaseSalary.objects.get_or_create(
            effective_from=effective_from, defaults={"amount": amount, "legal_source": source}
        )
    for award, nominee_kind, coefficient, source, verified in PRIZE_COEFFICIENTS:
        PrizeCoefficient.objects.get_or_create(
            award_kind=ward.award_kinds[award],
            nominee_kind=nominee_kind,
            defaults={"coefficient": coefficient, "legal_source": source, "is_unverified_default": not verified},
        )


COMMENDATION_ATTACHMENTS = ["proposal", "minutes", "achievement_report"]


ADHOC_ATTACHMENTS = ["proposal", "achievement_report"]
