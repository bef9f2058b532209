"""The tờ trình a lower level sends its parent to propose an award above its own authority."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from documents.body import Body, header_context
from documents.pdf import render_pdf
from documents.templating import render_template


@dataclass(frozen=True, kw_only=True)
class ProposedNominee:
    name: str
    detail: str = ""
    achievements: str = ""


@dataclass(frozen=True, kw_only=True)
class ProposalDoc:
    body: Body
    number: str
    dated: date
    addressee: str  # "Ủy ban nhân dân thành phố Long Xuyên"
    award_name: str
    reason: str  # the achievements that justify the proposal
    legal_bases: Sequence[str]
    nominees: Sequence[ProposedNominee]
    signer_name: str
    signer_title: str = "CHỦ TỊCH"
    signer_authority: str = "TM. ỦY BAN NHÂN DÂN"
    recipients: Sequence[str] = ("Như trên;", "Lưu: VT.")


def proposal_context(doc: ProposalDoc) -> dict[str, Any]:
    if not doc.nominees:
        raise ValueError("a proposal names at least one nominee")
    return {
        "header": header_context(doc.body, doc.number, "TTr", doc.dated),
        "doc": doc,
        "summary": f"Về việc đề nghị tặng {doc.award_name}",
        "closing": (
            f"{doc.body.issuing_body} kính trình {doc.addressee} xem xét, "
            f"quyết định tặng {doc.award_name} cho {len(doc.nominees)} cá nhân, tập thể nêu trên."
        ),
        "signer": {"authority": doc.signer_authority, "title": doc.signer_title, "name": doc.signer_name},
    }


def render_proposal_html(doc: ProposalDoc) -> str:
    return render_template("documents/proposal.html", proposal_context(doc))


def render_proposal_pdf(doc: ProposalDoc) -> bytes:
    return render_pdf(render_proposal_html(doc))
