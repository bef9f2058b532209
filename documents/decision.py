"""The Chairman's decision awarding a Giấy khen, with its attached list (DANH SÁCH)."""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from documents.body import Body, header_context, number_or_blank
from documents.dates import vn_day_month_year
from documents.decision_docx import build_decision_docx
from documents.money import vnd, vnd_in_words
from documents.names import printed_name
from documents.pdf import render_pdf
from documents.templating import render_template

__all__ = [
    "DEFAULT_LEGAL_BASES",
    "Body",
    "DecisionDoc",
    "DecisionNominee",
    "RevocationText",
    "decision_context",
    "render_decision_docx",
    "render_decision_html",
    "render_decision_pdf",
]

NomineeKind = Literal["individual", "collective", "household", "clan", "unit", "community"]

DEFAULT_PLAN_REF = "Kế hoạch số 244/KH-UBND ngày 15 tháng 3 năm 2024 của Ủy ban nhân dân phường Mỹ Thạnh"
# Data, not law: confirm the decree's number and title against the gazette before each campaign.
DEFAULT_LEGAL_BASES = (
    "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
    "Căn cứ Nghị định số 152/2025/NĐ-CP của Chính phủ quy định chi tiết Luật Thi đua, khen thưởng;",
)
DEFAULT_EXECUTORS = (
    "Chánh Văn phòng Hội đồng nhân dân và Ủy ban nhân dân phường",
    "Chủ tịch Hội Khuyến học phường",
    "Thủ trưởng các đơn vị có liên quan",
)
DEFAULT_RECIPIENTS = ("Như Điều 3;", "Lưu: VT.")


@dataclass(frozen=True, kw_only=True)
class DecisionNominee:
    kind: NomineeKind
    name: str
    honorific: str = ""  # "Ông" / "Bà"; printed before an individual's name only
    position: str = ""
    unit_name: str = ""
    address: str = ""
    achievements: str = ""
    prize_amount: int = 0


@dataclass(frozen=True, kw_only=True)
class DecisionDoc:
    body: Body
    number: str | None  # "07/QĐ-UBND"; None until the document is signed
    signed_on: date | None
    summary: str  # trích yếu: "Về việc tặng Giấy khen ..."
    award_name: str  # "Giấy khen"
    # "certificate": tặng Giấy khen; "recognition": công nhận danh hiệu; "broadcast": tuyên dương trên loa.
    produces: str = "certificate"
    proposal_ref: str  # "Tờ trình số 12/TTr-HKH ngày 05 tháng 11 năm 2025"
    signer_name: str
    plan_ref: str = DEFAULT_PLAN_REF  # "" when the document rests on no plan
    proposer: str = "Hội Khuyến học phường"
    signer_title: str = "PHÓ CHỦ TỊCH"
    signer_authority: str = "KT. CHỦ TỊCH"  # empty when the Chairman signs in person
    legal_bases: Sequence[str] = DEFAULT_LEGAL_BASES
    executors: Sequence[str] = DEFAULT_EXECUTORS
    recipients: Sequence[str] = DEFAULT_RECIPIENTS
    nominees: Sequence[DecisionNominee] = ()
    revocation: "RevocationText | None" = None


@dataclass(frozen=True, kw_only=True)
class RevocationText:
    """What a revocation decision annuls and recovers (Luật Thi đua, khen thưởng 2022, chương VII)."""

    revoked_number: str  # the decision annulled for this recipient: "01/QĐ-UBND"
    revoked_date: date
    award_name: str  # "Giấy khen"
    recipient: str  # "Bà Nguyễn Thị Ánh Tuyết"
    register_number: str  # "001/2025"
    ground: str
    reason: str
    prize_to_recover: int = 0


@dataclass(frozen=True)
class _Group:
    label: str  # as counted in Điều 1: "cá nhân", "tập thể", ...
    section: str  # heading in the attached list
    name_label: str
    detail_label: str


_INDIVIDUALS = _Group("cá nhân", "CÁ NHÂN", "Họ và tên", "Chức vụ, đơn vị")
_COLLECTIVES = _Group("tập thể", "TẬP THỂ", "Tên tập thể", "Địa chỉ")
_HOUSEHOLDS = _Group("hộ gia đình", "HỘ GIA ĐÌNH", "Hộ gia đình, dòng họ", "Địa chỉ")
_CLANS = _Group("dòng họ", "HỘ GIA ĐÌNH", "Hộ gia đình, dòng họ", "Địa chỉ")
_GROUP_OF: dict[str, _Group] = {
    "individual": _INDIVIDUALS,
    "collective": _COLLECTIVES,
    "unit": _COLLECTIVES,
    "community": _COLLECTIVES,
    "household": _HOUSEHOLDS,
    "clan": _CLANS,
}
_ORDER = (_INDIVIDUALS, _COLLECTIVES, _HOUSEHOLDS, _CLANS)
_ROMAN = ("I", "II", "III", "IV")


def _join_vi(parts: Sequence[str]) -> str:
    """Join as Vietnamese lists are written: "a, b và c"."""
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " và " + parts[-1]


def _group(nominee: DecisionNominee) -> _Group:
    try:
        return _GROUP_OF[nominee.kind]
    except KeyError:
        raise ValueError(f"unknown nominee kind {nominee.kind!r}") from None


def display_name(nominee: DecisionNominee) -> str:
    return printed_name(nominee.kind, nominee.name, nominee.honorific)


def _detail(nominee: DecisionNominee) -> str:
    if nominee.kind == "individual":
        return ", ".join(part for part in (nominee.position, nominee.unit_name) if part) or nominee.address
    return nominee.address or nominee.unit_name


def _sections(nominees: Sequence[DecisionNominee]) -> list[dict[str, Any]]:
    by_section: dict[str, list[DecisionNominee]] = {}
    for nominee in nominees:
        by_section.setdefault(_group(nominee).section, []).append(nominee)
    sections: list[dict[str, Any]] = []
    for group in _ORDER:
        members = by_section.pop(group.section, None)
        if not members:
            continue
        title = group.section
        if group is _HOUSEHOLDS and any(member.kind == "clan" for member in members):
            title = "HỘ GIA ĐÌNH, DÒNG HỌ"
        sections.append(
            {
                "title": f"{_ROMAN[len(sections)]}. {title}",
                "name_label": group.name_label,
                "detail_label": group.detail_label,
                "rows": [
                    {"name": display_name(m), "detail": _detail(m), "achievements": m.achievements} for m in members
                ],
            }
        )
    return sections


def _prize_lines(nominees: Sequence[DecisionNominee]) -> list[str]:
    counts = Counter((_group(n), n.prize_amount) for n in nominees if n.prize_amount > 0)
    lines = []
    for group in _ORDER:
        for amount in sorted({a for g, a in counts if g is group}, reverse=True):
            count = counts[group, amount]
            lines.append(f"{count} {group.label} × {vnd(amount)} = {vnd(count * amount)}")
    return lines


def _article(number: int, text: str, *, items: Sequence[str] = (), after: Sequence[str] = ()) -> dict[str, Any]:
    return {"lead": f"Điều {number}.", "text": text, "items": list(items), "after": list(after)}


def _article_one(doc: DecisionDoc, counts_text: str) -> str:
    listed = f"{counts_text} có tên trong danh sách kèm theo."
    if doc.produces == "recognition":
        return f"Công nhận danh hiệu “{doc.award_name}” cho {listed}"
    if doc.produces == "broadcast":
        return f"{doc.award_name} đối với {listed}"
    return f"Tặng {doc.award_name} cho {listed}"


def _no_prize_text(doc: DecisionDoc) -> str:
    if doc.produces == "broadcast":
        return "Việc tuyên dương được phát trên hệ thống phát thanh; không cấp giấy khen, không kèm theo tiền thưởng."
    if doc.produces == "recognition":
        return f"Danh hiệu “{doc.award_name}” không kèm theo tiền thưởng."
    return f"{doc.award_name} không kèm theo tiền thưởng."


def _award_articles(doc: DecisionDoc) -> list[dict[str, Any]]:
    if not doc.nominees:
        raise ValueError("a decision needs at least one nominee")
    groups = Counter(_group(n) for n in doc.nominees)
    present = [group for group in _ORDER if groups[group]]
    total = sum(n.prize_amount for n in doc.nominees)
    counts_text = _join_vi([f"{groups[g]} {g.label}" for g in present])
    prize_lines = _prize_lines(doc.nominees)
    if prize_lines:
        second = _article(
            2,
            f"Kèm theo {doc.award_name} được thưởng:",
            items=[f"- {line};" for line in prize_lines],
            after=[
                f"Tổng số tiền thưởng: {vnd(total)} (Bằng chữ: {vnd_in_words(total)}).",
                f"Tiền thưởng được trích từ quỹ thi đua, khen thưởng của {doc.body.issuing_body} theo quy định.",
            ],
        )
    else:
        second = _article(2, _no_prize_text(doc))
    executors = _join_vi([*doc.executors, f"các {', '.join(g.label for g in present)} có tên tại Điều 1"])
    return [
        _article(1, _article_one(doc, counts_text)),
        second,
        _article(
            3,
            "Quyết định này có hiệu lực kể từ ngày ký.",
            after=[f"{executors} chịu trách nhiệm thi hành Quyết định này./."],
        ),
    ]


def _revocation_articles(doc: DecisionDoc, revocation: RevocationText) -> list[dict[str, Any]]:
    recovered = f"{revocation.award_name} (số vào sổ khen thưởng {revocation.register_number})"
    if revocation.prize_to_recover:
        amount = revocation.prize_to_recover
        recovered += f" và số tiền thưởng {vnd(amount)} (Bằng chữ: {vnd_in_words(amount)}) đã nhận"
    return [
        _article(
            1,
            f"Hủy bỏ Quyết định số {revocation.revoked_number} {vn_day_month_year(revocation.revoked_date)} "
            f"của Chủ tịch {doc.body.issuing_body} đối với {revocation.recipient} "
            f"và thu hồi {recovered}.",
            after=[f"Lý do: {revocation.ground}; {revocation.reason.rstrip('.')}."],
        ),
        _article(
            2,
            f"{revocation.recipient} có trách nhiệm nộp lại {recovered} cho {doc.body.issuing_body} "
            "để nộp vào quỹ thi đua, khen thưởng theo quy định.",
        ),
        _article(
            3,
            "Quyết định này có hiệu lực kể từ ngày ký.",
            after=[f"{_join_vi([*doc.executors, revocation.recipient])} chịu trách nhiệm thi hành Quyết định này./."],
        ),
    ]


def decision_context(doc: DecisionDoc) -> dict[str, Any]:
    articles = _revocation_articles(doc, doc.revocation) if doc.revocation else _award_articles(doc)
    return {
        "header": header_context(doc.body, doc.number, "QĐ", doc.signed_on),
        "number_text": number_or_blank(doc.number, "QĐ", doc.body.document_suffix),
        "signed_text": vn_day_month_year(doc.signed_on),
        "issuing_body_name": doc.body.issuing_body,
        "summary": doc.summary,
        "legal_bases": doc.legal_bases,
        "plan_ref": doc.plan_ref,
        "proposer": doc.proposer,
        "proposal_ref": doc.proposal_ref,
        "articles": articles,
        "recipients": doc.recipients,
        "signer": {"authority": doc.signer_authority, "title": doc.signer_title, "name": doc.signer_name},
        "sections": [] if doc.revocation else _sections(doc.nominees),
    }


def render_decision_html(doc: DecisionDoc) -> str:
    return render_template("documents/decision.html", decision_context(doc))


def render_decision_pdf(doc: DecisionDoc) -> bytes:
    return render_pdf(render_decision_html(doc))


def render_decision_docx(doc: DecisionDoc) -> bytes:
    # Imported late: python-docx is only needed by the few callers who want an editable copy.
    return build_decision_docx(decision_context(doc))
