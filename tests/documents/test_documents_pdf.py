from io import BytesIO

import pytest
from pypdf import PdfReader

from documents.pdf import FONT_DIR, allowed_resource, render_pdf, write_many_pdf
from tests.documents.conftest import pdf_fonts, pdf_text


def page(text: str) -> str:
    return f"<html><body><p>{text}</p></body></html>"


def test_a_bare_page_gets_liberation_serif_from_the_base_stylesheet():
    pdf = render_pdf(page("Hộ gia đình học tập"))
    assert "Hộ gia đình học tập" in pdf_text(pdf)
    assert set(pdf_fonts(pdf)) == {"Liberation-Serif"}


def test_many_documents_are_joined_in_chunks():
    # given five documents and chunks of two
    out = BytesIO()
    # when written
    count = write_many_pdf((page(f"Trang {n}") for n in range(5)), out, chunk_size=2)
    # then all five pages are there, in order
    pages = PdfReader(BytesIO(out.getvalue())).pages
    assert count == 5
    assert [p.extract_text().strip() for p in pages] == [f"Trang {n}" for n in range(5)]


def test_nothing_to_write_is_an_error():
    with pytest.raises(ValueError, match="nothing"):
        write_many_pdf([], BytesIO())


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("data:image/png;base64,AAAA", True),
        ((FONT_DIR / "LiberationSerif-Regular.ttf").as_uri(), True),
        ((FONT_DIR / "../../../../../etc/passwd").as_uri(), False),
        ("file:///etc/passwd", False),
        ("http://169.254.169.254/latest/meta-data/", False),
        ("https://example.com/logo.png", False),
    ],
)
def test_rendering_only_fetches_inline_data_and_the_font_files(url, allowed):
    assert allowed_resource(url) is allowed
