"""Sample documents for the ward of Mỹ Thạnh, and helpers to read rendered PDFs back."""

import re
import tempfile
from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from hypothesis.configuration import set_hypothesis_home_dir
from pypdf import PdfReader

from documents.body import Body
from documents.certificate import CertificateDoc
from documents.decision import DecisionDoc, DecisionNominee

SCRIPT = "<script>alert(1)</script>"

# Hypothesis caches in the working directory by default; keep the repository tree clean.
set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "vinhdanh-hypothesis")


@pytest.fixture
def ward_body() -> Body:
    return Body(
        issuing_body="Ủy ban nhân dân phường Mỹ Thạnh",
        parent_body="Ủy ban nhân dân thành phố Long Xuyên",
        place_name="Long Xuyên",
        document_suffix="UBND",
    )


@pytest.fixture
def nominees() -> list[DecisionNominee]:
    return [
        DecisionNominee(
            kind="individual",
            name="Nguyễn Thị Ánh Tuyết",
            honorific="Bà",
            position="Giáo viên",
            unit_name="Trường Tiểu học Mỹ Thạnh",
            achievements="Công dân học tập tiêu biểu",
            prize_amount=710_000,
        ),
        DecisionNominee(
            kind="individual",
            name=SCRIPT,
            honorific="Ông",
            position="Tổ trưởng",
            unit_name="Khóm Đông Thạnh",
            achievements="Công dân học tập",
            prize_amount=710_000,
        ),
        DecisionNominee(
            kind="unit",
            name="Trường Mầm non Hoa Sen",
            address="Khóm Đông Thạnh",
            achievements="Đơn vị học tập",
            prize_amount=1_410_000,
        ),
        DecisionNominee(
            kind="community",
            name="Khóm Thạnh An",
            address="Phường Mỹ Thạnh",
            achievements="Cộng đồng học tập",
            prize_amount=1_410_000,
        ),
        DecisionNominee(
            kind="household",
            name="Hộ ông Trần Văn Bảy",
            address="Khóm Thạnh An",
            achievements="Gia đình học tập",
            prize_amount=710_000,
        ),
        DecisionNominee(
            kind="clan",
            name="Dòng họ Lê Khóm Thạnh Hòa",
            address="Khóm Thạnh Hòa",
            achievements="Dòng họ học tập",
            prize_amount=710_000,
        ),
    ]


@pytest.fixture
def decision(ward_body: Body, nominees: list[DecisionNominee]) -> DecisionDoc:
    return DecisionDoc(
        body=ward_body,
        number="07/QĐ-UBND",
        signed_on=date(2025, 2, 5),
        summary="Về việc tặng Giấy khen cho các cá nhân, tập thể, hộ gia đình trong xây dựng xã hội học tập",
        award_name="Giấy khen",
        proposal_ref="Tờ trình số 12/TTr-HKH ngày 05 tháng 11 năm 2025",
        signer_name="Lê Văn Tám",
        nominees=nominees,
    )


@pytest.fixture
def certificate(ward_body: Body) -> CertificateDoc:
    return CertificateDoc(
        body=ward_body,
        recipient_name="Nguyễn Thị Ánh Tuyết",
        honorific="Bà",
        position="Giáo viên",
        unit_name="Trường Tiểu học Mỹ Thạnh",
        achievements="Công dân học tập tiêu biểu năm 2025",
        decision_number="07/QĐ-UBND",
        decision_date=date(2025, 2, 5),
        register_number="GK-2025-0012",
        signer_name="Lê Văn Tám",
        verify_url="https://vinhdanh.example.vn/xac-minh/AB12CD34",
    )


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)


def squeezed(text: str) -> str:
    """Text without whitespace, to compare strings that a table cell may have wrapped."""
    return re.sub(r"\s+", "", text)


def pdf_fonts(pdf: bytes) -> dict[str, TTFont]:
    """Embedded fonts by base name without the subset tag ("Liberation-Serif-Bold")."""
    fonts = {}
    for page in PdfReader(BytesIO(pdf)).pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
            name = str(font["/BaseFont"]).split("+", 1)[-1]
            fonts[name] = TTFont(BytesIO(descriptor["/FontFile2"].get_data()))
    return fonts
