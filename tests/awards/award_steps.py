"""Steps shared by the council, decision and certificate tests: the ward's people doing their part."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from awards.decisions import decision_create, decision_sign
from awards.issuance import decision_issue
from council.services import council_session_close, council_session_create, council_vote_cast
from demo.catalogues import Ward
from nominations.models import CouncilSession, Decision, Nomination
from tests.conftest import ACCEPT, RECOMMEND, SUBMIT, individual

TO_COUNCIL = (SUBMIT, ACCEPT, RECOMMEND)
# member1 belongs to unit1's unit and is recused from unit1's files: these four make the quorum.
VOTERS = ("chair", "member2", "member3", "member4")


_GIVEN_NAMES = iter(f"{given} {n}" for n in range(1, 10_000) for given in ["Ánh Tuyết"])


def person(name: str | None = None) -> dict[str, Any]:
    """An individual nominee with a name of its own, so the duplicate-award guard stays out of the way."""
    return individual(name or f"Nguyễn Thị {next(_GIVEN_NAMES)}")


def convene(ward: Ward, *nominations: Nomination, title: str = "Phiên họp xét khen thưởng") -> CouncilSession:
    import datetime

    return council_session_create(
        actor=ward.users["secretary"],
        title=title,
        held_on=datetime.date.today(),
        nomination_ids=[n.pk for n in nominations],
    )


def vote_all(ward: Ward, session: CouncilSession, nominee_id: int, choices: dict[str, str]) -> None:
    for username, choice in choices.items():
        council_vote_cast(session_id=session.pk, actor=ward.users[username], nominee_id=nominee_id, choice=choice)


def approved_files(
    ward: Ward, make_nomination: Callable[..., Nomination], count: int = 1, **kwargs: Any
) -> list[Nomination]:
    """Files that went through a council session in which the four voters agreed on every nominee."""
    kwargs.setdefault("nominees", None)
    files = [
        make_nomination(steps=TO_COUNCIL, **{**kwargs, "nominees": kwargs["nominees"] or [person()]})
        for _ in range(count)
    ]
    session = convene(ward, *files)
    for nomination in files:
        for nominee in nomination.nominees.all():
            vote_all(ward, session, nominee.pk, dict.fromkeys(VOTERS, "agree"))
    council_session_close(session_id=session.pk, actor=ward.users["chair"])
    return [Nomination.objects.get(pk=n.pk) for n in files]


def signed_decision(ward: Ward, files: Iterable[Nomination]) -> Decision:
    decision = decision_create(actor=ward.users["secretary"], nomination_ids=[n.pk for n in files])
    return decision_sign(decision_id=decision.pk, actor=ward.users["signer"])


def issued_decision(ward: Ward, files: Iterable[Nomination]) -> Decision:
    decision = signed_decision(ward, files)
    return decision_issue(decision_id=decision.pk, actor=ward.users["secretary"])


def new_chairman(ward: Ward, full_name: str) -> Any:
    """A Chairman of the ward who signs in his own name ("CHỦ TỊCH"), beside the demo's deputy."""
    from nominations.models import Membership, Role, SignerPosition, User

    user = User.objects.create(username="chairman", full_name=full_name)
    Membership.objects.create(
        user=user, organization=ward.organization, role=Role.SIGNER, position=SignerPosition.CHAIRMAN
    )
    ward.users["chairman"] = user
    return user


def paper_scan(name: str = "quyet-dinh-da-ky.pdf") -> Any:
    """The scan of a decision signed and stamped on paper, as the văn thư uploads it (a one-page PDF)."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return SimpleUploadedFile(name, out.getvalue(), content_type="application/pdf")


def pdf_text(content: bytes) -> str:
    import io

    from pypdf import PdfReader

    # Table cells wrap names across lines; compare with single spaces.
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())
