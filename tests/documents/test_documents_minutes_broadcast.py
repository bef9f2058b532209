from datetime import date

import pytest

from documents.body import Body
from documents.broadcast import BroadcastDoc, render_broadcast_pdf, render_broadcast_text
from documents.minutes import MinutesDoc, MinutesItem, render_minutes_pdf
from tests.documents.conftest import SCRIPT, pdf_text, squeezed


@pytest.fixture
def minutes() -> MinutesDoc:
    return MinutesDoc(
        body=Body(
            issuing_body="Hội đồng Thi đua - Khen thưởng phường",
            parent_body="Ủy ban nhân dân phường Mỹ Thạnh",
            place_name="Mỹ Thạnh",
            document_suffix="HĐTĐKT",
        ),
        session_title="Xét khen thưởng phong trào xây dựng xã hội học tập năm 2025",
        held_on=date(2025, 1, 9),
        place="Hội trường Ủy ban nhân dân phường",
        chair_name="Lê Văn Tám",
        secretary_name="Phạm Thị Hoa",
        members_total=9,
        present=["Lê Văn Tám", "Phạm Thị Hoa", "Trần Văn Bảy"],
        absent_written=["Võ Minh Châu"],
        items=[
            MinutesItem(
                nominee_name="Bà Nguyễn Thị Ánh Tuyết",
                nomination_ref="Tờ trình số 12/TTr-HKH",
                agree=6,
                disagree=0,
                abstain=1,
                recused=["Trần Văn Bảy"],
                result="Đề nghị khen thưởng",
            ),
            MinutesItem(nominee_name=SCRIPT, nomination_ref="Hồ sơ số 3", agree=2, disagree=5, abstain=0),
        ],
        quorum_text="Số thành viên dự họp bảo đảm theo quy chế hoạt động của Hội đồng.",
        conclusion="Hội đồng thống nhất đề nghị Chủ tịch Ủy ban nhân dân phường tặng Giấy khen.",
    )


def test_the_minutes_record_who_voted_how_and_who_signs(minutes):
    # when the minutes are rendered
    text = pdf_text(render_minutes_pdf(minutes))
    flat = squeezed(text)
    # then title, date, votes, recusal, conclusion and both signers are there
    assert "BIÊN BẢN HỌP HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG" in text
    assert "Mỹ Thạnh, ngày 09 tháng 01 năm 2025" in text
    assert squeezed("Bà Nguyễn Thị Ánh Tuyết") in flat
    assert squeezed("Trần Văn Bảy") in flat
    assert squeezed("Số thành viên dự họp bảo đảm") in flat
    assert squeezed(SCRIPT) in flat
    assert "THƯ KÝ" in text
    assert "TM. HỘI ĐỒNG" in text
    assert "CHỦ TỊCH HỘI ĐỒNG" in text
    assert "Phạm Thị Hoa" in text


@pytest.fixture
def broadcast() -> BroadcastDoc:
    return BroadcastDoc(
        body=Body(
            issuing_body="Ủy ban nhân dân phường Mỹ Thạnh",
            parent_body="",
            place_name="Long Xuyên",
            document_suffix="UBND",
        ),
        decision_number="07/QĐ-UBND",
        decision_date=date(2025, 2, 5),
        air_on=date(2025, 2, 10),
        names_with_achievements=[
            ("Bà Nguyễn Thị Ánh Tuyết", "Công dân học tập tiêu biểu"),
            ("Trường Mầm non Hoa Sen", "Đơn vị học tập"),
        ],
    )


def test_the_radio_script_names_the_decision_and_everyone_awarded(broadcast):
    text = render_broadcast_text(broadcast)
    assert "Ngày 05 tháng 02 năm 2025, Chủ tịch Ủy ban nhân dân phường Mỹ Thạnh" in text
    assert "Quyết định số 07/QĐ-UBND" in text
    assert "- Bà Nguyễn Thị Ánh Tuyết: Công dân học tập tiêu biểu;" in text
    assert "- Trường Mầm non Hoa Sen: Đơn vị học tập;" in text
    assert "Phát sóng ngày 10 tháng 02 năm 2025" in text


def test_the_radio_script_prints_as_pdf(broadcast):
    text = pdf_text(render_broadcast_pdf(broadcast))
    assert "BẢN TIN TRUYỀN THANH" in text
    assert "- Bà Nguyễn Thị Ánh Tuyết: Công dân học tập tiêu biểu;" in text
