"""The plain certificate drawn at fixed positions, streamed page by page: the whole-decision print run.

The WeasyPrint template (documents/certificate.html) lays out each page from HTML, which costs
130–330 ms a page; a decision of a province prints tens of thousands. This draws the same page —
the same boxes, sizes and fonts as the template's CSS, measured in the same units — straight onto a
reportlab canvas, and writes each page to the output as soon as it is drawn (documents.pdfstream),
so a run of any length holds one page in memory. Texts wrap inside their boxes like the template's;
the only layout that flows is within a box, never from box to box, which is why it can be fixed.
"""

from __future__ import annotations

import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, BinaryIO

import segno
from reportlab.lib.colors import Color
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from documents.certificate_content import CertificateDoc, certificate_context
from documents.pdf import FONT_DIR
from documents.pdfstream import StreamingCanvas

PAGE_WIDTH, PAGE_HEIGHT = landscape(A4)
RED = Color(0xA8 / 255, 0x14 / 255, 0x1C / 255)
REVOKED_RED = Color(200 / 255, 0, 0, alpha=0.35)

REGULAR, BOLD, ITALIC, BOLD_ITALIC = (
    "VinhdanhSerif",
    "VinhdanhSerif-Bold",
    "VinhdanhSerif-Italic",
    "VinhdanhSerif-BoldItalic",
)
_FONT_FILES = {
    REGULAR: "LiberationSerif-Regular.ttf",
    BOLD: "LiberationSerif-Bold.ttf",
    ITALIC: "LiberationSerif-Italic.ttf",
    BOLD_ITALIC: "LiberationSerif-BoldItalic.ttf",
}
_fonts_lock = threading.Lock()
_fonts_ready = False

# CSS line boxes: line-height 1.25, and Liberation Serif's ascent/descent (0.891/0.216 em) centred in
# it, which puts the baseline 0.9625 em below the top of the line box.
LINE_HEIGHT = 1.25
BASELINE = (LINE_HEIGHT - (0.891 + 0.216)) / 2 + 0.891
DESCENT = 0.216

# The frame (.frame): 10 mm page margin, a 4 pt double border, padding 8 mm / 16 mm / 6 mm.
MARGIN = 10 * mm
BORDER = 4.0
FRAME_HEIGHT = 190 * mm
CONTENT_LEFT = MARGIN + BORDER + 16 * mm
CONTENT_RIGHT = PAGE_WIDTH - MARGIN - BORDER - 16 * mm
CONTENT_WIDTH = CONTENT_RIGHT - CONTENT_LEFT
CONTENT_TOP = PAGE_HEIGHT - MARGIN - BORDER - 8 * mm
CONTENT_BOTTOM = PAGE_HEIGHT - MARGIN - FRAME_HEIGHT + BORDER + 6 * mm
CENTRE = PAGE_WIDTH / 2

# The bottom row (.bottom): a reference cell (QR code, decision, register number, verify URL) and
# the signing cell (46 %), both aligned to the bottom of the frame.
SIGN_WIDTH = CONTENT_WIDTH * 0.46
REF_WIDTH = CONTENT_WIDTH - SIGN_WIDTH
QR_SIZE = 26 * mm
QR_GAP = 3 * mm
REF_LINE = 1.35
SIGNATURE_SPACE = 24 * mm


def _register_fonts() -> None:
    global _fonts_ready
    with _fonts_lock:
        if _fonts_ready:
            return
        for name, filename in _FONT_FILES.items():
            pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / filename)))
        _fonts_ready = True


def _nfc(text: str) -> str:
    # Glyphs are placed one code point at a time (no shaping): a name typed with combining
    # accents (NFD) must become the precomposed letters Liberation Serif draws.
    return unicodedata.normalize("NFC", text)


def _wrap(text: str, font: str, size: float, width: float, char_space: float = 0.0) -> list[str]:
    """Greedy word wrap, as a browser does for centred text; a word longer than the line is cut."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}" if line else word
            if _width(candidate, font, size, char_space) <= width or not line:
                line = candidate
            else:
                lines.append(line)
                line = word
            while _width(line, font, size, char_space) > width and len(line) > 1:
                cut = len(line)
                while cut > 1 and _width(line[:cut], font, size, char_space) > width:
                    cut -= 1
                lines.append(line[:cut])
                line = line[cut:]
        lines.append(line)
    return lines


def _width(text: str, font: str, size: float, char_space: float = 0.0) -> float:
    return pdfmetrics.stringWidth(text, font, size) + char_space * len(text)


@dataclass(frozen=True)
class _Block:
    """A centred block of the column: its lines, font, size and the space above it."""

    lines: list[str]
    font: str
    size: float
    space_above: float
    colour: Color | None = None
    char_space: float = 0.0
    underline: bool = False


class _Page:
    def __init__(self, canvas: StreamingCanvas) -> None:
        self.canvas = canvas

    def column(self, blocks: list[_Block]) -> float:
        """Draws the centred column from the top of the frame; returns where it ends."""
        c = self.canvas
        top = CONTENT_TOP
        for block in blocks:
            top -= block.space_above
            c.saveState()  # the character spacing (Tc) outlives the text object; the state bounds it
            c.setFillColor(block.colour or (0, 0, 0))
            for line in block.lines:
                baseline = top - BASELINE * block.size
                width = _width(line, block.font, block.size, block.char_space)
                text = c.beginText(CENTRE - width / 2, baseline)
                text.setFont(block.font, block.size)
                if block.char_space:
                    text.setCharSpace(block.char_space)
                text.textOut(line)
                c.drawText(text)
                if block.underline:
                    # the motto's span: border-bottom 0.75 pt below 1 pt of padding
                    y = baseline - DESCENT * block.size - 1 - 0.375
                    c.setLineWidth(0.75)
                    c.line(CENTRE - width / 2, y, CENTRE + width / 2, y)
                top -= LINE_HEIGHT * block.size
            c.restoreState()
        return top

    def frame(self) -> None:
        c = self.canvas
        c.setStrokeColor(RED)
        line = BORDER / 3  # CSS "double": two lines and the gap between them, a third each
        c.setLineWidth(line)
        for inset in (line / 2, BORDER - line / 2):
            c.rect(
                MARGIN + inset,
                PAGE_HEIGHT - MARGIN - FRAME_HEIGHT + inset,
                PAGE_WIDTH - 2 * MARGIN - 2 * inset,
                FRAME_HEIGHT - 2 * inset,
                stroke=1,
                fill=0,
            )
        c.setStrokeColor((0, 0, 0))

    def qr(self, url: str, x: float, y: float) -> None:
        """The QR code as filled squares (sharp at any resolution), one run of dark modules per rectangle."""
        code = segno.make(url, error="m", micro=False)
        matrix = code.matrix
        border = 2
        modules = len(matrix) + 2 * border
        unit = QR_SIZE / modules
        path = self.canvas.beginPath()
        for row_index, row in enumerate(matrix):
            row_y = y + QR_SIZE - (row_index + border + 1) * unit
            start = None
            for col_index, dark in enumerate(row):
                if dark and start is None:
                    start = col_index
                elif not dark and start is not None:
                    path.rect(x + (start + border) * unit, row_y, (col_index - start) * unit, unit)
                    start = None
            if start is not None:
                path.rect(x + (start + border) * unit, row_y, (len(row) - start) * unit, unit)
        self.canvas.drawPath(path, stroke=0, fill=1)

    def text(self, x: float, baseline: float, line: str, font: str, size: float, *, centred: bool = False) -> None:
        c = self.canvas
        c.setFont(font, size)
        if centred:
            c.drawCentredString(x, baseline, line)
        else:
            c.drawString(x, baseline, line)


def _bottom(page: _Page, context: dict[str, Any]) -> None:
    # The signing cell: date (italic, 2 mm below), then the signer block in bold with room to sign.
    signer = context["signer"]
    sign_centre = CONTENT_RIGHT - SIGN_WIDTH / 2
    sign_lines: list[tuple[str, str, float, float]] = []  # text, font, size, space above
    date_lines = _wrap(context["date_line"], ITALIC, 14, SIGN_WIDTH)
    sign_lines += [(line, ITALIC, 14, 0) for line in date_lines]
    first = True
    for part in (signer["authority"], signer["title"]):
        if part:
            for line in _wrap(part, BOLD, 14, SIGN_WIDTH):
                sign_lines.append((line, BOLD, 14, 2 * mm if first else 0))
                first = False
    for line in _wrap(signer["name"], BOLD, 14, SIGN_WIDTH):
        sign_lines.append((line, BOLD, 14, SIGNATURE_SPACE + (2 * mm if first else 0)))
        first = False
    sign_height = sum(LINE_HEIGHT * size + above for _, _, size, above in sign_lines)

    # The reference cell: the QR code floats left, the three lines run beside it.
    text_left = CONTENT_LEFT + QR_SIZE + QR_GAP
    text_width = REF_WIDTH - QR_SIZE - QR_GAP
    ref_lines = [(line, 12.0) for line in _wrap(context["decision_text"], REGULAR, 12, text_width)]
    ref_lines += [
        (line, 12.0) for line in _wrap(f"Số sổ khen thưởng: {context['register_number']}", REGULAR, 12, text_width)
    ]
    ref_lines += [(line, 10.0) for line in _wrap(f"Xác minh: {context['verify_url']}", REGULAR, 10, text_width)]
    ref_height = max(QR_SIZE, sum(REF_LINE * size for _, size in ref_lines))

    row_top = CONTENT_BOTTOM + max(sign_height, ref_height)
    top = row_top - (max(sign_height, ref_height) - sign_height)
    for line, font, size, above in sign_lines:
        top -= above
        page.text(sign_centre, top - BASELINE * size, line, font, size, centred=True)
        top -= LINE_HEIGHT * size

    ref_top = CONTENT_BOTTOM + ref_height
    page.qr(context["verify_url"], CONTENT_LEFT, ref_top - QR_SIZE)
    top = ref_top
    for line, size in ref_lines:
        half_leading = (REF_LINE - (0.891 + 0.216)) / 2
        page.text(text_left, top - (half_leading + 0.891) * size, line, REGULAR, size)
        top -= REF_LINE * size


def _revoked_stamp(page: _Page) -> None:
    c = page.canvas
    size = 72
    c.saveState()
    centre_y = PAGE_HEIGHT - MARGIN - BORDER - 78 * mm - LINE_HEIGHT * size / 2
    c.translate(CENTRE, centre_y)
    c.rotate(18)  # CSS rotate(-18deg) turns clockwise on a y-down screen: counter-clockwise here
    c.setFillColor(REVOKED_RED)
    c.setFont(BOLD, size)
    c.drawCentredString(0, -(BASELINE - LINE_HEIGHT / 2) * size, "ĐÃ THU HỒI")
    c.restoreState()


def draw_certificate(canvas: StreamingCanvas, doc: CertificateDoc) -> None:
    context = {k: _nfc(v) if isinstance(v, str) else v for k, v in certificate_context(doc, with_qr=False).items()}
    context["signer"] = {k: _nfc(v) for k, v in context["signer"].items()}
    page = _Page(canvas)
    page.frame()
    blocks = [
        _Block(["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"], BOLD, 13, 0),
        _Block(["Độc lập - Tự do - Hạnh phúc"], BOLD, 14, 0, underline=True),
        _Block(_wrap(context["giver"], BOLD, 16, CONTENT_WIDTH), BOLD, 16, 8 * mm),
        _Block([context["gives"]], BOLD, 15, 2 * mm),
    ]
    # A title is recognised: "CÔNG NHẬN / DANH HIỆU / <title> / <level>", in a smaller size than a Giấy khen.
    if context["paper"]:
        blocks.append(_Block(["DANH HIỆU"], BOLD, 14, 1 * mm))
    award_size = 34 if context["paper"] else 44
    blocks.append(
        _Block(
            _wrap(context["award_name"], BOLD, award_size, CONTENT_WIDTH, 2),
            BOLD,
            award_size,
            2 * mm,
            colour=RED,
            char_space=2,
        )
    )
    if context["level_text"]:
        blocks.append(_Block(_wrap(context["level_text"], BOLD, 16, CONTENT_WIDTH), BOLD, 16, 1 * mm))
    blocks.append(_Block(_wrap(context["recipient"], BOLD_ITALIC, 24, CONTENT_WIDTH), BOLD_ITALIC, 24, 4 * mm))
    if context["position_unit"]:
        blocks.append(_Block(_wrap(context["position_unit"], REGULAR, 16, CONTENT_WIDTH), REGULAR, 16, 2 * mm))
    if context["achievements"]:
        text = f"Đã có thành tích: {context['achievements']}"
        blocks.append(_Block(_wrap(text, REGULAR, 16, CONTENT_WIDTH - 20 * mm), REGULAR, 16, 4 * mm))
    page.column(blocks)
    _bottom(page, context)
    if context["revoked"]:
        _revoked_stamp(page)
    canvas.showPage()


def write_certificates_pdf(docs: Iterable[CertificateDoc], out: BinaryIO) -> int:
    """Every certificate onto its own page of one PDF written to ``out`` as it goes; returns the page count."""
    _register_fonts()
    canvas = StreamingCanvas(out, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), initialFontName=REGULAR, pageCompression=1)
    canvas.setTitle("Giấy khen")
    for doc in docs:
        draw_certificate(canvas, doc)
    if canvas.pages_written == 0:
        raise ValueError("nothing to write: no documents were given")
    return canvas.finish()
