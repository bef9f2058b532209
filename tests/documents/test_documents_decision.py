import time
from dataclasses import replace
from io import BytesIO

import pytest
from docx import Document

from documents.dates import BLANK
from documents.decision import DecisionNominee, render_decision_docx, render_decision_html, render_decision_pdf
from tests.documents.conftest import SCRIPT, pdf_fonts, pdf_text, squeezed

OFFICIAL_STRINGS = [
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Số: 07/QĐ-UBND",
    "Long Xuyên, ngày 05 tháng 02 năm 2025",
    "QUYẾT ĐỊNH:",
    "CHỦ TỊCH ỦY BAN NHÂN DÂN PHƯỜNG MỸ THẠNH",
    "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
    "Nơi nhận:",
    "- Như Điều 3;",
    "- Lưu: VT.",
    "KT. CHỦ TỊCH",
    "PHÓ CHỦ TỊCH",
    "Lê Văn Tám",
    "DANH SÁCH",
]


def docx_text(data: bytes) -> str:
    document = Document(BytesIO(data))
    cells = [
        paragraph.text
        for table in document.tables
        for row in table.rows
        for cell in row.cells
        for paragraph in cell.paragraphs
    ]
    return "\n".join([*(paragraph.text for paragraph in document.paragraphs), *cells])


def test_the_pdf_carries_every_official_string_intact(decision):
    # when the decision is rendered / then pypdf reads back the Vietnamese text unbroken
    text = pdf_text(render_decision_pdf(decision))
    for expected in OFFICIAL_STRINGS:
        assert expected in text
    assert "Nguyễn Thị Ánh Tuyết" in text
    assert "ngày 05 tháng 02 năm 2025" in text


def test_the_pdf_embeds_liberation_serif_2(decision):
    # when the decision is rendered
    fonts = pdf_fonts(render_decision_pdf(decision))
    # then every font is Liberation Serif, from the 2.x files that cover Vietnamese
    assert fonts
    assert {name.split("-Bold")[0].split("-Italic")[0] for name in fonts} == {"Liberation-Serif"}
    for font in fonts.values():
        assert font["name"].getDebugName(1) == "Liberation Serif"
        assert font["name"].getDebugName(5).startswith("Version 2.")


def test_the_pdf_is_a4_portrait_and_renders_fast(decision):
    render_decision_pdf(decision)
    started = time.perf_counter()
    pdf = render_decision_pdf(decision)
    elapsed = time.perf_counter() - started
    from pypdf import PdfReader

    box = PdfReader(BytesIO(pdf)).pages[0].mediabox
    assert (round(float(box.width) * 25.4 / 72), round(float(box.height) * 25.4 / 72)) == (210, 297)
    assert elapsed < 2


def test_the_articles_count_and_pay_each_group(decision):
    # given 2 individuals, 2 collectives, 1 household and 1 clan
    text = squeezed(pdf_text(render_decision_pdf(decision)))
    # then Điều 1 counts them and Điều 2 pays them from the fund, with the total in figures and words
    assert (
        squeezed("Tặng Giấy khen cho 2 cá nhân, 2 tập thể, 1 hộ gia đình và 1 dòng họ có tên trong danh sách") in text
    )
    assert squeezed("2 cá nhân × 710.000 đồng = 1.420.000 đồng") in text
    assert squeezed("2 tập thể × 1.410.000 đồng = 2.820.000 đồng") in text
    assert squeezed("Tổng số tiền thưởng: 5.660.000 đồng (Bằng chữ: Năm triệu sáu trăm sáu mươi nghìn đồng)") in text
    assert squeezed("được trích từ quỹ thi đua, khen thưởng") in text
    assert squeezed("Quyết định này có hiệu lực kể từ ngày ký") in text


def test_the_list_has_three_sections_with_the_right_people(decision):
    # when the attached list is read back
    text = pdf_text(render_decision_pdf(decision))
    list_text = squeezed(text[text.index("DANH SÁCH") :])
    individuals = list_text.index("I.CÁNHÂN")
    collectives = list_text.index("II.TẬPTHỂ")
    households = list_text.index("III.HỘGIAĐÌNH,DÒNGHỌ")
    # then each nominee sits in its own section, individuals with Ông/Bà
    assert individuals < collectives < households
    assert squeezed("Kèm theo Quyết định số 07/QĐ-UBND ngày 05 tháng 02 năm 2025") in list_text
    assert individuals < list_text.index(squeezed("Bà Nguyễn Thị Ánh Tuyết")) < collectives
    assert collectives < list_text.index(squeezed("Trường Mầm non Hoa Sen")) < households
    assert collectives < list_text.index(squeezed("Khóm Thạnh An")) < households
    assert households < list_text.index(squeezed("Hộ ông Trần Văn Bảy"))
    assert households < list_text.index(squeezed("Dòng họ Lê Khóm Thạnh Hòa"))


def test_empty_sections_are_left_out_and_the_rest_renumbered(decision, nominees):
    # given only households
    only_households = replace(decision, nominees=[n for n in nominees if n.kind == "household"])
    # when rendered
    html = render_decision_html(only_households)
    # then the single section is numbered I and is the household one
    assert "I. HỘ GIA ĐÌNH" in html
    assert "CÁ NHÂN" not in html
    assert "TẬP THỂ" not in html
    assert "cho 1 hộ gia đình có tên" in html


def test_names_are_escaped_not_interpreted(decision):
    # given a nominee whose name is markup / when rendered
    html = render_decision_html(decision)
    # then the HTML carries it escaped and the PDF shows it literally
    assert SCRIPT not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert squeezed(SCRIPT) in squeezed(pdf_text(render_decision_pdf(decision)))


def test_an_unsigned_decision_leaves_number_and_date_blank(decision):
    # given a draft with neither number nor date
    draft = replace(decision, number=None, signed_on=None)
    # when rendered
    html = render_decision_html(draft)
    # then the number and the date are gaps to be filled in at signing
    assert f"Số:{BLANK}/QĐ-UBND" in html
    assert f"Long Xuyên, ngày{BLANK}tháng{BLANK}năm{BLANK}" in html
    assert f"Quyết định số {BLANK}/QĐ-UBND" in html


def test_a_decision_without_nominees_is_refused(decision):
    with pytest.raises(ValueError, match="nominee"):
        render_decision_html(replace(decision, nominees=[]))


def test_an_unknown_nominee_kind_is_refused(decision):
    stranger = DecisionNominee(kind="company", name="Công ty A")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="company"):
        render_decision_html(replace(decision, nominees=[stranger]))


def test_the_docx_carries_the_same_text(decision):
    # when the editable copy is built
    text = docx_text(render_decision_docx(decision))
    # then it carries the same official strings and people
    for expected in OFFICIAL_STRINGS:
        assert expected in text
    assert "Bà Nguyễn Thị Ánh Tuyết" in text
    assert SCRIPT in text
    assert "I. CÁ NHÂN" in text
    assert "II. TẬP THỂ" in text
    assert "III. HỘ GIA ĐÌNH, DÒNG HỌ" in text


def test_the_docx_uses_a4_decree_margins_and_a_times_metric_font(decision):
    document = Document(BytesIO(render_decision_docx(decision)))
    section = document.sections[0]
    # Word stores lengths in twips, so millimetres come back within a fraction.
    measures = (section.page_width, section.page_height, section.top_margin, section.bottom_margin)
    assert [round(length.mm) for length in measures] == [210, 297, 20, 20]
    assert [round(length.mm) for length in (section.left_margin, section.right_margin)] == [30, 15]
    runs = [run for paragraph in document.paragraphs for run in paragraph.runs if run.text]
    assert runs
    assert {run.font.name for run in runs} == {"Times New Roman"}


def test_the_docx_survives_control_characters_in_names(decision, nominees):
    # given a name pasted with a control character, which XML cannot hold
    pasted = replace(nominees[0], name="Nguyễn Thị\x0b Ánh Tuyết")
    # when the docx is built / then it is, without the character
    text = docx_text(render_decision_docx(replace(decision, nominees=[pasted])))
    assert "Bà Nguyễn Thị Ánh Tuyết" in text
