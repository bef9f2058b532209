"""The decision as an editable DOCX, laid out like the PDF.

Built with python-docx rather than a .docx template so that the layout rules (margins, font,
header table) live in code next to the PDF's and cannot drift in a binary file.
"""

import re
from io import BytesIO
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph

# Word users have Times New Roman, which the decree names; LibreOffice maps it to Liberation Serif.
DOCX_FONT = "Times New Roman"
_XML_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

Container = Any  # a Document or a table cell: both have add_paragraph()


def _clean(text: str) -> str:
    # Control characters pasted from other programs are not valid XML and would abort the build.
    return _XML_UNSAFE.sub("", text)


def _run(paragraph: Paragraph, text: str, *, size: float = 14, bold=False, italic=False, underline=False) -> None:
    run = paragraph.add_run(_clean(text))
    run.bold, run.italic, run.underline = bold, italic, underline
    run.font.size = Pt(size)
    run.font.name = DOCX_FONT
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), DOCX_FONT)


def _para(
    container: Container,
    text: str = "",
    *,
    align=WD_ALIGN_PARAGRAPH.JUSTIFY,
    indent: bool = False,
    after: float = 6,
    **run_style,
) -> Paragraph:
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    fmt = paragraph.paragraph_format
    fmt.space_before, fmt.space_after = Pt(0), Pt(after)
    fmt.first_line_indent = Cm(1) if indent else None
    if text:
        _run(paragraph, text, **run_style)
    return paragraph


def _centre(container: Container, text: str, **run_style) -> Paragraph:
    return _para(container, text, align=WD_ALIGN_PARAGRAPH.CENTER, after=0, **run_style)


def _short_rule(paragraph: Paragraph) -> None:
    # The decree's short line under the issuing body: a bottom border on a narrow, indented paragraph.
    fmt = paragraph.paragraph_format
    fmt.left_indent = fmt.right_indent = Cm(2)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _emptied(cell: _Cell) -> _Cell:
    # A new cell holds one empty paragraph; drop it so content starts at the top.
    cell._element.remove(cell.paragraphs[0]._p)
    return cell


def _borderless_table(document, widths: tuple[float, ...]):
    table = document.add_table(rows=1, cols=len(widths))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for cell, width in zip(table.rows[0].cells, widths, strict=True):
        cell.width = Cm(width)
    return table


def _page_setup(document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = DOCX_FONT, Pt(14)


def _header(document, header: dict[str, str]) -> None:
    left, right = (_emptied(c) for c in _borderless_table(document, (6.2, 10.3)).rows[0].cells)
    if header["parent_body"]:
        _centre(left, header["parent_body"], size=12)
    _short_rule(_centre(left, header["issuing_body"], size=12, bold=True))
    _centre(left, "")
    _centre(left, header["number_line"], size=13)
    _centre(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=12, bold=True)
    _centre(right, "Độc lập - Tự do - Hạnh phúc", size=13, bold=True, underline=True)
    _centre(right, "")
    _centre(right, header["date_line"], italic=True)


def _signing(document, ctx: dict[str, Any]) -> None:
    left, right = (_emptied(c) for c in _borderless_table(document, (7.5, 9.0)).rows[0].cells)
    _para(left, "Nơi nhận:", align=WD_ALIGN_PARAGRAPH.LEFT, after=0, size=12, bold=True, italic=True)
    for recipient in ctx["recipients"]:
        _para(left, f"- {recipient}", align=WD_ALIGN_PARAGRAPH.LEFT, after=0, size=11)
    signer = ctx["signer"]
    for line in signer["authority"].splitlines():
        _centre(right, line, bold=True)
    _centre(right, signer["title"], bold=True)
    for _ in range(4):
        _centre(right, "")
    _centre(right, signer["name"], bold=True)


def _list(document, ctx: dict[str, Any]) -> None:
    _para(document, after=0).add_run().add_break(WD_BREAK.PAGE)
    _centre(document, "DANH SÁCH", bold=True)
    ref = f"(Kèm theo Quyết định số {ctx['number_text']} {ctx['signed_text']} của Chủ tịch {ctx['issuing_body_name']})"
    _para(document, ref, align=WD_ALIGN_PARAGRAPH.CENTER, after=12, italic=True)
    for section in ctx["sections"]:
        _para(document, section["title"], align=WD_ALIGN_PARAGRAPH.LEFT, bold=True)
        table = document.add_table(rows=1, cols=4)
        table.style = "Table Grid"
        widths = (1.2, 5.6, 4.3, 5.4)
        labels = ("STT", section["name_label"], section["detail_label"], "Thành tích")
        for cell, label, width in zip(table.rows[0].cells, labels, widths, strict=True):
            cell.width = Cm(width)
            _centre(_emptied(cell), label, size=13, bold=True)
        for number, row in enumerate(section["rows"], start=1):
            values = (str(number), row["name"], row["detail"], row["achievements"])
            for index, (cell, value, width) in enumerate(zip(table.add_row().cells, values, widths, strict=True)):
                cell.width = Cm(width)
                align = WD_ALIGN_PARAGRAPH.CENTER if index == 0 else WD_ALIGN_PARAGRAPH.LEFT
                _para(_emptied(cell), value, align=align, after=0, size=13)


def build_decision_docx(ctx: dict[str, Any]) -> bytes:
    document = Document()
    _page_setup(document)
    _header(document, ctx["header"])

    _para(document, after=0)
    _centre(document, "QUYẾT ĐỊNH", bold=True)
    _short_rule(_centre(document, ctx["summary"], bold=True))
    _para(document, after=0)
    _para(document, f"CHỦ TỊCH {ctx['header']['issuing_body']}", align=WD_ALIGN_PARAGRAPH.CENTER, bold=True)

    for basis in ctx["legal_bases"]:
        _para(document, basis, indent=True)
    if ctx["plan_ref"]:
        _para(document, f"Căn cứ {ctx['plan_ref']};", indent=True)
    proposal = f" tại {ctx['proposal_ref']}" if ctx["proposal_ref"] else ""
    _para(document, f"Xét đề nghị của {ctx['proposer']}{proposal}.", indent=True)
    _para(document, "QUYẾT ĐỊNH:", align=WD_ALIGN_PARAGRAPH.CENTER, bold=True)

    for article in ctx["articles"]:
        paragraph = _para(document, indent=True)
        _run(paragraph, f"{article['lead']} ", bold=True)
        _run(paragraph, article["text"])
        for line in [*article["items"], *article["after"]]:
            _para(document, line, indent=True)

    _signing(document, ctx)
    if ctx["sections"]:
        _list(document, ctx)

    out = BytesIO()
    document.save(out)
    return out.getvalue()
