"""Decisions: drafting, segregation of duties at signing, gapless yearly numbers, documents, radio praise."""

from __future__ import annotations

import io
import threading

import pytest
from django.db import connection

from awards.broadcasts import broadcast_mark_aired
from awards.decisions import decision_create, decision_sign
from awards.documents import decision_docx, decision_pdf
from core.errors import Refusal
from demo.catalogues import seed_award_tables
from nominations.models import Broadcast, Decision, Membership, Nomination, Role, User
from tests.awards.award_steps import TO_COUNCIL, approved_files, pdf_text, person, signed_decision
from tests.conftest import individual


@pytest.fixture(autouse=True)
def _prize_tables(ward):
    seed_award_tables(ward)


def test_the_secretary_drafts_a_decision_over_approved_files_only(ward, make_nomination):
    approved = approved_files(ward, make_nomination)[0]
    recommended = make_nomination(steps=TO_COUNCIL, nominees=[person()])

    with pytest.raises(Refusal) as not_ready:
        decision_create(actor=ward.users["secretary"], nomination_ids=[approved.pk, recommended.pk])
    with pytest.raises(Refusal) as by_signer:
        decision_create(actor=ward.users["signer"], nomination_ids=[approved.pk])
    decision = decision_create(actor=ward.users["secretary"], nomination_ids=[approved.pk])

    assert (not_ready.value.status, not_ready.value.code) == (409, "not_approved")
    assert (by_signer.value.status, by_signer.value.code) == (403, "secretary_only")
    assert Decision.objects.count() == 1
    assert decision.status == "draft"
    assert decision.number is None
    assert decision.number_text == ""


def test_a_file_goes_into_one_decision_only(ward, make_nomination):
    approved = approved_files(ward, make_nomination)[0]
    decision_create(actor=ward.users["secretary"], nomination_ids=[approved.pk])

    with pytest.raises(Refusal) as refused:
        decision_create(actor=ward.users["secretary"], nomination_ids=[approved.pk])

    assert refused.value.code == "already_in_decision"
    assert Decision.objects.count() == 1


def test_signing_numbers_the_decision_and_moves_files_to_decided(ward, make_nomination):
    first, second = approved_files(ward, make_nomination, count=2)

    one = signed_decision(ward, [first])
    two = signed_decision(ward, [second])

    assert one.number_text == "01/QĐ-UBND"
    assert two.number_text == "02/QĐ-UBND"
    assert one.signed_by == ward.users["signer"]
    assert Nomination.objects.get(pk=first.pk).status == "decided"
    assert first.audit_entries.order_by("-seq").first().transition == "decide"


def test_the_drafter_may_not_sign(ward, make_nomination):
    approved = approved_files(ward, make_nomination)[0]
    Membership.objects.create(user=ward.users["secretary"], organization=ward.organization, role=Role.SIGNER)
    decision = decision_create(actor=ward.users["secretary"], nomination_ids=[approved.pk])

    with pytest.raises(Refusal) as refused:
        decision_sign(decision_id=decision.pk, actor=User.objects.get(username="secretary"))

    assert (refused.value.status, refused.value.code) == (403, "segregation_of_duties")
    decision.refresh_from_db()
    assert (decision.status, decision.number) == ("draft", None)
    assert Nomination.objects.get(pk=approved.pk).status == "approved"


def test_the_signer_may_not_sign_a_file_he_submitted(ward, make_nomination):
    signer = ward.users["signer"]
    Membership.objects.create(
        user=signer, organization=ward.organization, unit=ward.units["Hội Liên hiệp Phụ nữ phường"], role=Role.SUBMITTER
    )
    own = make_nomination(
        submitter="signer",
        nominees=[person()],
        steps=(("signer", "submit", ""), *TO_COUNCIL[1:]),
    )
    from council.services import council_session_close
    from tests.awards.award_steps import VOTERS, convene, vote_all

    session = convene(ward, own)
    vote_all(ward, session, own.nominees.get().pk, dict.fromkeys(VOTERS, "agree"))
    council_session_close(session_id=session.pk, actor=ward.users["chair"])
    decision = decision_create(actor=ward.users["secretary"], nomination_ids=[own.pk])

    with pytest.raises(Refusal) as refused:
        decision_sign(decision_id=decision.pk, actor=User.objects.get(username="signer"))

    assert refused.value.code == "segregation_of_duties"
    assert "do chính mình lập hoặc gửi" in refused.value.vi
    assert Decision.objects.get(pk=decision.pk).number is None


def test_only_a_signer_signs_and_only_once(ward, make_nomination):
    approved = approved_files(ward, make_nomination)[0]
    decision = decision_create(actor=ward.users["secretary"], nomination_ids=[approved.pk])

    with pytest.raises(Refusal) as by_chair:
        decision_sign(decision_id=decision.pk, actor=ward.users["chair"])
    decision_sign(decision_id=decision.pk, actor=ward.users["signer"])
    with pytest.raises(Refusal) as twice:
        decision_sign(decision_id=decision.pk, actor=ward.users["signer"])

    assert by_chair.value.code == "signer_only"
    assert (twice.value.status, twice.value.code) == (409, "already_signed")
    assert Decision.objects.get(pk=decision.pk).number == 1


def test_the_decision_pdf_follows_decree_30_with_its_list_and_prizes(ward, make_nomination):
    files = approved_files(
        ward,
        make_nomination,
        nominees=[
            individual("Nguyễn Thị Ánh Tuyết", position="Chi hội trưởng"),
            {"kind": "collective", "name": "Chi hội Phụ nữ khóm Tây Khánh", "details": {}},
            {"kind": "household", "name": "Võ Văn Mười", "details": {"address": "Khóm Tây Khánh"}},
        ],
    )
    decision = signed_decision(ward, files)

    text = pdf_text(decision_pdf(decision))

    for expected in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "ỦY BAN NHÂN DÂN PHƯỜNG MỸ THẠNH",
        "Số: 01/QĐ-UBND",
        f"ngày {decision.signed_on.day:02d} tháng",
        "Luật Thi đua, khen thưởng",
        "244/KH-UBND",
        "Điều 1",
        "Điều 2",
        "Điều 3",
        "Nơi nhận",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "Trương Minh Ký",
        "CÁ NHÂN",
        "TẬP THỂ",
        "HỘ GIA ĐÌNH",
        "Bà Nguyễn Thị Ánh Tuyết",
        "Chi hội Phụ nữ khóm Tây Khánh",
        "Võ Văn Mười",
        "710.000 đồng",
        "1.410.000 đồng",
    ]:
        assert expected in text, expected


def test_the_decision_docx_is_editable_with_the_same_content(ward, make_nomination):
    from docx import Document

    files = approved_files(ward, make_nomination, nominees=[individual("Phạm Văn Đức")])
    decision = signed_decision(ward, files)

    document = Document(io.BytesIO(decision_docx(decision)))
    text = "\n".join(p.text for p in document.paragraphs) + "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )

    assert "01/QĐ-UBND" in text
    assert "Phạm Văn Đức" in text
    assert "KT. CHỦ TỊCH" in text
    assert "QUYẾT ĐỊNH" in text


def test_a_draft_decision_prints_a_blank_for_its_number(ward, make_nomination):
    files = approved_files(ward, make_nomination)
    decision = decision_create(actor=ward.users["secretary"], nomination_ids=[files[0].pk])

    text = pdf_text(decision_pdf(decision))

    assert "/QĐ-UBND" in text
    assert "01/QĐ-UBND" not in text


def test_radio_praise_goes_to_the_broadcaster_who_marks_it_aired(ward, make_nomination):
    files = approved_files(
        ward, make_nomination, award="tuyen_duong_phat_thanh", nominees=[individual("Hồ Thị Kim Yến")]
    )
    decision = signed_decision(ward, files)
    broadcast = Broadcast.objects.get(decision=decision)

    with pytest.raises(Refusal) as by_secretary:
        broadcast_mark_aired(broadcast_id=broadcast.pk, actor=ward.users["secretary"])
    aired = broadcast_mark_aired(broadcast_id=broadcast.pk, actor=ward.users["broadcaster"])
    with pytest.raises(Refusal) as twice:
        broadcast_mark_aired(broadcast_id=broadcast.pk, actor=ward.users["broadcaster"])

    assert "Hồ Thị Kim Yến" in broadcast.script
    assert decision.number_text in broadcast.script
    assert broadcast.air_on > decision.signed_on
    assert by_secretary.value.status == 403
    assert (aired.status, aired.aired_by) == ("aired", ward.users["broadcaster"])
    assert twice.value.status == 409


def test_a_giay_khen_decision_has_no_broadcast(ward, make_nomination):
    decision = signed_decision(ward, approved_files(ward, make_nomination))

    assert not Broadcast.objects.filter(decision=decision).exists()


def test_recognised_title_files_are_decided_without_a_council(ward, make_nomination):
    recognised = make_nomination(
        award="cong_dan_hoc_tap",
        nominees=[person()],
        steps=(TO_COUNCIL[0], TO_COUNCIL[1], ("reviewer", "recognize", "Đạt tiêu chí")),
    )

    decision = signed_decision(ward, [recognised])

    assert Nomination.objects.get(pk=recognised.pk).status == "decided"
    assert decision.summary == "Về việc công nhận danh hiệu Công dân học tập"


def _run_in_threads(target, items):
    barrier = threading.Barrier(len(items))
    errors: list[BaseException] = []

    def run(item):
        try:
            barrier.wait()
            target(item)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(item,)) for item in items]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


@pytest.mark.django_db(transaction=True)
def test_many_decisions_signed_at_once_get_gapless_unique_numbers(ward, make_nomination):
    if connection.vendor != "postgresql":
        pytest.skip("row locks under real concurrency need PostgreSQL")
    files = approved_files(ward, make_nomination, count=8)
    drafts = [decision_create(actor=ward.users["secretary"], nomination_ids=[f.pk]) for f in files]
    signer = ward.users["signer"]

    errors = _run_in_threads(lambda d: decision_sign(decision_id=d.pk, actor=signer), drafts)

    assert errors == []
    numbers = sorted(Decision.objects.values_list("number", flat=True))
    assert numbers == list(range(1, 9))
    assert Nomination.objects.filter(status="decided").count() == 8
