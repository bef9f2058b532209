"""Minutes of an emulation and commendation council meeting (biên bản họp Hội đồng)."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, time
from typing import Any

from documents.body import Body, header_context
from documents.dates import vn_day_month_year
from documents.pdf import render_pdf
from documents.templating import render_template


@dataclass(frozen=True, kw_only=True)
class MinutesItem:
    nominee_name: str
    nomination_ref: str
    agree: int
    disagree: int
    abstain: int
    recused: Sequence[str] = ()  # members who did not vote because the nomination concerns them
    result: str = ""
    # Who voted how, by choice ("Đồng ý" → names); empty where the ballot is secret.
    ballots: Sequence[tuple[str, Sequence[str]]] = ()


@dataclass(frozen=True, kw_only=True)
class MinutesDoc:
    body: Body  # the council, e.g. "Hội đồng Thi đua - Khen thưởng phường" under its Ủy ban nhân dân
    session_title: str
    held_on: date
    place: str
    chair_name: str
    secretary_name: str
    members_total: int
    present: Sequence[str]
    absent_written: Sequence[str]  # absent members who sent their opinion in writing
    items: Sequence[MinutesItem]
    quorum_text: str
    conclusion: str
    number: str | None = None
    starts_at: time | None = None
    ends_at: time | None = None
    secret_ballot: bool = False  # the minutes then carry only the tally
    chair_authority: str = "TM. HỘI ĐỒNG"
    chair_title: str = "CHỦ TỊCH HỘI ĐỒNG"


def _clock(moment: time | None) -> str:
    return f"{moment.hour:02d} giờ {moment.minute:02d} phút" if moment else ""


def minutes_context(doc: MinutesDoc) -> dict[str, Any]:
    return {
        "header": header_context(doc.body, doc.number, "BB", doc.held_on),
        "session_title": doc.session_title,
        "held_text": vn_day_month_year(doc.held_on),
        "starts_text": _clock(doc.starts_at),
        "ends_text": _clock(doc.ends_at),
        "place": doc.place,
        "issuing_body_name": doc.body.issuing_body,
        "chair_name": doc.chair_name,
        "secretary_name": doc.secretary_name,
        "members_total": doc.members_total,
        "present": doc.present,
        "absent_written": doc.absent_written,
        "items": doc.items,
        "secret_ballot": doc.secret_ballot,
        "quorum_text": doc.quorum_text,
        "conclusion": doc.conclusion,
        "chair": {"authority": doc.chair_authority, "title": doc.chair_title, "name": doc.chair_name},
        # A blank first line keeps both signers' names on the same level.
        "secretary": {
            "authority": "\u00a0" if doc.chair_authority else "",
            "title": "THƯ KÝ",
            "name": doc.secretary_name,
        },
    }


def render_minutes_html(doc: MinutesDoc) -> str:
    return render_template("documents/minutes.html", minutes_context(doc))


def render_minutes_pdf(doc: MinutesDoc) -> bytes:
    return render_pdf(render_minutes_html(doc))
