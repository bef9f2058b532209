"""Files carried through the council, a signed decision, certificates and the radio praise."""

from __future__ import annotations

import datetime
from typing import Any

from awards.broadcasts import broadcast_mark_aired
from awards.decisions import decision_create, decision_sign
from awards.issuance import decision_issue
from core import clock
from council.services import council_session_close, council_session_create, council_vote_cast
from council.tally import session_tally
from demo.catalogues import Ward
from demo.files import create_file, person
from nominations.models import Broadcast, Nomination, Track


def council_session(ward: Ward, nominations: list[Nomination], title: str, day: datetime.date) -> Any:
    """Convene a session, and let every member who is not recused vote to agree."""
    session = council_session_create(
        actor=ward.users["secretary"], title=title, held_on=day, nomination_ids=[n.pk for n in nominations]
    )
    for item in session_tally(session).items:
        recused = {m.pk for m in item.recused}
        for member in session.members.all():
            if member.pk not in recused:
                council_vote_cast(session_id=session.pk, actor=member, nominee_id=item.nominee.pk, choice="agree")
    return session


def to_state(ward: Ward, nominations: list[Nomination], target: str, title: str, day: datetime.date) -> Any:
    """Walk recommended (or recognised) files to in_council, approved, decided or issued."""
    if nominations[0].status == "recommended":
        session = council_session(ward, nominations, f"Phiên họp xét {title}", day)
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


def seed_award_files(ward: Ward, keys: tuple[str, ...] = ("2024", "2025", "current")) -> None:
    """Past rounds end in issued certificates; the current round has files in council, approved, decided, issued."""
    hlhpn = "Hội Liên hiệp Phụ nữ phường"
    to_council = [
        ("unit1", "submit", ""),
        ("reviewer", "accept", "Hồ sơ đầy đủ, tiếp nhận thẩm định."),
        ("reviewer", "recommend", "Đủ điều kiện, trình Hội đồng Thi đua – Khen thưởng."),
    ]
    for key in [k for k in ("2024", "2025") if k in ward.rounds and k in keys]:
        rnd = ward.rounds[key]
        # After 01/7, so the decisions fall under the base salary the table holds.
        start = datetime.date(rnd.year, 8, 5)
        with clock.replay_on(start):
            giay_khen = create_file(
                ward,
                submitter="unit1",
                round_key=key,
                award="giay_khen",
                title=f"Đề nghị tặng Giấy khen năm {rnd.year} cho hội viên tiêu biểu",
                nominees=[
                    person("Trịnh Thị Thu Hà", "Bà", 1980, "Chi hội trưởng khóm Tây Khánh", hlhpn),
                    {"kind": "collective", "name": f"Chi hội Phụ nữ khóm Đông Thạnh năm {rnd.year}", "details": {}},
                ],
                steps=to_council,
            )
            radio = create_file(
                ward,
                submitter="unit1",
                round_key=key,
                award="tuyen_duong_phat_thanh",
                title=f"Đề nghị tuyên dương trên sóng phát thanh năm {rnd.year}",
                nominees=[person("Mai Văn Lộc", "Ông", 1965, "Hội viên", hlhpn)],
                steps=to_council,
            )
        with clock.replay_on(start + datetime.timedelta(days=14)):
            to_state(ward, [giay_khen], "issued", f"Giấy khen năm {rnd.year}", clock.today())
            to_state(ward, [radio], "issued", f"tuyên dương năm {rnd.year}", clock.today())
            for broadcast in Broadcast.objects.filter(decision__items__nomination=radio):
                broadcast_mark_aired(broadcast_id=broadcast.pk, actor=ward.users["broadcaster"])
            titles = list(
                Nomination.objects.filter(round=rnd, status="approved", award_kind__track=Track.TITLE).order_by(
                    "reference"
                )
            )
            if titles:
                to_state(ward, titles, "issued", f"danh hiệu năm {rnd.year}", clock.today())
    if "current" not in keys:
        return
    year = ward.rounds["current"].year
    files = {
        target: create_file(
            ward,
            submitter="unit1",
            round_key="current",
            award="giay_khen",
            title=f"Đề nghị tặng Giấy khen năm {year} – {label}",
            nominees=[person(name, "Bà", 1970 + offset, "Hội viên", hlhpn)],
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
        to_state(ward, [nomination], target, f"Giấy khen năm {year} ({target})", today)
    radio = create_file(
        ward,
        submitter="unit1",
        round_key="current",
        award="tuyen_duong_phat_thanh",
        title=f"Đề nghị tuyên dương trên sóng phát thanh năm {year} – chờ phát sóng",
        nominees=[person("Dương Thị Hoa", "Bà", 1988, "Hội viên", hlhpn)],
        steps=to_council,
    )
    to_state(ward, [radio], "decided", f"tuyên dương năm {year}", today)
