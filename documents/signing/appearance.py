"""How a signature looks on the page: the image or text stamp, in a font that writes Vietnamese."""

from __future__ import annotations

from functools import cache
from io import BytesIO

from fontTools import subset
from fontTools.ttLib import TTFont
from fontTools.ttLib.scaleUpem import scale_upem
from PIL import Image
from pyhanko.pdf_utils import layout
from pyhanko.pdf_utils.font.opentype import GlyphAccumulator, GlyphAccumulatorFactory
from pyhanko.pdf_utils.images import PdfImage
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.stamp import StaticStampStyle, TextStampStyle

from .parts import FONT_FILE, ISO_8601_VIETNAM
from .placement import Placement


@cache
@cache
def _font_bytes() -> bytes:
    """Liberation Serif cut down to Vietnamese and rescaled to 1000 units per em, made once per process.

    pyHanko writes the CID font's /W widths in the font's own units, but PDF reads them per 1000: with
    Liberation's 2048 units every letter would advance twice its width. A 1000-unit copy makes the two agree.
    """
    font = TTFont(str(FONT_FILE))
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=_VIETNAMESE)
    subsetter.subset(font)
    scale_upem(font, 1000)
    out = BytesIO()
    font.save(out)
    return out.getvalue()


_VIETNAMESE = [
    *range(0x20, 0x7F),
    *range(0xC0, 0x1B1),
    *range(0x300, 0x324),
    *range(0x1EA0, 0x1EFA),
    0x2013,
    0x2014,
]


class _VietnameseFont(GlyphAccumulatorFactory):
    def create_font_engine(self, writer, obj_stream=None) -> GlyphAccumulator:
        if obj_stream is None and writer.stream_xrefs and self.create_objstream_if_needed:
            obj_stream = writer.prepare_object_stream()
        return GlyphAccumulator(
            writer=writer, font_handle=BytesIO(_font_bytes()), font_size=self.font_size, obj_stream=obj_stream
        )


def _font() -> GlyphAccumulatorFactory | None:
    return _VietnameseFont(str(FONT_FILE), font_size=10) if FONT_FILE.is_file() else None


def _text_box_style(size: int = 10) -> TextBoxStyle:
    font = _font()
    return TextBoxStyle(font=font, font_size=size) if font else TextBoxStyle(font_size=size)


def _fit(placement: Placement, image_png: bytes | None) -> Placement:
    if image_png is None:
        return placement
    with Image.open(BytesIO(image_png)) as image:
        return placement.fitted(image.width / image.height)


def _image_style(image_png: bytes | None, *, fallback_text: str):
    if image_png is None:
        return TextStampStyle(
            stamp_text=fallback_text,
            timestamp_format=ISO_8601_VIETNAM,
            text_box_style=_text_box_style(),
            border_width=0,
        )
    image = Image.open(BytesIO(image_png))
    image.load()
    return StaticStampStyle(
        background=PdfImage(image),
        background_opacity=1.0,
        border_width=0,
        background_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MID,
            y_align=layout.AxisAlignment.ALIGN_MID,
            margins=layout.Margins.uniform(0),
        ),
    )


def _attachment_style(document_number: str) -> TextStampStyle:
    # Phụ lục I: the number and the signing time, Times New Roman 10, upright, black, no image
    escaped = document_number.replace("%", "%%")
    return TextStampStyle(
        stamp_text=f"{escaped}\n%(ts)s",
        timestamp_format=ISO_8601_VIETNAM,
        text_box_style=_text_box_style(10),
        border_width=0,
        inner_content_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MAX,
            y_align=layout.AxisAlignment.ALIGN_MAX,
            margins=layout.Margins.uniform(0),
            inner_content_scaling=layout.InnerScaling.SHRINK_TO_FIT,
        ),
    )
