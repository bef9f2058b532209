from dataclasses import replace
from io import BytesIO

from pypdf import PdfReader

from documents.certificate import render_certificate_html, render_certificate_pdf, render_certificates_pdf
from tests.documents.conftest import SCRIPT, pdf_fonts, pdf_text


def test_the_certificate_prints_the_verify_url_and_the_register_number(certificate):
    # when the certificate is rendered
    pdf = render_certificate_pdf(certificate)
    text = pdf_text(pdf)
    # then the reader finds what is needed to check it
    assert "https://vinhdanh.example.vn/xac-minh/AB12CD34" in text
    assert "Số sổ khen thưởng: GK-2025-0012" in text
    assert "Quyết định số 07/QĐ-UBND ngày 05/02/2025" in text
    assert "Bà Nguyễn Thị Ánh Tuyết" in text
    assert "GIẤY KHEN" in text
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN PHƯỜNG MỸ THẠNH" in text
    assert "Long Xuyên, ngày 05 tháng 02 năm 2025" in text
    assert "ĐÃ THU HỒI" not in text
    assert set(pdf_fonts(pdf)) <= {
        "Liberation-Serif",
        "Liberation-Serif-Bold",
        "Liberation-Serif-Italic",
        "Liberation-Serif-Bold-Italic",
    }


def test_the_certificate_is_one_landscape_a4_page_with_a_qr_code(certificate):
    pages = PdfReader(BytesIO(render_certificate_pdf(certificate))).pages
    assert len(pages) == 1
    box = pages[0].mediabox
    assert (round(float(box.width) * 25.4 / 72), round(float(box.height) * 25.4 / 72)) == (297, 210)
    assert 'src="data:image/svg+xml' in render_certificate_html(certificate)


def test_a_revoked_certificate_says_so(certificate):
    text = pdf_text(render_certificate_pdf(replace(certificate, revoked=True)))
    assert "ĐÃ THU HỒI" in text


def test_the_recipient_name_is_escaped(certificate):
    html = render_certificate_html(replace(certificate, recipient_name=SCRIPT))
    assert SCRIPT not in html
    assert SCRIPT in pdf_text(render_certificate_pdf(replace(certificate, recipient_name=SCRIPT)))


def test_many_certificates_print_one_page_each(certificate):
    # given seven recipients, rendered three at a time
    docs = [replace(certificate, register_number=f"GK-2025-{n:04d}") for n in range(1, 8)]
    out = BytesIO()
    # when they are written into one PDF
    count = render_certificates_pdf(iter(docs), out)
    # then each has its own page, in order
    pages = PdfReader(BytesIO(out.getvalue())).pages
    assert count == len(pages) == 7
    for number, page in enumerate(pages, start=1):
        assert f"Số sổ khen thưởng: GK-2025-{number:04d}" in page.extract_text()
