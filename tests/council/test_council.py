"""Council sessions: quorum and threshold arithmetic, recusal, written votes, refusals, minutes."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest

from core.errors import Refusal
from council.services import council_session_close, council_vote_cast, council_written_vote_record
from council.tally import decide_item, quorum_for, session_tally
from demo.files import DEMO_PDF
from nominations.models import CouncilVote, Nomination, Nominee
from tests.awards.award_steps import TO_COUNCIL, VOTERS, convene, pdf_text, person, vote_all
from tests.conftest import individual


@pytest.mark.parametrize(
    ("members", "numerator", "denominator", "quorum"),
    [(5, 2, 3, 4), (6, 2, 3, 4), (3, 2, 3, 2), (7, 2, 3, 5), (5, 1, 2, 3), (4, 1, 2, 2)],
)
def test_quorum_is_the_ceiling_of_the_fraction_of_all_members(members, numerator, denominator, quorum):
    assert quorum_for(members=members, numerator=numerator, denominator=denominator) == quorum


@pytest.mark.parametrize(
    ("agree", "members", "percent", "inclusive", "casting", "chair", "expected"),
    [
        (3, 5, "50", False, False, None, "approved"),  # 60% > 50%
        (2, 5, "50", False, False, "agree", "not_approved"),  # 40%
        (2, 4, "50", False, False, "agree", "not_approved"),  # a tie is not "more than half"
        (2, 4, "50", False, True, "agree", "approved"),  # ... unless the chair breaks it
        (2, 4, "50", False, True, "disagree", "not_approved"),
        (2, 4, "50", True, False, None, "approved"),  # an inclusive rule passes at the threshold
        (3, 5, "70", False, False, None, "not_approved"),  # an award kind's own 70%
        (4, 5, "70", False, False, None, "approved"),
        (0, 0, "50", False, False, None, "not_approved"),
    ],
)
def test_threshold_counts_agreement_against_all_members(agree, members, percent, inclusive, casting, chair, expected):
    result = decide_item(
        agree=agree,
        members=members,
        percent=Decimal(percent),
        inclusive=inclusive,
        casting_vote=casting,
        chair_choice=chair,
    )
    assert result == expected


def test_convening_moves_recommended_files_into_council(ward, make_nomination):
    nomination = make_nomination(steps=TO_COUNCIL, nominees=[person()])

    session = convene(ward, nomination)

    assert Nomination.objects.get(pk=nomination.pk).status == "in_council"
    assert sorted(m.username for m in session.members.all()) == ["chair", "member1", "member2", "member3", "member4"]
    assert session.chair.username == "chair"


def test_only_the_secretary_convenes_and_only_recommended_files(ward, make_nomination):
    from council.services import council_session_create

    recommended = make_nomination(steps=TO_COUNCIL, nominees=[person()])
    submitted = make_nomination(steps=TO_COUNCIL[:1], nominees=[person()])

    with pytest.raises(Refusal) as by_member:
        council_session_create(
            actor=ward.users["chair"],
            title="x",
            held_on=ward.rounds["current"].opens_on,
            nomination_ids=[recommended.pk],
        )
    with pytest.raises(Refusal) as not_ready:
        convene(ward, recommended, submitted)

    assert by_member.value.status == 403
    assert not_ready.value.code == "not_recommended"
    assert Nomination.objects.get(pk=recommended.pk).status == "recommended"  # nothing half-placed
    assert recommended.council_sessions.count() == 0


def test_a_member_of_the_nominating_unit_is_recused_and_told_why(ward, make_nomination):
    nomination = make_nomination(steps=TO_COUNCIL, nominees=[person()])
    session = convene(ward, nomination)
    nominee = nomination.nominees.get()

    with pytest.raises(Refusal) as refused:
        council_vote_cast(session_id=session.pk, actor=ward.users["member1"], nominee_id=nominee.pk, choice="agree")

    assert refused.value.status == 403
    assert refused.value.code == "recused"
    assert "đơn vị đề nghị" in refused.value.vi
    assert not CouncilVote.objects.exists()
    assert [m.username for m in session_tally(session).items[0].recused] == ["member1"]


def test_a_member_who_is_the_nominee_is_recused_from_that_item_only(ward, make_nomination):
    nomination = make_nomination(steps=TO_COUNCIL, nominees=[individual("Võ Văn Nam"), individual("Lê Văn Khác")])
    session = convene(ward, nomination)
    himself, other = nomination.nominees.order_by("id")

    with pytest.raises(Refusal) as refused:
        council_vote_cast(session_id=session.pk, actor=ward.users["member2"], nominee_id=himself.pk, choice="agree")
    council_vote_cast(session_id=session.pk, actor=ward.users["member2"], nominee_id=other.pk, choice="agree")

    assert refused.value.code == "recused"
    assert "người được đề nghị" in refused.value.vi
    assert CouncilVote.objects.filter(member=ward.users["member2"]).count() == 1


def test_someone_outside_the_council_may_not_vote(ward, make_nomination):
    nomination = make_nomination(steps=TO_COUNCIL, nominees=[person()])
    session = convene(ward, nomination)

    with pytest.raises(Refusal) as refused:
        council_vote_cast(
            session_id=session.pk, actor=ward.users["reviewer"], nominee_id=nomination.nominees.get().pk, choice="agree"
        )

    assert (refused.value.status, refused.value.code) == (403, "not_a_member")


def test_a_vote_can_change_until_the_session_closes_and_not_after(ward, make_nomination):
    nomination = make_nomination(steps=TO_COUNCIL, nominees=[person()])
    session = convene(ward, nomination)
    nominee = nomination.nominees.get()
    vote_all(ward, session, nominee.pk, dict.fromkeys(VOTERS, "disagree"))

    vote_all(ward, session, nominee.pk, {"chair": "agree", "member2": "agree", "member3": "agree"})
    council_session_close(session_id=session.pk, actor=ward.users["chair"])
    with pytest.raises(Refusal) as closed:
        council_vote_cast(session_id=session.pk, actor=ward.users["member4"], nominee_id=nominee.pk, choice="agree")

    assert CouncilVote.objects.filter(session=session).count() == 4
    assert Nominee.objects.get(pk=nominee.pk).result == "approved"
    assert (closed.value.status, closed.value.code) == (409, "session_closed")


def test_closing_without_quorum_is_refused_and_changes_nothing(ward, make_nomination):
    nomination = make_nomination(steps=TO_COUNCIL, nominees=[person()])
    session = convene(ward, nomination)
    nominee = nomination.nominees.get()
    vote_all(ward, session, nominee.pk, {"chair": "agree", "member2": "agree", "member3": "agree"})  # 3 of 5 < 4

    with pytest.raises(Refusal) as refused:
        council_session_close(session_id=session.pk, actor=ward.users["chair"])

    assert (refused.value.status, refused.value.code) == (400, "no_quorum")
    session.refresh_from_db()
    assert session.status == "open"
    assert Nomination.objects.get(pk=nomination.pk).status == "in_council"
    assert Nominee.objects.get(pk=nominee.pk).result == "pending"


def test_a_written_vote_of_an_absent_member_counts_for_quorum_and_keeps_the_ballot(ward, make_nomination):
    nomination = make_nomination(steps=TO_COUNCIL, nominees=[person()])
    session = convene(ward, nomination)
    nominee = nomination.nominees.get()
    vote_all(ward, session, nominee.pk, {"chair": "agree", "member2": "agree", "member3": "agree"})

    vote = council_written_vote_record(
        session_id=session.pk,
        actor=ward.users["secretary"],
        nominee_id=nominee.pk,
        choice="agree",
        member_username="member4",
        ballot=io.BytesIO(DEMO_PDF),
        ballot_size=len(DEMO_PDF),
    )
    council_session_close(session_id=session.pk, actor=ward.users["secretary"])

    assert vote.in_writing
    assert vote.member == ward.users["member4"]
    assert vote.ballot.read().startswith(b"%PDF-")
    assert Nominee.objects.get(pk=nominee.pk).result == "approved"


def test_a_written_ballot_that_is_not_a_document_is_refused(ward, make_nomination):
    nomination = make_nomination(steps=TO_COUNCIL, nominees=[person()])
    session = convene(ward, nomination)

    with pytest.raises(Refusal) as refused:
        council_written_vote_record(
            session_id=session.pk,
            actor=ward.users["secretary"],
            nominee_id=nomination.nominees.get().pk,
            choice="agree",
            member_username="member4",
            ballot=io.BytesIO(b"MZ\x90\x00 not a scan"),
            ballot_size=14,
        )

    assert refused.value.code == "unsupported_file_type"
    assert not CouncilVote.objects.exists()


def test_only_the_secretary_records_written_votes(ward, make_nomination):
    nomination = make_nomination(steps=TO_COUNCIL, nominees=[person()])
    session = convene(ward, nomination)

    with pytest.raises(Refusal) as refused:
        council_written_vote_record(
            session_id=session.pk,
            actor=ward.users["chair"],
            nominee_id=nomination.nominees.get().pk,
            choice="agree",
            member_username="member4",
            ballot=io.BytesIO(DEMO_PDF),
            ballot_size=len(DEMO_PDF),
        )

    assert refused.value.status == 403
    assert not CouncilVote.objects.exists()


def test_abstentions_count_as_not_agreeing_and_each_nominee_gets_its_result(ward, make_nomination):
    nomination = make_nomination(steps=TO_COUNCIL, nominees=[individual("Người Một"), individual("Người Hai")])
    session = convene(ward, nomination)
    first, second = nomination.nominees.order_by("id")
    vote_all(ward, session, first.pk, {"chair": "agree", "member2": "agree", "member3": "agree", "member4": "abstain"})
    vote_all(
        ward, session, second.pk, {"chair": "agree", "member2": "agree", "member3": "abstain", "member4": "abstain"}
    )

    council_session_close(session_id=session.pk, actor=ward.users["chair"])

    assert Nominee.objects.get(pk=first.pk).result == "approved"  # 3 of 5
    assert Nominee.objects.get(pk=second.pk).result == "not_approved"  # 2 of 5; abstaining is not agreeing
    assert Nomination.objects.get(pk=nomination.pk).status == "approved"  # at least one nominee approved


def test_a_file_with_no_approved_nominee_is_not_approved(ward, make_nomination):
    nomination = make_nomination(steps=TO_COUNCIL, nominees=[person()])
    session = convene(ward, nomination)
    vote_all(ward, session, nomination.nominees.get().pk, dict.fromkeys(VOTERS, "disagree"))

    council_session_close(session_id=session.pk, actor=ward.users["chair"])

    assert Nomination.objects.get(pk=nomination.pk).status == "not_approved"
    assert nomination.nominees.get().result == "not_approved"
    assert [e.transition for e in nomination.audit_entries.order_by("seq")][-2:] == [
        "place_in_council",
        "council_reject",
    ]


def test_the_award_kinds_threshold_and_the_chairs_casting_vote_are_data(ward, make_nomination):
    award = ward.award_kinds["giay_khen"]
    award.approval_threshold_percent = Decimal("60")
    award.save()
    organization = ward.organization
    organization.chair_casting_vote = True
    organization.save()
    nomination = make_nomination(steps=TO_COUNCIL, nominees=[individual("Người Một"), individual("Người Hai")])
    session = convene(ward, nomination)
    first, second = nomination.nominees.order_by("id")
    # 3 of 5 is exactly 60%: a tie at the threshold, decided by the chair's vote.
    vote_all(ward, session, first.pk, {"chair": "agree", "member2": "agree", "member3": "agree", "member4": "disagree"})
    vote_all(
        ward, session, second.pk, {"chair": "disagree", "member2": "agree", "member3": "agree", "member4": "agree"}
    )

    council_session_close(session_id=session.pk, actor=ward.users["chair"])

    assert Nominee.objects.get(pk=first.pk).result == "approved"
    assert Nominee.objects.get(pk=second.pk).result == "not_approved"


def test_only_the_chair_or_secretary_closes(ward, make_nomination):
    nomination = make_nomination(steps=TO_COUNCIL, nominees=[person()])
    session = convene(ward, nomination)
    vote_all(ward, session, nomination.nominees.get().pk, dict.fromkeys(VOTERS, "agree"))

    with pytest.raises(Refusal) as refused:
        council_session_close(session_id=session.pk, actor=ward.users["member2"])

    assert refused.value.status == 403
    session.refresh_from_db()
    assert session.status == "open"


def test_the_minutes_pdf_carries_the_tally_with_vietnamese_names(ward, make_nomination):
    from council.documents import minutes_pdf

    nomination = make_nomination(steps=TO_COUNCIL, nominees=[individual("Nguyễn Thị Ánh Tuyết")])
    session = convene(ward, nomination, title="Phiên họp xét Giấy khen đợt một")
    vote_all(ward, session, nomination.nominees.get().pk, dict.fromkeys(VOTERS, "agree"))
    council_session_close(session_id=session.pk, actor=ward.users["chair"])

    text = pdf_text(minutes_pdf(session))

    assert "Nguyễn Thị Ánh Tuyết" in text
    assert "Nguyễn Văn Chánh" in text  # the chair
    assert "Phạm Thị Mai" in text  # recused member1
    assert "BIÊN BẢN" in text


def test_the_agenda_notice_names_and_links_each_file_on_it(ward, make_nomination):
    from notifications.texts import compose
    from workflows.models import OutboxEvent

    files = [make_nomination(steps=TO_COUNCIL, nominees=[person()]) for _ in range(2)]
    convene(ward, *files)

    message = compose([OutboxEvent.objects.get(event="council.agenda")], "vi")

    for nomination in files:
        line = next(line for line in message.lines if nomination.reference in line)
        assert line.endswith(f"/ho-so/{nomination.pk}/")
        assert nomination.title in line
