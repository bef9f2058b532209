"""The secretary records the written vote of an absent member with the scanned ballot; the minutes."""

from __future__ import annotations

import io

from demo.files import DEMO_PDF
from nominations.models import CouncilVote
from tests.awards.award_steps import TO_COUNCIL, convene, person


def test_the_secretary_records_a_written_vote_with_the_ballot(web, ward, make_nomination):
    # given an open session
    nomination = make_nomination(steps=TO_COUNCIL, nominees=[person()])
    session = convene(ward, nomination)
    nominee = nomination.nominees.get()
    secretary = web("secretary")
    assert "/phieu-viet/" in secretary.get(f"/hoi-dong/{session.pk}/").content.decode()
    ballot = io.BytesIO(DEMO_PDF)
    ballot.name = "phieu.pdf"

    # when the secretary records member2's written vote with the scan
    response = secretary.post(
        f"/hoi-dong/{session.pk}/phieu-viet/",
        {"member": ward.users["member2"].pk, "nominee": nominee.pk, "choice": "agree", "ballot": ballot},
    )

    # then the vote is member2's, in writing, recorded by the secretary, with the ballot stored
    assert response.status_code == 302
    vote = CouncilVote.objects.get(session=session, member=ward.users["member2"])
    assert (vote.choice, vote.in_writing, vote.recorded_by_id) == ("agree", True, ward.users["secretary"].pk)
    assert vote.ballot.name.endswith(".pdf")
    assert "member2" not in secretary.get(f"/hoi-dong/{session.pk}/").content.decode()


def test_a_member_cannot_record_anothers_written_vote(web, ward, make_nomination):
    nomination = make_nomination(steps=TO_COUNCIL, nominees=[person()])
    session = convene(ward, nomination)
    nominee = nomination.nominees.get()

    response = web("member3").post(
        f"/hoi-dong/{session.pk}/phieu-viet/",
        {"member": ward.users["member2"].pk, "nominee": nominee.pk, "choice": "agree"},
    )

    assert response.status_code == 403
    assert not CouncilVote.objects.exists()


def test_the_closed_session_links_its_minutes(web, ward, make_nomination):
    nomination = make_nomination(steps=TO_COUNCIL, nominees=[person()])
    session = convene(ward, nomination)
    secretary = web("secretary")
    assert (
        f"/api/v1/council-sessions/{session.pk}/minutes.pdf"
        not in secretary.get(f"/hoi-dong/{session.pk}/").content.decode()
    )
    from tests.awards.award_steps import VOTERS, vote_all

    vote_all(ward, session, nomination.nominees.get().pk, dict.fromkeys(VOTERS, "agree"))
    secretary.post(f"/hoi-dong/{session.pk}/ket-thuc/")

    html = secretary.get(f"/hoi-dong/{session.pk}/").content.decode()
    assert f"/api/v1/council-sessions/{session.pk}/minutes.pdf" in html
    pdf = secretary.get(f"/api/v1/council-sessions/{session.pk}/minutes.pdf")
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"


def test_the_council_page_hides_counts_from_members_and_lets_the_member_dispute_a_written_vote(
    web, ward, make_nomination
):
    nomination = make_nomination(steps=TO_COUNCIL, nominees=[person()])
    session = convene(ward, nomination)
    nominee = nomination.nominees.get()
    web("member2").post(f"/hoi-dong/{session.pk}/bieu-quyet/", {"nominee": nominee.pk, "choice": "agree"})
    secretary = web("secretary")
    secretary.post(
        f"/hoi-dong/{session.pk}/phieu-viet/",
        {"member": ward.users["member4"].pk, "nominee": nominee.pk, "choice": "agree", "ballot": _scan()},
    )

    member_page = web("member3").get(f"/hoi-dong/{session.pk}/").content.decode()
    secretary_page = secretary.get(f"/hoi-dong/{session.pk}/").content.decode()
    member4 = web("member4")
    assert "/khieu-nai/" in member4.get(f"/hoi-dong/{session.pk}/").content.decode()
    disputed = member4.post(f"/hoi-dong/{session.pk}/khieu-nai/", {"nominee": nominee.pk, "reason": "Không phải tôi"})
    refused_close = secretary.post(f"/hoi-dong/{session.pk}/ket-thuc/")

    assert "Hiển thị khi phiên họp kết thúc" in member_page
    assert "2 / 0 / 0" not in member_page
    assert "2 / 0 / 0" in secretary_page
    assert disputed.status_code == 302
    assert refused_close.status_code == 409
    assert "Không phải tôi" in refused_close.content.decode()


def _scan() -> io.BytesIO:
    ballot = io.BytesIO(DEMO_PDF)
    ballot.name = "phieu.pdf"
    return ballot
