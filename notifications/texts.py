"""The words of a notice, in Vietnamese by default and in English for those who chose it."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.urls import reverse

from workflows.models import OutboxEvent

# What happened to a file, by the event's code: (vi, en).
WHAT_HAPPENED: dict[str, tuple[str, str]] = {
    "nomination.created": ("đã được lập", "was created"),
    "nomination.submit": ("đã được gửi, chờ tiếp nhận", "was submitted and awaits intake"),
    "nomination.withdraw": ("đã được đơn vị rút", "was withdrawn by its unit"),
    "nomination.accept": ("đã được tiếp nhận, đang thẩm định", "was accepted for appraisal"),
    "nomination.return_for_revision": ("được trả lại để bổ sung", "was returned for revision"),
    "nomination.reject": ("không đủ điều kiện", "was rejected"),
    "nomination.recommend": ("đủ điều kiện, được trình Hội đồng", "was recommended to the council"),
    "nomination.recognize": ("đã được công nhận", "was recognised"),
    "nomination.place_in_council": ("được đưa vào chương trình họp Hội đồng", "was placed on the council's agenda"),
    "nomination.council_approve": ("được Hội đồng thông qua, chờ ký", "was approved by the council"),
    "nomination.council_reject": ("không được Hội đồng thông qua", "was not approved by the council"),
    "nomination.decide": ("đã có quyết định khen thưởng", "is in a signed decision"),
    "nomination.issue": ("đã được khen thưởng", "was awarded"),
    "deadline.approaching": ("sắp đến hạn xử lý", "is nearly due"),
    "deadline.passed": ("đã quá hạn xử lý", "is overdue"),
    "deadline.step_approaching": ("đến hạn một bước thẩm định hôm nay", "has a review step due today"),
    "deadline.step_passed": ("đã quá hạn một bước thẩm định", "has a review step overdue"),
    "council.vote_reminder": ("đang chờ phiếu biểu quyết của thành viên Hội đồng", "awaits your vote"),
    "certificate.revoked": ("bị hủy khen thưởng", "had its award revoked"),
    "nomination.nominee_excluded": ("có người / tập thể bị loại khỏi hồ sơ", "had a nominee excluded"),
    "nomination.nominee_restored": ("có người / tập thể được khôi phục vào hồ sơ", "had a nominee restored"),
    "nomination.task_reassigned": ("đã được giao lại cho người xử lý khác", "was reassigned to another holder"),
    "nomination.escalated": ("đã được trình cấp trên bằng tờ trình", "was proposed to the parent organisation"),
    "nomination.escalation_outcome": ("đã có kết quả xét của cấp trên", "has the parent organisation's outcome"),
}

# Events about no single file (a session, a decision, a broadcast, a report): whole sentences
# filled from the payload; fields ending in "_on" are dates.
SENTENCES: dict[str, tuple[str, str]] = {
    "council.agenda": (
        "Phiên họp Hội đồng Thi đua – Khen thưởng «{title}» ngày {held_on} đã có chương trình, mời thành viên dự họp.",
        "The council session '{title}' on {held_on} has its agenda; members are invited.",
    ),
    "council.closed": (
        "Phiên họp Hội đồng Thi đua – Khen thưởng đã kết thúc ngày {on}; kết quả biểu quyết đã được ghi nhận.",
        "The council session closed on {on}; its votes are recorded.",
    ),
    "council.written_vote": (
        "Thường trực Hội đồng đã ghi nhận phiếu bằng văn bản của đồng chí tại phiên họp «{title}»: "
        "{nominee_name} – {choice}. Nếu không đúng, đồng chí có thể khiếu nại trước khi phiên họp kết thúc.",
        "A written vote was recorded in your name at the session '{title}': {nominee_name} – {choice}. "
        "If it is not yours, dispute it before the session closes.",
    ),
    "council.vote_disputed": (
        "Thành viên {member} khiếu nại phiếu bằng văn bản ghi nhận thay mình tại phiên họp «{title}».",
        "{member} disputes the written vote recorded in his or her name at the session '{title}'.",
    ),
    "council.vote_reminder": (
        "Phiên họp Hội đồng «{title}» đang chờ phiếu biểu quyết của đồng chí.",
        "The council session '{title}' awaits your vote.",
    ),
    "decision.drafted": (
        "Dự thảo quyết định «{summary}» ({count} hồ sơ) đang chờ đồng chí xem và ký.",
        "The draft decision '{summary}' ({count} files) awaits your signature.",
    ),
    "decision.signed": ("Quyết định số {number} đã được ký.", "Decision {number} was signed."),
    "certificate.issued": (
        "Đã cấp {count} giấy khen / giấy công nhận theo quyết định.",
        "{count} certificates were issued under the decision.",
    ),
    "decision.issued": (
        "Đã ghi nhận tuyên dương {recorded} cá nhân, tập thể theo quyết định (không cấp giấy).",
        "{recorded} nominees were praised under the decision (no certificate).",
    ),
    "broadcast.scheduled": (
        "Bản tin tuyên dương trên đài phát thanh phường được lên lịch phát ngày {air_on}.",
        "A radio praise script is scheduled to air on {air_on}.",
    ),
    "broadcast.aired": (
        "Bản tin tuyên dương đã được xác nhận phát trên đài phát thanh phường.",
        "The radio praise was confirmed as aired.",
    ),
    "annual_report.submitted": (
        "Một đơn vị đã gửi báo cáo phong trào năm {year}.",
        "A unit submitted its {year} movement report.",
    ),
    "audit.broken": (
        "Cảnh báo: kiểm tra nhật ký phát hiện {count} chuỗi bị sửa, cắt hoặc xóa: {chains}.",
        "Alert: the audit check found {count} chains rewritten, cut or deleted: {chains}.",
    ),
    "absence.recorded": (
        "{absent} vắng mặt từ {starts_on} đến {ends_on} và giao đồng chí xử lý thay các việc đang chờ.",
        "{absent} is away from {starts_on} to {ends_on} and named you to hold their work.",
    ),
    "report.annual_due": (
        "Nhắc hạn nộp báo cáo thi đua – khen thưởng năm {year}: hạn chót {due_on}.",
        "Reminder: the {year} emulation and commendation report is due on {due_on}.",
    ),
}

LABELS = {
    "vi": {
        "file": "Hồ sơ",
        "files": "hồ sơ",
        "of_unit": "của",
        "by": "Người thực hiện",
        "comment": "Ý kiến",
        "due": "Hạn xử lý",
        "step": "Bước",
        "and_more": "và {n} hồ sơ khác",
        "event": "Sự kiện",
        "digest_subject": "Bản tin thông báo ngày {day} ({n} thông báo)",
        "greeting": "Kính gửi {name},",
        "footer": "Thư gửi tự động từ hệ thống vinhdanh. Thay đổi cách nhận thông báo trong phần tùy chọn cá nhân.",
    },
    "en": {
        "file": "File",
        "files": "files",
        "of_unit": "of",
        "by": "By",
        "comment": "Comment",
        "due": "Due",
        "step": "Step",
        "and_more": "and {n} more",
        "event": "Event",
        "digest_subject": "Daily digest for {day} ({n} notices)",
        "greeting": "Dear {name},",
        "footer": "Sent automatically by vinhdanh. Change how you are notified in your preferences.",
    },
}

LISTED_PER_MESSAGE = 20


def site_url() -> str:
    return str(getattr(settings, "PUBLIC_BASE_URL", "") or "").rstrip("/")


@dataclass(frozen=True)
class Message:
    subject: str
    lines: tuple[str, ...]

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def language_of(user: object) -> str:
    return "en" if getattr(user, "language", "vi") == "en" else "vi"


def _date(value: str | datetime.date | None) -> str:
    if not value:
        return ""
    day = value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)
    return f"{day:%d/%m/%Y}"


def _what(code: str, language: str) -> str:
    vi_en = WHAT_HAPPENED.get(code)
    if vi_en is None:
        return code
    return vi_en[1] if language == "en" else vi_en[0]


class _Blank(dict):  # type: ignore[type-arg]
    def __missing__(self, key: str) -> str:
        return ""


def _sentence(code: str, payload: dict[str, object], language: str) -> str:
    vi, en = SENTENCES[code]
    values = _Blank({k: _date(str(v)) if k.endswith("_on") and v else v for k, v in payload.items()})
    return (en if language == "en" else vi).format_map(values)


def _file_name(event: OutboxEvent) -> str:
    nomination = event.nomination
    return f"{nomination.reference} «{nomination.title}»" if nomination else ""


def _linked_files(payload: dict[str, Any]) -> list[str]:
    """One line per file a notice names (a session's agenda), each with the address of the file's page."""
    lines = []
    for item in payload.get("files") or []:
        path = reverse("web:nomination-detail", kwargs={"pk": item["id"]})
        lines.append(f"– {item['reference']} «{item['title']}»: {site_url()}{path}")
    return lines


def compose(events: Sequence[OutboxEvent], language: str) -> Message:
    """One message for one event, or for a burst of events of one kind from one unit."""
    words = LABELS[language]
    first = events[0]
    code = first.event
    if not first.nomination_id and code in SENTENCES:
        line = _sentence(code, first.payload, language)
        lines = [line, *_linked_files(first.payload)] + ([f"{words['by']}: {first.actor}"] if first.actor_id else [])
        return Message(subject=line[:200], lines=tuple(lines))
    unit = first.unit.name if first.unit_id else ""
    what = _what(code, language)
    if len(events) == 1 and first.nomination_id:
        head = f"{words['file']} {_file_name(first)}"
        head += f" {words['of_unit']} {unit}" if unit else ""
        summary = f"{head} {what}."
        lines = [summary]
    elif len(events) == 1:
        summary = f"{words['event']}: {what}" + (f" ({unit})" if unit else "") + "."
        lines = [summary]
    else:
        count = f"{len(events)} {words['files']}" + (f" {words['of_unit']} {unit}" if unit else "")
        summary = f"{count} {what}."
        listed = [f"– {_file_name(e)}" for e in events[:LISTED_PER_MESSAGE] if e.nomination_id]
        rest = len(events) - LISTED_PER_MESSAGE
        lines = [summary, *listed] + ([f"– {words['and_more'].format(n=rest)}"] if rest > 0 else [])
    due = first.payload.get("due_on")
    if due and code.startswith("deadline."):
        step = first.payload.get("step_title")
        if step:
            lines.append(f"{words['step']}: {step}")
        lines.append(f"{words['due']}: {_date(due)}")
    if first.actor_id:
        lines.append(f"{words['by']}: {first.actor}")
    comment = first.payload.get("comment")
    if comment:
        lines.append(f"{words['comment']}: {comment}")
    return Message(subject=summary[:200], lines=tuple(lines))
