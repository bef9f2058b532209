"""Sample documents on made-up data, to preview a re-worded template before it is used."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from documents.body import Body
from documents.broadcast import BroadcastDoc, render_broadcast_pdf
from documents.certificate import CertificateDoc, render_certificate_pdf
from documents.decision import DecisionDoc, DecisionNominee, render_decision_pdf
from documents.minutes import MinutesDoc, MinutesItem, render_minutes_pdf
from documents.proposal import ProposalDoc, ProposedNominee, render_proposal_pdf

_BODY = Body(
    issuing_body="Ủy ban nhân dân phường Mẫu",
    parent_body="",
    place_name="Phường Mẫu",
    document_suffix="UBND",
)
_DAY = date(2025, 8, 19)


def _decision() -> bytes:
    return render_decision_pdf(
        DecisionDoc(
            body=_BODY,
            number="01/QĐ-UBND",
            signed_on=_DAY,
            summary="Về việc tặng Giấy khen",
            award_name="Giấy khen",
            proposal_ref="Tờ trình số 01/TTr-HKH ngày 05 tháng 8 năm 2025",
            signer_name="Nguyễn Văn Mẫu",
            nominees=[
                DecisionNominee(
                    kind="individual", name="Trần Thị Mẫu", honorific="Bà", achievements="Mẫu", prize_amount=710_000
                ),
                DecisionNominee(kind="household", name="Hộ ông Lê Văn Mẫu", address="Khóm 1", prize_amount=710_000),
            ],
        )
    )


def _certificate() -> bytes:
    return render_certificate_pdf(
        CertificateDoc(
            body=_BODY,
            recipient_name="Trần Thị Mẫu",
            honorific="Bà",
            achievements="Đã có thành tích mẫu",
            decision_number="01/QĐ-UBND",
            decision_date=_DAY,
            register_number="001/2025",
            signer_name="Nguyễn Văn Mẫu",
            verify_url="https://example.invalid/verify/mau/",
        )
    )


def _minutes() -> bytes:
    return render_minutes_pdf(
        MinutesDoc(
            body=Body("Hội đồng Thi đua – Khen thưởng", _BODY.issuing_body, _BODY.place_name, "HĐTĐKT"),
            session_title="Phiên họp mẫu",
            held_on=_DAY,
            place="Trụ sở Ủy ban nhân dân phường Mẫu",
            chair_name="Nguyễn Văn Mẫu",
            secretary_name="Lê Thị Mẫu",
            members_total=5,
            present=["Nguyễn Văn Mẫu", "Lê Thị Mẫu", "Phạm Văn Mẫu", "Võ Thị Mẫu"],
            absent_written=[],
            items=[
                MinutesItem(
                    nominee_name="Trần Thị Mẫu",
                    nomination_ref="HS-MAU",
                    agree=4,
                    disagree=0,
                    abstain=0,
                    result="Thông qua",
                )
            ],
            quorum_text="Có 4/5 thành viên tham gia biểu quyết.",
            conclusion="Hội đồng thống nhất đề nghị khen thưởng 1/1 trường hợp.",
        )
    )


def _proposal() -> bytes:
    return render_proposal_pdf(
        ProposalDoc(
            body=_BODY,
            number="01/TTr-UBND",
            dated=_DAY,
            addressee="Ủy ban nhân dân tỉnh Mẫu",
            award_name="Bằng khen",
            reason="Thành tích mẫu",
            legal_bases=["Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;"],
            nominees=[ProposedNominee(name="Bà Trần Thị Mẫu", achievements="Mẫu")],
            signer_name="Nguyễn Văn Mẫu",
        )
    )


def _broadcast() -> bytes:
    return render_broadcast_pdf(
        BroadcastDoc(
            body=_BODY,
            decision_number="01/QĐ-UBND",
            decision_date=_DAY,
            air_on=_DAY,
            names_with_achievements=[("Bà Trần Thị Mẫu", "Công dân học tập")],
        )
    )


SAMPLES: dict[str, Callable[[], bytes]] = {
    "documents/decision.html": _decision,
    "documents/certificate.html": _certificate,
    "documents/minutes.html": _minutes,
    "documents/proposal.html": _proposal,
    "documents/broadcast.html": _broadcast,
}


def render_sample(name: str) -> bytes:
    """The sample PDF of one template, rendered with whatever template_overrides are in force."""
    return SAMPLES[name]()
