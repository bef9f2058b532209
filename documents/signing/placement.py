"""Where the signatures go on the page, as Nghị định 30/2020 (Phụ lục I) lays them out.

- The signer's signature image sits at the signature place of the paper document: between the
  authority lines ("KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH") and the signer's name.
- The organisation's seal, at its real size, covers about the left third of the signer's signature image.
- On an attached document (the DANH SÁCH of a decision) the organisation's signature goes at the top right
  of its first page, shown as the document's number and the signing time in Times New Roman 10.

Coordinates are PDF points (1/72 inch), origin at the bottom left of the page, like pyHanko's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from io import BytesIO

from pypdf import PdfReader

from . import errors

MM = 72 / 25.4


def mm(value: float) -> float:
    return value * MM


@dataclass(frozen=True)
class Box:
    x1: float
    y1: float
    x2: float
    y2: float

    def __post_init__(self) -> None:
        if self.x2 <= self.x1 or self.y2 <= self.y1:
            raise ValueError(f"empty box {self}")

    @property
    def width(self) -> float:
        return self.x2 - self.x1

    @property
    def height(self) -> float:
        return self.y2 - self.y1

    def as_ints(self) -> tuple[int, int, int, int]:
        return round(self.x1), round(self.y1), round(self.x2), round(self.y2)


@dataclass(frozen=True)
class Placement:
    """The signature block's place, and the pages that carry the attached list.

    ``page`` and ``attachment_pages`` count from 0. ``seal_diameter`` is the seal's real size (35 mm is
    the usual round seal of a UBND xã/phường); ``attachment_mark`` is width × height of the mark at the
    top right of an attached page, inside the decree's right (15–20 mm) and top (20–25 mm) margins.
    """

    page: int
    signature_box: Box
    seal_diameter: float = mm(35)
    attachment_pages: tuple[int, ...] = ()
    attachment_mark: tuple[float, float] = (mm(62), mm(11))
    attachment_margins: tuple[float, float] = field(default=(mm(20), mm(12)))  # (right, top)

    def fitted(self, aspect: float) -> Placement:
        """The signature box shrunk to an image's width/height ratio, centred, so the seal covers a third of
        the image itself and not of empty space beside it."""
        sig = self.signature_box
        width, height = sig.width, sig.height
        if width / height > aspect:
            width = height * aspect
        else:
            height = width / aspect
        cx, cy = (sig.x1 + sig.x2) / 2, (sig.y1 + sig.y2) / 2
        return replace(self, signature_box=Box(cx - width / 2, cy - height / 2, cx + width / 2, cy + height / 2))

    def seal_box(self) -> Box:
        """A square around the seal whose right edge lies a third of the way into the signature."""
        sig = self.signature_box
        right = sig.x1 + sig.width / 3
        middle = (sig.y1 + sig.y2) / 2
        half = self.seal_diameter / 2
        return Box(right - self.seal_diameter, middle - half, right, middle + half)

    def attachment_box(self, page_width: float, page_height: float) -> Box:
        width, height = self.attachment_mark
        right_margin, top_margin = self.attachment_margins
        return Box(
            page_width - right_margin - width,
            page_height - top_margin - height,
            page_width - right_margin,
            page_height - top_margin,
        )


def locate_signature_block(
    pdf_bytes: bytes,
    *,
    signer_name: str,
    title_lines: Sequence[str] = ("CHỦ TỊCH",),
    width: float = mm(55),
    attachment_heading: str | None = "DANH SÁCH",
) -> Placement:
    """Find the gap between the authority lines and the signer's printed name on a rendered document.

    The signature box spans that gap, centred on the name. Pages after the signature page whose text
    starts a list headed ``attachment_heading`` become the attached pages. Raises a refusal when the
    name is not printed under one of the title lines.
    """
    reader = PdfReader(BytesIO(pdf_bytes))
    runs_by_page: list[list[tuple[str, float, float, float]]] = []
    for page in reader.pages:
        runs: list[tuple[str, float, float, float]] = []

        def visit(text, cm, tm, font_dict, font_size, runs=runs):
            if not text.strip():
                return
            # the point where the run starts, in default user space
            a, b, c, d, e, f = cm
            x = tm[4] * a + tm[5] * c + e
            y = tm[4] * b + tm[5] * d + f
            size = font_size * abs(tm[3] * d) if tm[3] else font_size
            runs.append((text.strip(), x, y, size))

        page.extract_text(visitor_text=visit)
        runs_by_page.append(runs)

    found: tuple[int, tuple[str, float, float, float], tuple[str, float, float, float]] | None = None
    for index, runs in enumerate(runs_by_page):
        names = [r for r in runs if r[0] == signer_name.strip()]
        titles = [r for r in runs if any(r[0].endswith(t) for t in title_lines)]
        for name in names:
            above = [t for t in titles if t[2] > name[2] and abs(t[1] - name[1]) < mm(60)]
            if above:
                found = (index, min(above, key=lambda t: t[2]), name)
    if found is None:
        raise errors.placement_not_found(f"«{signer_name}» under {' / '.join(title_lines)}")
    index, title, name = found
    page_width = float(reader.pages[index].mediabox.width)
    name_width = _approximate_width(name[0], name[3])
    centre = min(name[1] + name_width / 2, page_width - width / 2)
    top = title[2] - 2
    bottom = name[2] + name[3] + 2
    attached: tuple[int, ...] = ()
    if attachment_heading:
        attached = tuple(
            i
            for i in range(index + 1, len(runs_by_page))
            if any(r[0].startswith(attachment_heading) for r in runs_by_page[i][:3])
        )
    return Placement(
        page=index, signature_box=Box(centre - width / 2, bottom, centre + width / 2, top), attachment_pages=attached
    )


def _approximate_width(text: str, size: float) -> float:
    # Liberation Serif Bold averages about half an em per character in Vietnamese names
    return len(text) * size * 0.52
