"""Horizontal bar charts drawn on the server as SVG geometry; the template only places the shapes.

Colours come from classes in site.css (the CSP allows no style attributes), so a chart follows the
site's palette and prints like the rest of the page. The numbers are also shown as a table beside
each chart, which is what a screen reader reads.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

WIDTH = 640
LABEL_WIDTH = 210
VALUE_GAP = 44  # room right of the longest bar for its number
ROW_GAP = 10
BAR_HEIGHT = 14
TOP = 8
LABEL_CHARS = 30


@dataclass(frozen=True)
class Bar:
    x: int
    y: int
    width: float
    height: int
    series: int
    value: float | int
    text: str
    text_x: float
    text_y: int


@dataclass(frozen=True)
class Row:
    label: str
    full_label: str
    label_y: int
    bars: list[Bar]


@dataclass(frozen=True)
class Marker:
    """A vertical tick on a row, e.g. a target to reach."""

    x: float
    y1: int
    y2: int
    value: float | int


@dataclass
class Chart:
    title: str
    width: int
    height: int
    label_width: int
    rows: list[Row]
    series: list[str]
    markers: list[Marker] = field(default_factory=list)

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"

    @property
    def axis_x(self) -> int:
        return self.label_width


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1].rstrip() + "…"


def _fmt(value: float | int, suffix: str) -> str:
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.1f}".replace(".", ",") + suffix
    return f"{int(value):,}".replace(",", ".") + suffix


def bar_chart(
    title: str,
    rows: Sequence[tuple[str, Sequence[float | int | None]]],
    series: Sequence[str],
    *,
    scale_max: float | None = None,
    suffix: str = "",
    markers: Sequence[float | None] = (),
) -> Chart:
    """One row per label, one bar per series in that row; bars share one scale starting at zero."""
    values = [v or 0 for _, row in rows for v in row] + [m or 0 for m in markers]
    top = max([scale_max or 0, *values, 1])
    plot = WIDTH - LABEL_WIDTH - VALUE_GAP - 8
    band = BAR_HEIGHT * max(len(series), 1) + ROW_GAP
    chart_rows: list[Row] = []
    chart_markers: list[Marker] = []
    for index, (label, row_values) in enumerate(rows):
        y0 = TOP + index * band
        bars = []
        for s, value in enumerate(row_values):
            v = value or 0
            width = round(plot * v / top, 1)
            y = y0 + s * BAR_HEIGHT
            bars.append(
                Bar(
                    x=LABEL_WIDTH,
                    y=y + 1,
                    width=max(width, 1.0 if v else 0.0),
                    height=BAR_HEIGHT - 2,
                    series=s + 1,
                    value=v,
                    text="—" if value is None else _fmt(v, suffix),
                    text_x=LABEL_WIDTH + width + 4,
                    text_y=y + BAR_HEIGHT - 3,
                )
            )
        chart_rows.append(
            Row(
                label=_short(label),
                full_label=label,
                label_y=y0 + (BAR_HEIGHT * max(len(series), 1)) // 2 + 4,
                bars=bars,
            )
        )
        if index < len(markers) and markers[index] is not None:
            x = LABEL_WIDTH + round(plot * (markers[index] or 0) / top, 1)
            chart_markers.append(Marker(x=x, y1=y0 - 2, y2=y0 + band - ROW_GAP + 2, value=markers[index] or 0))
    height = TOP * 2 + max(len(rows), 1) * band
    return Chart(
        title=title,
        width=WIDTH,
        height=height,
        label_width=LABEL_WIDTH - 6,
        rows=chart_rows,
        series=list(series),
        markers=chart_markers,
    )
