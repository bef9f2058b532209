"""Certificates printed onto an organisation's pre-printed blank form: only the variable fields, each at its
position and size in millimetres; and a calibration page to check those positions against the paper."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from html import escape
from typing import Any

from documents.certificate import CertificateDoc, certificate_context
from documents.pdf import render_pdf


@dataclass(frozen=True, kw_only=True)
class FieldBox:
    x: float  # mm from the left edge of the sheet
    y: float  # mm from the top edge
    width: float
    height: float
    size: float = 14  # pt
    align: str = "center"
    bold: bool = False


# A landscape A4 blank with the body's name, "GIẤY KHEN" and the frame already printed.
DEFAULT_FIELDS: dict[str, FieldBox] = {
    "recipient": FieldBox(x=40, y=88, width=217, height=12, size=22, bold=True),
    "position_unit": FieldBox(x=40, y=102, width=217, height=9, size=15),
    "achievements": FieldBox(x=40, y=113, width=217, height=22, size=15),
    "date_line": FieldBox(x=160, y=140, width=110, height=8, size=13),
    "signer_title": FieldBox(x=160, y=149, width=110, height=14, size=13, bold=True),
    "signer_name": FieldBox(x=160, y=182, width=110, height=8, size=14, bold=True),
    "decision_text": FieldBox(x=25, y=176, width=120, height=6, size=11, align="left"),
    "register_number": FieldBox(x=25, y=183, width=120, height=6, size=11, align="left"),
}
FIELD_LABELS = {
    "recipient": "Người được khen",
    "position_unit": "Chức vụ, đơn vị",
    "achievements": "Thành tích",
    "date_line": "Địa danh, ngày tháng",
    "signer_title": "Chức vụ người ký",
    "signer_name": "Họ tên người ký",
    "decision_text": "Số quyết định",
    "register_number": "Số vào sổ",
}


def layout_from(data: Mapping[str, Mapping[str, Any]] | None) -> dict[str, FieldBox]:
    """The default layout with the organisation's own adjustments (any subset of fields and keys)."""
    layout = dict(DEFAULT_FIELDS)
    for name, values in (data or {}).items():
        if name in layout:
            layout[name] = FieldBox(**{**layout[name].__dict__, **values})
    return layout


def _values(doc: CertificateDoc) -> dict[str, str]:
    ctx = certificate_context(doc)
    signer = ctx["signer"]
    return {
        "recipient": ctx["recipient"],
        "position_unit": ctx["position_unit"],
        "achievements": ctx["achievements"],
        "date_line": ctx["date_line"],
        "signer_title": "\n".join(part for part in (signer["authority"], signer["title"]) if part),
        "signer_name": signer["name"],
        "decision_text": ctx["decision_text"],
        "register_number": f"Số vào sổ: {ctx['register_number']}",
    }


def _box(box: FieldBox, inner: str, extra: str = "") -> str:
    return (
        f'<div style="position:absolute; left:{box.x}mm; top:{box.y}mm; width:{box.width}mm; '
        f"height:{box.height}mm; font-size:{box.size}pt; text-align:{box.align}; "
        f'font-weight:{"bold" if box.bold else "normal"}; overflow:hidden; {extra}">{inner}</div>'
    )


def _page(boxes: Iterable[str]) -> str:
    return f'<section class="sheet">{"".join(boxes)}</section>'


def _html(pages: Iterable[str], width: float, height: float) -> str:
    return (
        '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><style>'
        f"@page {{ size: {width}mm {height}mm; margin: 0; }} body {{ margin: 0; }}"
        f" .sheet {{ position: relative; width: {width}mm; height: {height}mm; break-after: page; }}"
        " .sheet:last-child { break-after: auto; }"
        " .grid { position:absolute; border-color:#999; border-style:solid; font-family: sans-serif; }"
        f"</style></head><body>{''.join(pages)}</body></html>"
    )


def render_blank_pdf(
    docs: Iterable[CertificateDoc], layout: Mapping[str, FieldBox], *, width: float = 297, height: float = 210
) -> bytes:
    """One page per certificate, only the fields, for the organisation's blank forms in the printer."""
    pages = []
    for doc in docs:
        values = _values(doc)
        boxes = [
            _box(box, escape(values[name]).replace("\n", "<br>")) for name, box in layout.items() if values.get(name)
        ]
        pages.append(_page(boxes))
    if not pages:
        raise ValueError("nothing to print: no certificates were given")
    return render_pdf(_html(pages, width, height))


def render_calibration_pdf(layout: Mapping[str, FieldBox], *, width: float = 297, height: float = 210) -> bytes:
    """A page to print on plain paper and lay over a blank: a 10 mm grid and every field's box, named."""
    lines = []
    for x in range(0, int(width) + 1, 10):
        lines.append(f'<div class="grid" style="left:{x}mm; top:0; height:{height}mm; border-width:0 0 0 0.2pt"></div>')
        lines.append(f'<div style="position:absolute; left:{x + 0.5}mm; top:1mm; font-size:6pt">{x}</div>')
    for y in range(0, int(height) + 1, 10):
        lines.append(f'<div class="grid" style="top:{y}mm; left:0; width:{width}mm; border-width:0.2pt 0 0 0"></div>')
        lines.append(f'<div style="position:absolute; top:{y + 0.5}mm; left:1mm; font-size:6pt">{y}</div>')
    for name, box in layout.items():
        label = f"{FIELD_LABELS.get(name, name)} ({box.x}, {box.y}; {box.width}×{box.height} mm)"
        lines.append(_box(box, escape(label), "border: 0.6pt dashed #c00; color: #c00; font-size: 8pt"))
    return render_pdf(_html([_page(lines)], width, height))
