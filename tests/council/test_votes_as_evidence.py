"""Nobody decides alone: attacks on a council session by its own secretary and members, and what stops them."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from council.services import council_session_close, council_vote_dispute, council_written_vote_record
from demo.files import DEMO_PDF
from nominations.models import CouncilSession, CouncilVote, CouncilVoteDispute, Nomination, Nominee
from notifications.recipients import recipients_for
from tests.awards.award_steps import TO_COUNCIL, VOTERS, convene, pdf_text, person, vote_all
from tests.conftest import individual
from workflows.audit import session_chain, verify_chain
from workflows.models import AuditEntry, OutboxEvent


def _ballot(name: str = "phieu.pdf") -> io.BytesIO:
    scan = io.BytesIO(DEMO_PDF)
    scan.name = name
    return scan


@pytest.fixture
def session_on_one(ward, make_nomination):
    nomination = make_nomination(steps=TO_COUNCIL, nominees=[person()])
    session = convene(ward, nomination)
    return session, nomination, nomination.nominees.get()


def _votes_url(session: CouncilSession) -> str:
    return f"/api/v1/council-sessions/{session.pk}/votes/"


def _written(api, session, nominee, member: str, choice: str = "agree", **extra):
    body = {"nominee": nominee.pk, "choice": choice, "member": member, **extra}
    return api("secretary").post(_votes_url(session), body, format="multipart")


def test_the_secretary_cannot_cast_a_vote_of_his_own(api, session_on_one):
    session, _, nominee = session_on_one

    response = api("secretary").post(_votes_url(session), {"nominee": nominee.pk, "choice": "agree"}, format="json")

    assert (response.status_code, response.json()["code"]) == (403, "not_a_member")
    assert not CouncilVote.objects.exists()


def test_a_written_vote_without_the_scanned_ballot_is_refused(api, session_on_one):
    session, _, nominee = session_on_one

    response = _written(api, session, nominee, "member4")

    assert (response.status_code, response.json()["code"]) == (400, "ballot_required")
    assert not CouncilVote.objects.exists()
    assert not OutboxEvent.objects.filter(event="council.written_vote").exists()


def test_the_secretary_cannot_overwrite_a_vote_cast_in_person(api, session_on_one):
    session, _, nominee = session_on_one
    api("member2").post(_votes_url(session), {"nominee": nominee.pk, "choice": "disagree"}, format="json")

    response = _written(api, session, nominee, "member2", ballot=_ballot())

    assert (response.status_code, response.json()["code"]) == (409, "voted_in_person")
    vote = CouncilVote.objects.get(member__username="member2")
    assert (vote.choice, vote.in_writing, vote.recorded_by.username) == ("disagree", False, "member2")


def test_a_member_present_for_another_item_cannot_be_given_a_written_vote(ward, api, make_nomination):
    nomination = make_nomination(steps=TO_COUNCIL, nominees=[individual("Người Một"), individual("Người Hai")])
    session = convene(ward, nomination)
    first, second = nomination.nominees.order_by("id")
    api("member2").post(_votes_url(session), {"nominee": first.pk, "choice": "agree"}, format="json")

    response = _written(api, session, second, "member2", ballot=_ballot())

    assert (response.status_code, response.json()["code"]) == (409, "voted_in_person")
    assert not CouncilVote.objects.filter(nominee=second).exists()


def test_the_vote_endpoint_does_not_reveal_whether_a_username_exists(api, session_on_one):
    session, _, nominee = session_on_one

    unknown = _written(api, session, nominee, "no-such-user", ballot=_ballot())
    outsider = _written(api, session, nominee, "reviewer", ballot=_ballot())

    assert unknown.status_code == outsider.status_code == 403
    assert unknown.json() == outsider.json()
    assert not CouncilVote.objects.exists()


def test_a_written_vote_tells_the_member_who_may_dispute_it_and_the_session_cannot_close(ward, api, session_on_one):
    session, nomination, nominee = session_on_one
    vote_all(ward, session, nominee.pk, {"chair": "agree", "member2": "agree", "member3": "agree"})
    recorded = _written(api, session, nominee, "member4", ballot=_ballot())
    assert recorded.status_code == 200, recorded.content

    notice = OutboxEvent.objects.get(event="council.written_vote")
    disputed = api("member4").post(
        f"/api/v1/council-sessions/{session.pk}/votes/dispute/",
        {"nominee": nominee.pk, "reason": "Tôi không gửi phiếu này."},
        format="json",
    )
    close = api("chair").post(f"/api/v1/council-sessions/{session.pk}/close/")

    assert [u.username for u in recipients_for(notice)] == ["member4"]
    assert disputed.status_code == 201, disputed.content
    assert (close.status_code, close.json()["code"]) == (409, "vote_disputed")
    session.refresh_from_db()
    assert session.status == "open"
    assert Nomination.objects.get(pk=nomination.pk).status == "in_council"
    assert Nominee.objects.get(pk=nominee.pk).result == "pending"


def test_a_member_disputes_only_a_written_vote_in_his_own_name(api, session_on_one):
    session, _, nominee = session_on_one
    _written(api, session, nominee, "member4", ballot=_ballot())

    response = api("member3").post(
        f"/api/v1/council-sessions/{session.pk}/votes/dispute/",
        {"nominee": nominee.pk, "reason": "x"},
        format="json",
    )

    assert (response.status_code, response.json()["code"]) == (404, "no_written_vote")
    assert not CouncilVoteDispute.objects.exists()


def test_recasting_in_person_settles_the_dispute_and_the_session_closes(ward, api, session_on_one):
    session, _, nominee = session_on_one
    vote_all(ward, session, nominee.pk, {"chair": "agree", "member2": "agree", "member3": "agree"})
    _written(api, session, nominee, "member4", choice="agree", ballot=_ballot())
    council_vote_dispute(session_id=session.pk, actor=ward.users["member4"], nominee_id=nominee.pk, reason="Sai")

    recast = api("member4").post(_votes_url(session), {"nominee": nominee.pk, "choice": "disagree"}, format="json")
    close = api("chair").post(f"/api/v1/council-sessions/{session.pk}/close/")

    assert recast.status_code == 200
    assert CouncilVoteDispute.objects.get().status == "recast"
    vote = CouncilVote.objects.get(member__username="member4")
    assert (vote.choice, vote.in_writing) == ("disagree", False)
    assert close.status_code == 200, close.content


def test_withdrawing_the_written_vote_settles_the_dispute(ward, api, session_on_one):
    session, _, nominee = session_on_one
    _written(api, session, nominee, "member4", ballot=_ballot())
    council_vote_dispute(session_id=session.pk, actor=ward.users["member4"], nominee_id=nominee.pk, reason="Sai")

    by_member = api("member2").post(
        f"/api/v1/council-sessions/{session.pk}/votes/withdraw/",
        {"nominee": nominee.pk, "member": "member4"},
        format="json",
    )
    by_secretary = api("secretary").post(
        f"/api/v1/council-sessions/{session.pk}/votes/withdraw/",
        {"nominee": nominee.pk, "member": "member4"},
        format="json",
    )

    assert by_member.status_code == 403
    assert by_secretary.status_code == 204
    assert not CouncilVote.objects.filter(member__username="member4").exists()
    assert CouncilVoteDispute.objects.get().status == "withdrawn"


def test_every_act_is_in_the_sessions_chain_and_a_rewrite_is_reported(ward, api, make_nomination):
    nomination = make_nomination(steps=TO_COUNCIL, nominees=[person()])
    session = convene(ward, nomination)
    nominee = nomination.nominees.get()
    vote_all(ward, session, nominee.pk, {"chair": "disagree", "member2": "agree", "member3": "agree"})
    vote_all(ward, session, nominee.pk, {"chair": "agree"})  # a change of mind
    council_written_vote_record(
        session_id=session.pk,
        actor=ward.users["secretary"],
        member_username="member4",
        nominee_id=nominee.pk,
        choice="agree",
        ballot=io.BytesIO(DEMO_PDF),
        ballot_size=len(DEMO_PDF),
    )
    council_session_close(session_id=session.pk, actor=ward.users["chair"])

    chain = list(AuditEntry.objects.filter(chain=session_chain(session.pk)).order_by("seq"))
    actions = [entry.transition for entry in chain]
    assert actions == [
        "session_convened",
        "vote_cast",
        "vote_cast",
        "vote_cast",
        "vote_changed",
        "written_vote_recorded",
        "recused",
        "session_closed",
    ]
    assert chain[4].details["previous"] == {"choice": "disagree", "in_writing": False}
    assert chain[5].details["member"] == "member4"
    assert len(chain[5].details["ballot_sha256"]) == 64
    assert chain[6].details["member"] == "member1"
    assert verify_chain(chain) is None
    call_command("verify_audit")

    with connection.cursor() as cursor:  # someone with database access turns a disagreement into agreement
        cursor.execute(
            "UPDATE workflows_auditentry SET details = jsonb_set(details::jsonb, '{choice}', '\"agree\"')"
            " WHERE chain = %s AND seq = 2",
            [session_chain(session.pk)],
        )
    with pytest.raises(CommandError, match=session_chain(session.pk)):
        call_command("verify_audit")


def test_tallies_are_for_the_chair_and_secretary_until_the_session_closes(ward, api, session_on_one):
    session, _, nominee = session_on_one
    vote_all(ward, session, nominee.pk, dict.fromkeys(VOTERS, "agree"))
    url = f"/api/v1/council-sessions/{session.pk}/"

    seen = {name: api(name).get(url).json()["items"][0] for name in ("member2", "supervisor", "chair", "secretary")}
    council_session_close(session_id=session.pk, actor=ward.users["chair"])
    after = api("member2").get(url).json()["items"][0]

    for name in ("member2", "supervisor"):
        assert (seen[name]["agree"], seen[name]["projected_result"]) == (None, None), name
    for name in ("chair", "secretary"):
        assert (seen[name]["agree"], seen[name]["projected_result"]) == (4, "approved"), name
    assert (after["agree"], after["result"]) == (4, "approved")


def test_a_member_is_recused_as_the_nominee_by_cccd_and_by_name_read_as_a_person(ward, make_nomination):
    from council.tally import session_tally

    member2, member3 = ward.users["member2"], ward.users["member3"]
    member2.citizen_id = "089012345678"
    member2.save()
    nomination = make_nomination(
        steps=TO_COUNCIL,
        nominees=[
            individual("Võ  Văn Nam.", citizen_id="089012345678"),  # member2 by CCCD, the name spelt oddly
            individual(f"Ông {member3.full_name.upper()}"),  # member3 by name, with an honorific
            individual(member2.full_name, citizen_id="089099999999"),  # member2's namesake: another person
        ],
    )
    session = convene(ward, nomination)

    recused = {item.nominee.name: sorted(m.username for m in item.recused) for item in session_tally(session).items}

    names = [n.name for n in nomination.nominees.order_by("id")]
    assert recused[names[0]] == ["member1", "member2"]
    assert recused[names[1]] == ["member1", "member3"]
    assert recused[names[2]] == ["member1"]


def test_the_minutes_say_who_voted_how_unless_the_ballot_is_secret(ward, make_nomination):
    from council.documents import minutes_pdf

    nomination = make_nomination(steps=TO_COUNCIL, nominees=[person()])
    session = convene(ward, nomination)
    vote_all(ward, session, nomination.nominees.get().pk, {**dict.fromkeys(VOTERS, "agree"), "member4": "disagree"})
    council_session_close(session_id=session.pk, actor=ward.users["chair"])
    member4 = ward.users["member4"].full_name

    open_text = pdf_text(minutes_pdf(session))
    # the minutes are kept as closed, so the secret ballot is shown on the next session's minutes
    ward.organization.secret_ballot = True
    ward.organization.save()
    second = make_nomination(steps=TO_COUNCIL, nominees=[person("Trần Văn Kín")])
    session = convene(ward, second)
    vote_all(ward, session, second.nominees.get().pk, {**dict.fromkeys(VOTERS, "agree"), "member4": "disagree"})
    council_session_close(session_id=session.pk, actor=ward.users["chair"])
    secret_text = pdf_text(minutes_pdf(CouncilSession.objects.get(pk=session.pk)))

    assert f"Không đồng ý – {member4}" in open_text
    assert f"– {member4}" not in secret_text  # present, but nobody reads how he voted
    assert "Biểu quyết của từng thành viên" not in secret_text
    assert "phiếu kín" in secret_text
    assert "Không đồng ý" in secret_text  # the tally's column stays
