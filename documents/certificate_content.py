"""What a certificate says, whichever way it is drawn: the data and the words it prints."""

from dataclasses import dataclass
from datetime import date
from typing import Any

import segno

from documents.body import Body
from documents.dates import vn_date, vn_long_date
from documents.names import printed_name


@dataclass(frozen=True, kw_only=True)
class CertificateDoc:
    body: Body
    recipient_name: str
    decision_number: str
    decision_date: date
    register_number: str  # số sổ khen thưởng
    signer_name: str
    verify_url: str
    award_name: str = "GIẤY KHEN"
    honorific: str = ""  # "Ông" / "Bà"; for a household, its head's
    nominee_kind: str = "individual"
    # A title is recognised ("CÔNG NHẬN"), a Giấy khen given ("TẶNG"); the level where the title has levels.
    recognition: bool = False
    level_text: str = ""
    position: str = ""
    unit_name: str = ""
    achievements: str = ""
    signer_title: str = "PHÓ CHỦ TỊCH"
    signer_authority: str = "KT. CHỦ TỊCH"
    revoked: bool = False


def qr_data_uri(url: str) -> str:
    # SVG stays sharp at any print resolution; level M survives a scuffed paper copy.
    return segno.make(url, error="m", micro=False).svg_data_uri(scale=4, border=2)


def certificate_context(doc: CertificateDoc, *, with_qr: bool = True) -> dict[str, Any]:
    recipient = printed_name(doc.nominee_kind, doc.recipient_name, doc.honorific)
    return {
        "giver": f"CHỦ TỊCH {doc.body.issuing_body.upper()}",
        "award_name": doc.award_name,
        "gives": "CÔNG NHẬN" if doc.recognition else "TẶNG",
        "paper": "GIẤY CÔNG NHẬN" if doc.recognition else "",
        "level_text": doc.level_text,
        "recipient": recipient,
        "position_unit": ", ".join(part for part in (doc.position, doc.unit_name) if part),
        "achievements": doc.achievements,
        "decision_text": f"Quyết định số {doc.decision_number} ngày {vn_date(doc.decision_date)}",
        "register_number": doc.register_number,
        "date_line": vn_long_date(doc.decision_date, doc.body.place_name),
        "signer": {"authority": doc.signer_authority, "title": doc.signer_title, "name": doc.signer_name},
        "verify_url": doc.verify_url,
        "qr": qr_data_uri(doc.verify_url) if with_qr else "",
        "revoked": doc.revoked,
    }
