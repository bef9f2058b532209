import itertools
import shutil
import subprocess
import unicodedata
from dataclasses import replace
from io import BytesIO

import pytest
from pypdf import PdfReader

from documents.certificate import render_certificate_html, render_certificate_pdf, render_certificates_pdf
from tests.documents.conftest import SCRIPT, pdf_fonts, pdf_text, squeezed


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


# The print run of a whole decision: drawn at fixed positions and streamed page by page.


def _print_run(docs, **kwargs) -> bytes:
    out = BytesIO()
    render_certificates_pdf(iter(docs), out, **kwargs)
    return out.getvalue()


def _embedded_fonts(pdf: bytes) -> set[str]:
    names = set()
    for page in PdfReader(BytesIO(pdf)).pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            assert "/FontFile2" in font["/FontDescriptor"].get_object()  # embedded, not referenced
            names.add(str(font["/BaseFont"]).split("+", 1)[-1])
    return names


def test_the_print_run_carries_the_same_text_as_the_single_certificate(certificate):
    pdf = _print_run([certificate])
    text = pdf_text(pdf)
    for line in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "CHỦ TỊCH ỦY BAN NHÂN DÂN PHƯỜNG MỸ THẠNH",
        "TẶNG",
        "GIẤY KHEN",
        "Bà Nguyễn Thị Ánh Tuyết",
        "Giáo viên, Trường Tiểu học Mỹ Thạnh",
        "Đã có thành tích: Công dân học tập tiêu biểu năm 2025",
        "Quyết định số 07/QĐ-UBND ngày 05/02/2025",
        "Số sổ khen thưởng: GK-2025-0012",
        "Xác minh: https://vinhdanh.example.vn/xac-minh/AB12CD34",
        "Long Xuyên, ngày 05 tháng 02 năm 2025",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "Lê Văn Tám",
    ):
        assert line in text
    assert "ĐÃ THU HỒI" not in text
    assert _embedded_fonts(pdf) == {"LiberationSerif", "LiberationSerif-Bold", "LiberationSerif-BoldItalic"} | {
        "LiberationSerif-Italic"
    }
    page = PdfReader(BytesIO(pdf)).pages[0]
    box = page.mediabox
    assert (round(float(box.width) * 25.4 / 72), round(float(box.height) * 25.4 / 72)) == (297, 210)


def test_the_print_run_stamps_revoked_certificates_and_escapes_nothing_into_markup(certificate):
    pdf = _print_run([replace(certificate, revoked=True), replace(certificate, recipient_name=SCRIPT)])
    first, second = (page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)
    assert "ĐÃ THU HỒI" in first
    assert "ĐÃ THU HỒI" not in second
    assert SCRIPT in second


def test_a_name_typed_with_combining_accents_prints_as_precomposed_letters(certificate):
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Ánh Tuyết")
    assert decomposed != "Nguyễn Thị Ánh Tuyết"
    text = pdf_text(_print_run([replace(certificate, recipient_name=decomposed)]))
    assert "Bà Nguyễn Thị Ánh Tuyết" in text


def test_a_long_name_and_achievements_wrap_inside_the_frame(certificate):
    long = replace(
        certificate,
        recipient_name="Trần Văn Phước Lộc Nguyễn Hoàng Đức Thịnh Vượng Phát Đạt",
        achievements="Gia đình học tập tiêu biểu nhiều năm liền, tham gia tích cực phong trào khuyến học "
        "khuyến tài của khóm, vận động con em đến trường\nDòng thứ hai",
    )
    text = squeezed(pdf_text(_print_run([long])))
    assert squeezed("Trần Văn Phước Lộc Nguyễn Hoàng Đức Thịnh Vượng Phát Đạt") in text
    assert squeezed("vận động con em đến trường") in text
    assert "Dòngthứhai" in text


@pytest.mark.skipif(shutil.which("zbarimg") is None, reason="zbar-tools (Makefile APT_PACKAGES) is not installed")
def test_the_printed_qr_code_decodes_to_the_verify_url(certificate, tmp_path):
    pdf = tmp_path / "run.pdf"
    pdf.write_bytes(_print_run([certificate, replace(certificate, verify_url="https://vd.example.vn/xac-minh/ZZ99")]))
    subprocess.run(["pdftoppm", "-png", "-r", "150", str(pdf), str(tmp_path / "page")], check=True)
    decoded = [
        subprocess.run(["zbarimg", "-q", "--raw", str(png)], capture_output=True, text=True, check=True).stdout.strip()
        for png in sorted(tmp_path.glob("page-*.png"))
    ]
    assert decoded == ["https://vinhdanh.example.vn/xac-minh/AB12CD34", "https://vd.example.vn/xac-minh/ZZ99"]


def test_pages_reach_the_output_while_the_run_is_still_drawing(certificate):
    out = BytesIO()
    written_before: list[int] = []

    def docs():
        for n in range(1, 6):
            written_before.append(out.tell())
            yield replace(certificate, register_number=f"GK-2025-{n:04d}")

    assert render_certificates_pdf(docs(), out) == 5
    # each page is in the file before the next one is drawn
    assert all(later > earlier for earlier, later in itertools.pairwise(written_before))
    pages = PdfReader(BytesIO(out.getvalue())).pages
    assert [p.extract_text().count("GK-2025-000") for p in pages] == [1] * 5
    assert "GK-2025-0005" in pages[4].extract_text()


def test_the_flowing_layout_is_still_there_for_templates_that_need_it(certificate):
    pdf = _print_run([certificate, replace(certificate, revoked=True)], flowing=True)
    pages = PdfReader(BytesIO(pdf)).pages
    assert len(pages) == 2
    assert "ĐÃ THU HỒI" in pages[1].extract_text()
    assert set(pdf_fonts(pdf)) <= {"Liberation-Serif", "Liberation-Serif-Bold", "Liberation-Serif-Italic"} | {
        "Liberation-Serif-Bold-Italic"
    }


def test_an_empty_print_run_is_refused(certificate):
    with pytest.raises(ValueError, match="nothing to write"):
        render_certificates_pdf(iter([]), BytesIO())
