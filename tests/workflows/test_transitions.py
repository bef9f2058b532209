"""Every public transition of SPEC.md §3 and every guard, through the transition service."""

from __future__ import annotations

import datetime

import pytest

from core.errors import Refusal
from nominations.models import AwardHistory, Nomination, Nominee
from tests.conftest import ACCEPT, RECOMMEND, SUBMIT, individual
from tests.workflows.lifecycle import footprint
from workflows.drafting import nomination_update
from workflows.models import AuditEntry, OutboxEvent
from workflows.selectors import flow_disagreements
from workflows.services import nomination_transition

RETURN = ("reviewer", "return_for_revision", "Bổ sung biên bản họp có chữ ký")


def household(name: str = "Nguyễn Văn Tư", address: str = "Khóm Đông Thạnh") -> dict:
    return {"kind": "household", "name": name, "details": {"address": address}, "achievements": "Gia đình học tập"}


def perform(ward, nomination, who, name, comment=""):
    return nomination_transition(
        nomination_id=nomination.pk,
        name=name,
        actor=ward.users[who],
        version=Nomination.objects.get(pk=nomination.pk).version,
        comment=comment,
        client_ip="203.0.113.7",
    )


def refused(ward, nomination, who, name, comment="", *, version=None) -> Refusal:
    """Perform a transition that must be refused; assert that nothing about the file changed."""
    before = footprint(nomination.pk)
    with pytest.raises(Refusal) as caught:
        nomination_transition(
            nomination_id=nomination.pk,
            name=name,
            actor=ward.users[who],
            version=before.version if version is None else version,
            comment=comment,
        )
    assert footprint(nomination.pk) == before
    return caught.value


# --- transitions -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("steps", "transition", "expected"),
    [
        ((), ("unit1", "submit", ""), "submitted"),
        ((), ("unit1", "withdraw", "Đơn vị rút"), "withdrawn"),
        ((SUBMIT,), ("unit1", "withdraw", ""), "withdrawn"),
        ((SUBMIT,), ("reviewer", "accept", ""), "under_review"),
        ((SUBMIT, ACCEPT), RETURN, "returned"),
        ((SUBMIT, ACCEPT, RETURN), ("unit1", "withdraw", ""), "withdrawn"),
        ((SUBMIT, ACCEPT, RETURN), ("unit1", "submit", "Đã bổ sung"), "submitted"),
        ((SUBMIT, ACCEPT), ("reviewer", "reject", "Chưa đủ tiêu chuẩn"), "rejected"),
        ((SUBMIT, ACCEPT), RECOMMEND, "recommended"),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_each_transition_moves_the_file_and_records_it_once(ward, make_nomination, steps, transition, expected):
    # given a commendation file in the source state
    nomination = make_nomination(steps=steps)
    before = footprint(nomination.pk)
    who, name, comment = transition

    # when the right person performs the transition with the current version
    moved = perform(ward, nomination, who, name, comment)

    # then the state changed, the version grew by one, and exactly one audit row and one outbox row were added
    after = footprint(nomination.pk)
    assert moved.status == after.status == expected
    assert after.version == before.version + 1
    assert after.audit_rows == before.audit_rows + 1
    assert after.outbox_rows == before.outbox_rows + 1
    entry = AuditEntry.objects.filter(nomination_id=nomination.pk).latest("seq")
    assert (entry.transition, entry.source, entry.target) == (name, before.status, expected)
    assert (entry.actor_id, entry.comment, entry.client_ip) == (ward.users[who].pk, comment, "203.0.113.7")
    event = OutboxEvent.objects.filter(nomination_id=nomination.pk).latest("id")
    assert event.event == f"nomination.{name}"
    assert event.payload["source"] == before.status
    assert event.payload["target"] == expected
    assert flow_disagreements(Nomination.objects.filter(pk=nomination.pk)) == []


def test_recognize_approves_a_title_file_and_every_pending_household(ward, make_nomination):
    # given a Gia đình học tập file of the khóm with two households, under review
    nomination = make_nomination(
        submitter="unit2",
        award="gia_dinh_hoc_tap",
        nominees=[household("Nguyễn Văn Tư"), household("Trần Thị Sáu")],
        steps=(("unit2", "submit", ""), ACCEPT),
    )

    # when the reviewer recognises it
    moved = perform(ward, nomination, "reviewer", "recognize", "Đạt tiêu chí")

    # then it is approved without a council, and each household carries its own approved result
    assert moved.status == "approved"
    assert set(Nominee.objects.filter(nomination=nomination).values_list("result", flat=True)) == {"approved"}
    assert flow_disagreements(Nomination.objects.filter(pk=nomination.pk)) == []


def test_a_submission_sets_the_appraisal_deadline_and_the_submitter(ward, make_nomination):
    nomination = make_nomination()

    moved = perform(ward, nomination, "unit1", "submit")

    assert moved.submitted_by_id == ward.users["unit1"].pk
    assert moved.due_on is not None
    assert moved.due_on > datetime.date.today()


def test_withdraw_and_reject_close_every_pending_nominee(ward, make_nomination):
    withdrawn = make_nomination(nominees=[individual("Lê Thị A"), individual("Lê Thị B")])
    rejected = make_nomination(nominees=[individual("Lê Thị C")], steps=(SUBMIT, ACCEPT))

    perform(ward, withdrawn, "unit1", "withdraw", "Rút")
    perform(ward, rejected, "reviewer", "reject", "Chưa đủ tiêu chuẩn")

    assert set(withdrawn.nominees.values_list("result", flat=True)) == {"withdrawn"}
    assert list(rejected.nominees.values_list("result", "result_reason")) == [("not_approved", "Chưa đủ tiêu chuẩn")]


# --- guards ------------------------------------------------------------------------------------------------


def test_submit_is_refused_once_the_round_has_closed(ward, make_nomination):
    nomination = make_nomination()
    rnd = ward.rounds["current"]
    today = datetime.date.today()
    type(rnd).objects.filter(pk=rnd.pk).update(
        opens_on=today - datetime.timedelta(days=60), closes_on=today - datetime.timedelta(days=1)
    )

    refusal = refused(ward, nomination, "unit1", "submit")

    assert (refusal.code, refusal.status) == ("round_closed", 400)
    assert rnd.name in refusal.vi
    assert rnd.name in refusal.en


def test_submit_is_refused_before_the_round_opens(ward, make_nomination):
    nomination = make_nomination()
    rnd = ward.rounds["current"]
    today = datetime.date.today()
    type(rnd).objects.filter(pk=rnd.pk).update(
        opens_on=today + datetime.timedelta(days=1), closes_on=today + datetime.timedelta(days=60)
    )

    assert refused(ward, nomination, "unit1", "submit").code == "round_closed"


def test_resubmission_after_return_is_also_bound_by_the_window(ward, make_nomination):
    nomination = make_nomination(steps=(SUBMIT, ACCEPT, RETURN))
    rnd = ward.rounds["current"]
    today = datetime.date.today()
    type(rnd).objects.filter(pk=rnd.pk).update(closes_on=today - datetime.timedelta(days=1))

    assert refused(ward, nomination, "unit1", "submit").code == "round_closed"


def test_submit_is_refused_without_a_nominee(ward, make_nomination):
    nomination = make_nomination(nominees=[])

    refusal = refused(ward, nomination, "unit1", "submit")

    assert (refusal.code, refusal.status) == ("no_nominees", 400)


def test_submit_is_refused_when_every_nominee_was_removed_on_revision(ward, make_nomination):
    nomination = make_nomination(steps=(SUBMIT, ACCEPT, RETURN))
    nomination_update(
        nomination_id=nomination.pk, actor=ward.users["unit1"], version=nomination.version, changes={"nominees": []}
    )

    assert refused(ward, nomination, "unit1", "submit").code == "no_nominees"


def test_submit_is_refused_with_missing_attachments_naming_each_missing_kind(ward, make_nomination):
    nomination = make_nomination(attachments=("minutes",))

    refusal = refused(ward, nomination, "unit1", "submit")

    assert (refusal.code, refusal.status) == ("missing_attachments", 400)
    assert refusal.extra["missing"] == ["proposal", "achievement_report"]
    assert "proposal" in refusal.en
    assert "achievement_report" in refusal.en
    assert "minutes" not in refusal.en


def test_submit_is_refused_with_no_attachment_at_all(ward, make_nomination):
    nomination = make_nomination(attachments=())

    refusal = refused(ward, nomination, "unit1", "submit")

    assert refusal.extra["missing"] == ["proposal", "minutes", "achievement_report"]


@pytest.mark.parametrize("name", ["return_for_revision", "reject"])
@pytest.mark.parametrize("comment", ["", "   \n\t"])
def test_return_and_reject_need_a_comment(ward, make_nomination, name, comment):
    nomination = make_nomination(steps=(SUBMIT, ACCEPT))

    refusal = refused(ward, nomination, "reviewer", name, comment)

    assert (refusal.code, refusal.status) == ("comment_required", 400)


def test_a_title_file_cannot_be_recommended_to_the_council(ward, make_nomination):
    nomination = make_nomination(
        submitter="unit2", award="gia_dinh_hoc_tap", nominees=[household()], steps=(("unit2", "submit", ""), ACCEPT)
    )

    refusal = refused(ward, nomination, "reviewer", "recommend", "Đủ điều kiện")

    assert (refusal.code, refusal.status) == ("wrong_track", 400)


def test_a_commendation_file_cannot_be_recognised_by_the_reviewer(ward, make_nomination):
    nomination = make_nomination(steps=(SUBMIT, ACCEPT))

    refusal = refused(ward, nomination, "reviewer", "recognize", "Đạt")

    assert (refusal.code, refusal.status) == ("wrong_track", 400)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (
            individual("Nguyễn Văn An", citizen_id="089123456789"),
            individual("Nguyễn Văn Ân", citizen_id="089123456789"),
        ),
        (
            individual("Nguyễn Văn An", birth_year=1980, address="Khóm Đông Thạnh"),
            individual("  nguyễn  văn AN ", birth_year=1980, address="khóm Đông Thạnh"),
        ),
    ],
    ids=["same citizen id", "same name, birth year and address"],
)
def test_the_same_person_cannot_be_in_two_live_files_of_one_round_and_award(ward, make_nomination, first, second):
    # given the person is already in a submitted file of this round for Giấy khen
    earlier = make_nomination(nominees=[first], steps=(SUBMIT,))
    # and another unit files the same person: its submission must not tell it about unit1's file
    later = make_nomination(submitter="unit2", nominees=[second])
    perform(ward, later, "unit2", "submit")

    # the reviewer, who reads both files, is refused intake of the later one; the earlier one stands
    refusal = refused(ward, later, "reviewer", "accept")

    assert (refusal.code, refusal.status) == ("duplicate_award", 400)
    assert refusal.extra["nominees"] == [later.nominees.get().pk]
    assert perform(ward, earlier, "reviewer", "accept").status == "under_review"


def test_the_submitting_unit_learns_nothing_of_a_cccd_on_another_units_or_organisations_file(ward, make_nomination):
    from nominations.models import Organization

    cccd = "089123456789"
    make_nomination(nominees=[individual("Nguyễn Văn An", citizen_id=cccd)], steps=(SUBMIT,))
    elsewhere = Organization.objects.exclude(pk=ward.organization.pk).first() or ward.organization.parent
    AwardHistory.objects.create(
        organization=elsewhere,
        kind="individual",
        name="Nguyễn Văn An",
        citizen_id=cccd,
        award_kind=ward.award_kinds["giay_khen"],
        award_name="Giấy khen",
        year=ward.rounds["current"].year,
        decision_number="1/QĐ-UBND",
        decision_date=ward.rounds["current"].opens_on,
        level="phường",
    )
    probe = make_nomination(submitter="unit2", nominees=[individual("Tên Bất Kỳ", citizen_id=cccd)])

    assert perform(ward, probe, "unit2", "submit").status == "submitted"


def test_a_duplicate_in_a_withdrawn_file_or_a_title_does_not_block(ward, make_nomination):
    person = individual("Nguyễn Văn An", citizen_id="089123456789")
    make_nomination(nominees=[person], steps=(("unit1", "withdraw", "Rút"),))
    make_nomination(award="cong_dan_hoc_tap", nominees=[person], steps=(SUBMIT,))
    other_person = individual("Nguyễn Văn An", birth_year=1970)
    make_nomination(nominees=[other_person], steps=(SUBMIT,))
    later = make_nomination(submitter="unit2", nominees=[person])

    assert perform(ward, later, "unit2", "submit").status == "submitted"


def test_a_person_already_holding_the_award_that_year_is_refused(ward, make_nomination):
    rnd = ward.rounds["current"]
    AwardHistory.objects.create(
        organization=ward.organization,
        kind="individual",
        name="Nguyễn Văn An",
        citizen_id="089123456789",
        award_kind=ward.award_kinds["giay_khen"],
        award_name="Giấy khen của Chủ tịch UBND phường",
        year=rnd.year,
        decision_number="12/QĐ-UBND",
        decision_date=rnd.opens_on,
        level="phường",
    )
    nomination = make_nomination(nominees=[individual("Nguyễn Văn An", citizen_id="089123456789")])

    assert refused(ward, nomination, "unit1", "submit").code == "duplicate_award"


def test_the_same_award_held_in_another_year_does_not_block(ward, make_nomination):
    rnd = ward.rounds["current"]
    AwardHistory.objects.create(
        organization=ward.organization,
        kind="individual",
        name="Nguyễn Văn An",
        citizen_id="089123456789",
        award_kind=ward.award_kinds["giay_khen"],
        award_name="Giấy khen của Chủ tịch UBND phường",
        year=rnd.year - 1,
        decision_number="12/QĐ-UBND",
        decision_date=datetime.date(rnd.year - 1, 6, 1),
        level="phường",
    )
    nomination = make_nomination(nominees=[individual("Nguyễn Văn An", citizen_id="089123456789")])

    assert perform(ward, nomination, "unit1", "submit").status == "submitted"


# --- version and state ---------------------------------------------------------------------------------------


def test_a_stale_version_is_refused_with_409(ward, make_nomination):
    nomination = make_nomination()

    refusal = refused(ward, nomination, "unit1", "submit", version=nomination.version - 1)

    assert (refusal.code, refusal.status) == ("stale_version", 409)
    assert refusal.extra["current_version"] == nomination.version


def test_a_future_version_is_refused_too(ward, make_nomination):
    nomination = make_nomination()

    assert refused(ward, nomination, "unit1", "submit", version=nomination.version + 1).status == 409


@pytest.mark.parametrize(
    ("steps", "who", "name"),
    [
        ((SUBMIT, ACCEPT), "reviewer", "accept"),
        ((SUBMIT,), "unit1", "submit"),
        ((SUBMIT, ACCEPT, RECOMMEND), "reviewer", "accept"),
        ((SUBMIT, ACCEPT, RECOMMEND), "unit1", "withdraw"),
        ((("unit1", "withdraw", ""),), "unit1", "submit"),
        ((SUBMIT, ACCEPT, ("reviewer", "reject", "Không đạt")), "reviewer", "return_for_revision"),
    ],
)
def test_a_transition_not_possible_from_the_state_is_refused_with_409(ward, make_nomination, steps, who, name):
    nomination = make_nomination(steps=steps)

    refusal = refused(ward, nomination, who, name, "Lý do")

    assert (refusal.code, refusal.status) == ("invalid_transition", 409)


@pytest.mark.parametrize("name", ["place_in_council", "decide", "issue", "council_approve", "delete", "status"])
def test_internal_or_unknown_transitions_are_not_available_by_name(ward, make_nomination, name):
    nomination = make_nomination(steps=(SUBMIT, ACCEPT, RECOMMEND))

    refusal = refused(ward, nomination, "reviewer", name)

    assert refusal.status == 404
    assert refusal.code == "unknown_transition"


def test_an_unknown_file_is_404(ward):
    import uuid

    with pytest.raises(Refusal) as caught:
        nomination_transition(nomination_id=uuid.uuid4(), name="submit", actor=ward.users["unit1"], version=1)
    assert caught.value.status == 404


def test_a_refused_guard_leaves_no_partial_nominee_results(ward, make_nomination):
    nomination = make_nomination(steps=(SUBMIT, ACCEPT))

    refused(ward, nomination, "reviewer", "reject", "")

    assert set(nomination.nominees.values_list("result", flat=True)) == {"pending"}
