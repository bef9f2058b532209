"""Nomination files in every state of their life, made through the same services a person uses."""

from __future__ import annotations

import datetime
import io
from typing import Any

from core import clock
from demo.catalogues import COMMENDATION_ATTACHMENTS, Ward
from nominations.models import Nomination, User
from workflows import drafting as services
from workflows.services import nomination_transition

# A minimal, valid one-page PDF: demo attachments are real files, accepted by content.
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def attach_all(nomination: Nomination, actor: User, kinds: list[str]) -> None:
    for kind in kinds:
        services.attachment_add(
            nomination_id=nomination.pk,
            actor=actor,
            kind=kind,
            stream=io.BytesIO(DEMO_PDF),
            name=f"{kind}.pdf",
            size=len(DEMO_PDF),
        )


def create_file(
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
    attach_all(nomination, actor, COMMENDATION_ATTACHMENTS)
    version = nomination.version
    for who, name, comment in steps:
        nomination = nomination_transition(
            nomination_id=nomination.pk, name=name, actor=ward.users[who], version=version, comment=comment
        )
        version = nomination.version
    return nomination


def person(name: str, honorific: str, birth_year: int, position: str, unit_name: str) -> dict[str, Any]:
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


def household(head: str, address: str) -> dict[str, Any]:
    return {
        "kind": "household",
        "name": head,
        "details": {"address": address},
        "achievements": "Đạt danh hiệu Gia đình học tập tiêu biểu",
    }


def seed_files(ward: Ward, keys: tuple[str, ...] = ("2024", "2025", "current")) -> int:
    """Files in every state this lifecycle reaches, for the rounds named; returns how many were made."""
    hlhpn = "Hội Liên hiệp Phụ nữ phường"
    submit = ("unit1", "submit", "")
    submit2 = ("unit2", "submit", "")
    accept = ("reviewer", "accept", "Hồ sơ đầy đủ, tiếp nhận thẩm định.")
    made = 0
    for key in [k for k in ("2024", "2025") if k in ward.rounds and k in keys]:
        rnd = ward.rounds[key]
        with clock.replay_on(rnd.opens_on + datetime.timedelta(days=60)):
            create_file(
                ward,
                submitter="unit1",
                round_key=key,
                award="giay_khen",
                title=f"Đề nghị tặng Giấy khen năm {rnd.year} – hồ sơ chưa đủ điều kiện",
                nominees=[person("Lâm Thị Nhàn", "Bà", 1979, "Chi hội trưởng", hlhpn)],
                steps=[submit, accept, ("reviewer", "reject", "Thành tích chưa đủ tiêu chuẩn theo quy định.")],
            )
            create_file(
                ward,
                submitter="unit1",
                round_key=key,
                award="tuyen_duong_phat_thanh",
                title=f"Đề nghị tuyên dương năm {rnd.year} – đơn vị rút hồ sơ",
                nominees=[person("Tô Văn Bình", "Ông", 1968, "Hội viên", hlhpn)],
                steps=[submit, ("unit1", "withdraw", "Đơn vị rút để bổ sung vào đợt sau.")],
            )
            create_file(
                ward,
                submitter="unit2",
                round_key=key,
                award="gia_dinh_hoc_tap",
                title=f"Đề nghị công nhận Gia đình học tập năm {rnd.year}",
                nominees=[
                    household("Nguyễn Văn Tư", "Khóm Đông Thạnh"),
                    household("Trần Thị Sáu", "Khóm Đông Thạnh"),
                ],
                steps=[submit2, accept, ("reviewer", "recognize", "Đạt tiêu chí Gia đình học tập.")],
            )
            made += 3
    if "current" not in keys:
        return made
    key = "current"
    year = ward.rounds[key].year
    create_file(
        ward,
        submitter="unit1",
        round_key=key,
        award="giay_khen",
        title=f"Đề nghị tặng Giấy khen năm {year} cho hội viên tiêu biểu",
        nominees=[
            person("Nguyễn Thị Ánh Tuyết", "Bà", 1982, "Chi hội trưởng Chi hội Phụ nữ khóm Đông Thạnh", hlhpn),
            person("Phạm Văn Đức", "Ông", 1975, "Hội viên", hlhpn),
        ],
        steps=[],
    )
    create_file(
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
    create_file(
        ward,
        submitter="unit1",
        round_key=key,
        award="tuyen_duong_phat_thanh",
        title=f"Đề nghị tuyên dương trên sóng phát thanh năm {year}",
        nominees=[person("Hồ Thị Kim Yến", "Bà", 1990, "Hội viên", hlhpn)],
        steps=[submit, accept],
    )
    create_file(
        ward,
        submitter="unit1",
        round_key=key,
        award="giay_khen",
        title=f"Đề nghị tặng Giấy khen năm {year} – cần bổ sung biên bản",
        nominees=[person("Đoàn Thị Lệ", "Bà", 1985, "Ủy viên Ban Chấp hành", hlhpn)],
        steps=[submit, accept, ("reviewer", "return_for_revision", "Bổ sung biên bản họp bình xét có chữ ký.")],
    )
    create_file(
        ward,
        submitter="unit1",
        round_key=key,
        award="giay_khen",
        title=f"Đề nghị tặng Giấy khen năm {year} – đủ điều kiện trình Hội đồng",
        nominees=[
            person("Lê Thị Hạnh", "Bà", 1972, "Chủ tịch Hội LHPN phường", hlhpn),
            household("Võ Văn Mười", "Khóm Tây Khánh"),
        ],
        steps=[submit, accept, ("reviewer", "recommend", "Đủ điều kiện, trình Hội đồng Thi đua – Khen thưởng.")],
    )
    create_file(
        ward,
        submitter="unit2",
        round_key=key,
        award="cong_dong_hoc_tap",
        title=f"Đề nghị công nhận Cộng đồng học tập cấp khóm năm {year}",
        nominees=[{"kind": "community", "name": "Khóm Đông Thạnh", "details": {"address": ward.organization.name}}],
        steps=[submit2],
    )
    return made + 6
