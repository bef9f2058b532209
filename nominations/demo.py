"""Phường Mỹ Thạnh as the demo shows it (SPEC.md §7): catalogues, people, and files in every state."""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from workflows import clock
from workflows.services import nomination_transition

from . import services
from .models import (
    AwardKind,
    Campaign,
    CriteriaSet,
    Criterion,
    Membership,
    Nomination,
    Organization,
    OrganizationLevel,
    Phase,
    Role,
    Round,
    RoundKind,
    Track,
    Unit,
    UnitKind,
    User,
)

COMMENDATION_ATTACHMENTS = ["proposal", "minutes", "achievement_report"]
ADHOC_ATTACHMENTS = ["proposal", "achievement_report"]

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

# A minimal, valid one-page PDF: demo attachments are real files, accepted by content.
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


@dataclass
class Ward:
    organization: Organization
    units: dict[str, Unit]
    rounds: dict[str, Round]
    award_kinds: dict[str, AwardKind]
    users: dict[str, User]


def _upsert(model: type[Any], lookup: dict[str, Any], defaults: dict[str, Any]) -> Any:
    obj, _ = model.objects.get_or_create(**lookup, defaults=defaults)
    return obj


def seed_catalogues(today: datetime.date) -> Ward:
    province = _upsert(
        Organization,
        {"name": "Tỉnh An Giang"},
        {
            "level": OrganizationLevel.PROVINCE,
            "issuing_body": "ỦY BAN NHÂN DÂN TỈNH AN GIANG",
            "place_name": "An Giang",
        },
    )
    city = _upsert(
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
    ward = _upsert(
        Organization,
        {"name": "Phường Mỹ Thạnh"},
        {
            "level": OrganizationLevel.WARD,
            "parent": city,
            "issuing_body": "ỦY BAN NHÂN DÂN PHƯỜNG MỸ THẠNH",
            "parent_body": "ỦY BAN NHÂN DÂN THÀNH PHỐ LONG XUYÊN",
            "place_name": "Long Xuyên",
        },
    )
    units = {name: _upsert(Unit, {"organization": ward, "name": name}, {"kind": kind}) for name, kind in UNITS}
    campaign = _upsert(
        Campaign,
        {"organization": ward, "plan_number": "244/KH-UBND"},
        {
            "name": "Cả nước thi đua xây dựng xã hội học tập, đẩy mạnh học tập suốt đời giai đoạn 2023–2030",
            "plan_date": datetime.date(2024, 3, 15),
            "start_year": 2023,
            "end_year": 2030,
        },
    )
    phase1 = _upsert(
        Phase,
        {"campaign": campaign, "start_year": 2023},
        {"name": "Giai đoạn 1: 2023–2025 (sơ kết)", "end_year": 2025, "review_kind": "interim"},
    )
    phase2 = _upsert(
        Phase,
        {"campaign": campaign, "start_year": 2025},
        {"name": "Giai đoạn 2: 2025–2030 (tổng kết)", "end_year": 2030, "review_kind": "final"},
    )
    rounds: dict[str, Round] = {}
    for year in (2024, 2025):
        if year >= today.year:
            continue
        rounds[str(year)] = _upsert(
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
        award_kinds[code] = _upsert(
            AwardKind,
            {"code": code},
            {
                "name": name,
                "track": track,
                "nominee_kinds": kinds,
                "required_attachments": required,
                "adhoc_required_attachments": ADHOC_ATTACHMENTS,
                "order": order,
            },
        )
    for order, (code, name, track, kinds) in enumerate(CITY_AWARD_KINDS, start=len(AWARD_KINDS)):
        _upsert(
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
    _seed_default_criteria(award_kinds)
    return Ward(ward, units, rounds, award_kinds, {})


def _seed_default_criteria(award_kinds: dict[str, AwardKind]) -> None:
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


CITY_USERS: list[tuple[str, str, str]] = [
    ("city_reviewer", "Lâm Quốc Thẩm", Role.REVIEWER),
    ("city_secretary", "Mai Thị Thường", Role.SECRETARY),
]


def seed_city(ward: Ward, password: str, today: datetime.date) -> dict[str, User]:
    """Thành phố Long Xuyên hosted beside the ward, so the ward's proposals to the city arrive as files."""
    city = ward.organization.parent
    assert city is not None
    office = _upsert(Unit, {"organization": city, "name": "Phòng Nội vụ thành phố"}, {"kind": UnitKind.BAN_NGANH})
    _upsert(
        Unit,
        {"organization": city, "name": "UBND phường Mỹ Thạnh"},
        {"kind": UnitKind.UBND, "represents": ward.organization},
    )
    campaign = _upsert(
        Campaign,
        {"organization": city, "plan_number": "1952/KH-UBND"},
        {
            "name": "Cả nước thi đua xây dựng xã hội học tập, đẩy mạnh học tập suốt đời giai đoạn 2023–2030",
            "plan_date": datetime.date(2024, 3, 7),
            "start_year": 2023,
            "end_year": 2030,
        },
    )
    if not Round.objects.filter(campaign=campaign, year=today.year).exists():
        Round.objects.create(
            campaign=campaign,
            year=today.year,
            kind=RoundKind.ANNUAL,
            name=f"Xét khen thưởng cấp thành phố năm {today.year}",
            opens_on=min(datetime.date(today.year, 1, 1), today),
            closes_on=max(datetime.date(today.year, 12, 31), today + datetime.timedelta(days=30)),
        )
    users = {}
    for username, full_name, role in CITY_USERS:
        user, _ = User.objects.get_or_create(username=username, defaults={"full_name": full_name})
        user.set_password(password)
        user.save()
        Membership.objects.get_or_create(user=user, organization=city, unit=office, role=role)
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
            Membership.objects.get_or_create(
                user=user,
                organization=ward.organization,
                unit=ward.units[unit_name] if unit_name else None,
                role=role,
            )
        users[username] = user
    return users


def _attach_all(nomination: Nomination, actor: User, kinds: list[str]) -> None:
    for kind in kinds:
        services.attachment_add(
            nomination_id=nomination.pk,
            actor=actor,
            kind=kind,
            stream=io.BytesIO(DEMO_PDF),
            name=f"{kind}.pdf",
            size=len(DEMO_PDF),
        )


def _file(
    ward: Ward,
    *,
    submitter: str,
    round_key: str,
    award: str,
    title: str,
    nominees: list[dict[str, Any]],
    steps: list[tuple[str, str, str]],
) -> Nomination:
    """Create a file and walk it through (actor, transition, comment) steps, as its people would."""
    actor = ward.users[submitter]
    nomination = services.nomination_create(
        actor=actor,
        round=ward.rounds[round_key],
        award_kind=ward.award_kinds[award],
        title=title,
        summary=title,
        nominees=nominees,
    )
    _attach_all(nomination, actor, COMMENDATION_ATTACHMENTS)
    version = nomination.version
    for who, name, comment in steps:
        nomination = nomination_transition(
            nomination_id=nomination.pk, name=name, actor=ward.users[who], version=version, comment=comment
        )
        version = nomination.version
    return nomination


def _person(name: str, honorific: str, birth_year: int, position: str, unit_name: str) -> dict[str, Any]:
    return {
        "kind": "individual",
        "name": name,
        "details": {
            "honorific": honorific,
            "gender": "female" if honorific == "Bà" else "male",
            "birth_year": birth_year,
            "position": position,
            "unit_name": unit_name,
            "ethnicity": "Kinh",
        },
        "achievements": "Có thành tích xuất sắc trong phong trào xây dựng xã hội học tập",
    }


def _household(head: str, address: str) -> dict[str, Any]:
    return {
        "kind": "household",
        "name": head,
        "details": {"address": address},
        "achievements": "Đạt danh hiệu Gia đình học tập tiêu biểu",
    }


def seed_files(ward: Ward) -> int:
    """Files in every state this lifecycle reaches, for every round; returns how many were made."""
    hlhpn = "Hội Liên hiệp Phụ nữ phường"
    submit = ("unit1", "submit", "")
    submit2 = ("unit2", "submit", "")
    accept = ("reviewer", "accept", "Hồ sơ đầy đủ, tiếp nhận thẩm định.")
    made = 0
    for key in [k for k in ("2024", "2025") if k in ward.rounds]:
        rnd = ward.rounds[key]
        with clock.replay_on(rnd.opens_on + datetime.timedelta(days=60)):
            _file(
                ward,
                submitter="unit1",
                round_key=key,
                award="giay_khen",
                title=f"Đề nghị tặng Giấy khen năm {rnd.year} – hồ sơ chưa đủ điều kiện",
                nominees=[_person("Lâm Thị Nhàn", "Bà", 1979, "Chi hội trưởng", hlhpn)],
                steps=[submit, accept, ("reviewer", "reject", "Thành tích chưa đủ tiêu chuẩn theo quy định.")],
            )
            _file(
                ward,
                submitter="unit1",
                round_key=key,
                award="tuyen_duong_phat_thanh",
                title=f"Đề nghị tuyên dương năm {rnd.year} – đơn vị rút hồ sơ",
                nominees=[_person("Tô Văn Bình", "Ông", 1968, "Hội viên", hlhpn)],
                steps=[submit, ("unit1", "withdraw", "Đơn vị rút để bổ sung vào đợt sau.")],
            )
            _file(
                ward,
                submitter="unit2",
                round_key=key,
                award="gia_dinh_hoc_tap",
                title=f"Đề nghị công nhận Gia đình học tập năm {rnd.year}",
                nominees=[
                    _household("Nguyễn Văn Tư", "Khóm Đông Thạnh"),
                    _household("Trần Thị Sáu", "Khóm Đông Thạnh"),
                ],
                steps=[submit2, accept, ("reviewer", "recognize", "Đạt tiêu chí Gia đình học tập.")],
            )
            made += 3
    key = "current"
    year = ward.rounds[key].year
    _file(
        ward,
        submitter="unit1",
        round_key=key,
        award="giay_khen",
        title=f"Đề nghị tặng Giấy khen năm {year} cho hội viên tiêu biểu",
        nominees=[
            _person("Nguyễn Thị Ánh Tuyết", "Bà", 1982, "Chi hội trưởng Chi hội Phụ nữ khóm Đông Thạnh", hlhpn),
            _person("Phạm Văn Đức", "Ông", 1975, "Hội viên", hlhpn),
        ],
        steps=[],
    )
    _file(
        ward,
        submitter="unit1",
        round_key=key,
        award="giay_khen",
        title=f"Đề nghị tặng Giấy khen năm {year} cho tập thể Chi hội khóm Tây Khánh",
        nominees=[
            {"kind": "collective", "name": "Chi hội Phụ nữ khóm Tây Khánh", "details": {"collective_type": "Đoàn thể"}}
        ],
        steps=[submit],
    )
    _file(
        ward,
        submitter="unit1",
        round_key=key,
        award="tuyen_duong_phat_thanh",
        title=f"Đề nghị tuyên dương trên sóng phát thanh năm {year}",
        nominees=[_person("Hồ Thị Kim Yến", "Bà", 1990, "Hội viên", hlhpn)],
        steps=[submit, accept],
    )
    _file(
        ward,
        submitter="unit1",
        round_key=key,
        award="giay_khen",
        title=f"Đề nghị tặng Giấy khen năm {year} – cần bổ sung biên bản",
        nominees=[_person("Đoàn Thị Lệ", "Bà", 1985, "Ủy viên Ban Chấp hành", hlhpn)],
        steps=[submit, accept, ("reviewer", "return_for_revision", "Bổ sung biên bản họp bình xét có chữ ký.")],
    )
    _file(
        ward,
        submitter="unit1",
        round_key=key,
        award="giay_khen",
        title=f"Đề nghị tặng Giấy khen năm {year} – đủ điều kiện trình Hội đồng",
        nominees=[
            _person("Lê Thị Hạnh", "Bà", 1972, "Chủ tịch Hội LHPN phường", hlhpn),
            _household("Võ Văn Mười", "Khóm Tây Khánh"),
        ],
        steps=[submit, accept, ("reviewer", "recommend", "Đủ điều kiện, trình Hội đồng Thi đua – Khen thưởng.")],
    )
    _file(
        ward,
        submitter="unit2",
        round_key=key,
        award="cong_dong_hoc_tap",
        title=f"Đề nghị công nhận Cộng đồng học tập cấp khóm năm {year}",
        nominees=[{"kind": "community", "name": "Khóm Đông Thạnh", "details": {"address": "Phường Mỹ Thạnh"}}],
        steps=[submit2],
    )
    return made + 6


def seed_demo(password: str, today: datetime.date | None = None) -> Ward:
    today = today or timezone.localdate()
    with transaction.atomic():
        # Public holidays first: the demo files' due dates are counted in working days.
        from notifications.deadlines import seed_public_holidays

        seed_public_holidays()
        ward = seed_catalogues(today)
        ward.users = seed_users(ward, password)
        ward.users.update(seed_city(ward, password, today))
        seed_award_tables(ward)
        if not Nomination.objects.filter(organization=ward.organization).exists():
            seed_files(ward)
            seed_award_files(ward)
        # After the demo files: those were recognised before titles were scored against criteria.
        from scoring.defaults import seed_default_criteria

        seed_default_criteria(ward.award_kinds)
    return ward


# --- Council, decisions and certificates -----------------------------------------------------

BASE_SALARIES = [(2_340_000, datetime.date(2024, 7, 1), "Nghị định 73/2024/NĐ-CP")]
# (award kind, nominee kind, coefficient, legal source, verified against the regulation)
PRIZE_COEFFICIENTS = [
    ("giay_khen", "individual", "0.3", "Nghị định 152/2025/NĐ-CP (Giấy khen tặng cá nhân)", True),
    ("giay_khen", "collective", "0.6", "Giá trị mặc định – cần đối chiếu văn bản hiện hành", False),
    ("giay_khen", "household", "0.3", "Giá trị mặc định – cần đối chiếu văn bản hiện hành", False),
]


def seed_award_tables(ward: Ward) -> None:
    """The base salary and prize coefficients as data an administrator maintains."""
    from .models import BaseSalary, PrizeCoefficient

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


def _council_session(ward: Ward, nominations: list[Nomination], title: str, day: datetime.date) -> Any:
    """Convene a session, and let every member who is not recused vote to agree."""
    from .council import council_session_create, council_vote_cast, session_tally

    session = council_session_create(
        actor=ward.users["secretary"], title=title, held_on=day, nomination_ids=[n.pk for n in nominations]
    )
    for item in session_tally(session).items:
        recused = {m.pk for m in item.recused}
        for member in session.members.all():
            if member.pk not in recused:
                council_vote_cast(session_id=session.pk, actor=member, nominee_id=item.nominee.pk, choice="agree")
    return session


def _to_state(ward: Ward, nominations: list[Nomination], target: str, title: str, day: datetime.date) -> Any:
    """Walk recommended (or recognised) files to in_council, approved, decided or issued."""
    from .awards import decision_create, decision_issue, decision_sign
    from .council import council_session_close

    if nominations[0].status == "recommended":
        session = _council_session(ward, nominations, f"Phiên họp xét {title}", day)
        if target == "in_council":
            return session
        council_session_close(session_id=session.pk, actor=ward.users["chair"])
        if target == "approved":
            return session
    decision = decision_create(actor=ward.users["secretary"], nomination_ids=[n.pk for n in nominations])
    if target == "draft":
        return decision
    decision_sign(decision_id=decision.pk, actor=ward.users["signer"])
    if target == "decided":
        return decision
    return decision_issue(decision_id=decision.pk, actor=ward.users["secretary"])


def seed_award_files(ward: Ward) -> None:
    """Past rounds end in issued certificates; the current round has files in council, approved, decided, issued."""
    from .awards import broadcast_mark_aired
    from .models import Broadcast

    hlhpn = "Hội Liên hiệp Phụ nữ phường"
    to_council = [
        ("unit1", "submit", ""),
        ("reviewer", "accept", "Hồ sơ đầy đủ, tiếp nhận thẩm định."),
        ("reviewer", "recommend", "Đủ điều kiện, trình Hội đồng Thi đua – Khen thưởng."),
    ]
    for key in [k for k in ("2024", "2025") if k in ward.rounds]:
        rnd = ward.rounds[key]
        # After 01/7, so the decisions fall under the base salary the table holds.
        start = datetime.date(rnd.year, 8, 5)
        with clock.replay_on(start):
            giay_khen = _file(
                ward,
                submitter="unit1",
                round_key=key,
                award="giay_khen",
                title=f"Đề nghị tặng Giấy khen năm {rnd.year} cho hội viên tiêu biểu",
                nominees=[
                    _person("Trịnh Thị Thu Hà", "Bà", 1980, "Chi hội trưởng khóm Tây Khánh", hlhpn),
                    {"kind": "collective", "name": f"Chi hội Phụ nữ khóm Đông Thạnh năm {rnd.year}", "details": {}},
                ],
                steps=to_council,
            )
            radio = _file(
                ward,
                submitter="unit1",
                round_key=key,
                award="tuyen_duong_phat_thanh",
                title=f"Đề nghị tuyên dương trên sóng phát thanh năm {rnd.year}",
                nominees=[_person("Mai Văn Lộc", "Ông", 1965, "Hội viên", hlhpn)],
                steps=to_council,
            )
        with clock.replay_on(start + datetime.timedelta(days=14)):
            _to_state(ward, [giay_khen], "issued", f"Giấy khen năm {rnd.year}", clock.today())
            _to_state(ward, [radio], "issued", f"tuyên dương năm {rnd.year}", clock.today())
            for broadcast in Broadcast.objects.filter(decision__items__nomination=radio):
                broadcast_mark_aired(broadcast_id=broadcast.pk, actor=ward.users["broadcaster"])
            titles = list(
                Nomination.objects.filter(round=rnd, status="approved", award_kind__track=Track.TITLE).order_by(
                    "reference"
                )
            )
            if titles:
                _to_state(ward, titles, "issued", f"danh hiệu năm {rnd.year}", clock.today())
    year = ward.rounds["current"].year
    files = {
        target: _file(
            ward,
            submitter="unit1",
            round_key="current",
            award="giay_khen",
            title=f"Đề nghị tặng Giấy khen năm {year} – {label}",
            nominees=[_person(name, "Bà", 1970 + offset, "Hội viên", hlhpn)],
            steps=to_council,
        )
        for offset, (target, label, name) in enumerate(
            [
                ("in_council", "đang chờ Hội đồng xét", "Trần Thị Ngọc Bích"),
                ("approved", "Hội đồng đã thông qua", "Lê Thị Kim Chi"),
                ("decided", "đã có quyết định", "Phan Thị Diệu"),
                ("issued", "đã trao giấy khen", "Nguyễn Thị Bảo Trân"),
            ]
        )
    }
    today = clock.today()
    for target, nomination in files.items():
        _to_state(ward, [nomination], target, f"Giấy khen năm {year} ({target})", today)
    radio = _file(
        ward,
        submitter="unit1",
        round_key="current",
        award="tuyen_duong_phat_thanh",
        title=f"Đề nghị tuyên dương trên sóng phát thanh năm {year} – chờ phát sóng",
        nominees=[_person("Dương Thị Hoa", "Bà", 1988, "Hội viên", hlhpn)],
        steps=to_council,
    )
    _to_state(ward, [radio], "decided", f"tuyên dương năm {year}", today)
