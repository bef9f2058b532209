"""A short script for the ward's loudspeaker radio announcing a commendation decision."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from documents.body import Body
from documents.dates import vn_day_month_year
from documents.pdf import render_pdf
from documents.templating import render_template


@dataclass(frozen=True, kw_only=True)
class BroadcastDoc:
    body: Body
    decision_number: str
    decision_date: date
    air_on: date
    names_with_achievements: Sequence[tuple[str, str]]  # ("Bà Nguyễn Thị Ánh Tuyết", "Công dân học tập")
    award_name: str = "Giấy khen"


def _sentence(text: str) -> str:
    # str.capitalize() would also lower-case every later letter, names included.
    return text[:1].upper() + text[1:]


def broadcast_lines(doc: BroadcastDoc) -> list[str]:
    count = len(doc.names_with_achievements)
    lines = [
        "BẢN TIN TRUYỀN THANH",
        f"Phát sóng {vn_day_month_year(doc.air_on)}",
        "",
        "Kính thưa quý vị và các bạn!",
        (
            f"{_sentence(vn_day_month_year(doc.decision_date))}, Chủ tịch {doc.body.issuing_body} đã ban hành "
            f"Quyết định số {doc.decision_number} tuyên dương {count} cá nhân, tập thể, "
            "hộ gia đình có thành tích xuất sắc. Đó là:"
        ),
    ]
    lines += [
        f"- {name}: {achievement};" if achievement else f"- {name};"
        for name, achievement in doc.names_with_achievements
    ]
    lines += [
        "",
        "Xin chúc mừng các cá nhân, tập thể, hộ gia đình được tuyên dương "
        "và mong bà con tiếp tục hưởng ứng phong trào.",
        "Bản tin xin kết thúc. Cảm ơn quý vị và các bạn đã lắng nghe!",
    ]
    return lines


def render_broadcast_text(doc: BroadcastDoc) -> str:
    return "\n".join(broadcast_lines(doc)) + "\n"


def broadcast_context(doc: BroadcastDoc) -> dict[str, Any]:
    lines = broadcast_lines(doc)
    return {"title": lines[0], "aired": lines[1], "paragraphs": lines[3:]}


def render_broadcast_pdf(doc: BroadcastDoc) -> bytes:
    return render_pdf(render_template("documents/broadcast.html", broadcast_context(doc)))
