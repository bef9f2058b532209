"""Certificates printed onto the organisation's pre-printed blank: each field where its millimetres say."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from demo.catalogues import seed_award_tables
from nominations.models import BlankForm
from tests.awards.award_steps import approved_files, issued_decision, pdf_text, person

MM = 72 / 25.4


@pytest.fixture(autouse=True)
def _prize_tables(ward):
    seed_award_tables(ward)


def _origin_of(content: bytes, text: str) -> tuple[float, float]:
    """Where (in mm from the left and from the top) the page draws the first run containing ``text``."""
    page = PdfReader(io.BytesIO(content)).pages[0]
    height = float(page.mediabox.height)
    found: list[tuple[float, float]] = []

    def visit(run: str, cm, tm, font_dict, font_size) -> None:
        if text in run and not found:
            x = tm[4] * cm[0] + cm[4]
            y = tm[5] * cm[3] + cm[5]
            found.append((x / MM, (height - y) / MM))

    page.extract_text(visitor_text=visit)
    assert found, f"{text!r} not drawn"
    return found[0]


def test_a_certificate_prints_at_the_positions_set_for_the_blank(ward, make_nomination, api):
    decision = issued_decision(
        ward, approved_files(ward, make_nomination, count=1, nominees=[person("Đỗ Thị Phôi"), person("Đỗ Văn Hai")])
    )
    BlankForm.objects.create(
        organization=ward.organization,
        award_kind=decision.award_kind,
        fields={"recipient": {"x": 100, "y": 50, "width": 150, "height": 12, "size": 20, "align": "left"}},
    )

    response = api("secretary").get(f"/api/v1/decisions/{decision.pk}/certificates-blank.pdf")
    calibration = api("secretary").get(f"/api/v1/decisions/{decision.pk}/blank-calibration.pdf")

    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 2
    assert round(float(reader.pages[0].mediabox.width) / MM) == 297
    x, y = _origin_of(response.content, "Đỗ Thị Phôi")
    assert abs(x - 100) < 2
    assert 50 < y < 50 + 12
    text = pdf_text(response.content)
    assert "GIẤY KHEN" not in text  # the blank has it printed already
    assert "Số vào sổ" in text
    assert calibration.status_code == 200
    assert "Người được khen (100, 50; 150×12 mm)" in pdf_text(calibration.content)
