"""certificates_1k: a decision's certificates printed into one PDF, beside a bare reportlab page loop.

Ours is documents.certificate.render_certificates_pdf as GET /api/v1/decisions/{id}/certificates.pdf
calls it (minus the database read): layout of every box, word wrap, the QR code, each page streamed
to a file. The floor draws the same strings at positions computed once, the same QR squares, on a
plain reportlab canvas that keeps the document in memory until save(): what reportlab costs for
the page when nobody lays anything out.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from .harness import Side, measure

PAGES = {"smoke": 20, "small": 100, "full": 1_000}
MEMORY_PAGES = {"smoke": 40, "small": 300, "full": 10_000}
FLOWING_SAMPLE = {"smoke": 1, "small": 3, "full": 10}

OURS = (
    "documents.certificate.render_certificates_pdf(docs, file): per certificate the context, NFC, word wrap of "
    "every box, the frame, segno QR drawn as squares, Liberation Serif subsets; each page written to the file "
    "as it is finished"
)
FLOOR = (
    "reportlab Canvas, the same strings at positions computed once (drawCentredString/drawString), the same "
    "frame and QR squares from segno, same fonts, one save() at the end (the whole document in memory)"
)


def _docs(count: int) -> Iterator[Any]:
    from documents.body import Body
    from documents.certificate import CertificateDoc

    base = CertificateDoc(
        body=Body(
            issuing_body="Ủy ban nhân dân phường Mỹ Thạnh",
            parent_body="Ủy ban nhân dân thành phố Long Xuyên",
            place_name="Long Xuyên",
            document_suffix="UBND",
        ),
        recipient_name="",
        decision_number="07/QĐ-UBND",
        decision_date=date(2025, 2, 5),
        register_number="",
        signer_name="Lê Văn Tám",
        verify_url="",
        award_name="GIẤY KHEN",
        achievements="Gia đình học tập tiêu biểu năm 2025",
        unit_name="Khóm Đông Thạnh",
    )
    for n in range(count):
        yield replace(
            base,
            recipient_name=f"Hộ ông Nguyễn Văn Thịnh {n}",
            register_number=f"GK-2025-{n:06d}",
            verify_url=f"https://vinhdanh.example.vn/xac-minh/{n:08X}",
        )


def _floor(docs: list[Any], out: Any) -> int:
    import segno
    from reportlab.pdfgen.canvas import Canvas

    from documents import certificate_print as cp
    from documents.certificate import certificate_context

    cp._register_fonts()
    canvas = Canvas(out, pagesize=(cp.PAGE_WIDTH, cp.PAGE_HEIGHT), initialFontName=cp.REGULAR, pageCompression=1)
    top = cp.CONTENT_TOP
    fixed = [  # (text key or literal, font, size, baseline)
        ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", cp.BOLD, 13, top - 12.5),
        ("Độc lập - Tự do - Hạnh phúc", cp.BOLD, 14, top - 30),
        ("giver", cp.BOLD, 16, top - 70),
        ("TẶNG", cp.BOLD, 15, top - 95),
        ("award_name", cp.BOLD, 44, top - 150),
        ("recipient", cp.BOLD_ITALIC, 24, top - 190),
        ("position_unit", cp.REGULAR, 16, top - 215),
        ("achievements", cp.REGULAR, 16, top - 245),
    ]
    for doc in docs:
        context = certificate_context(doc, with_qr=False)
        canvas.setStrokeColor(cp.RED)
        canvas.setLineWidth(4 / 3)
        canvas.rect(cp.MARGIN, cp.MARGIN, cp.PAGE_WIDTH - 2 * cp.MARGIN, cp.FRAME_HEIGHT)
        canvas.rect(cp.MARGIN + 3, cp.MARGIN + 3, cp.PAGE_WIDTH - 2 * cp.MARGIN - 6, cp.FRAME_HEIGHT - 6)
        for key, font, size, baseline in fixed:
            canvas.setFont(font, size)
            canvas.drawCentredString(cp.CENTRE, baseline, context.get(key, key))
        canvas.setFont(cp.REGULAR, 12)
        canvas.drawString(170, 130, context["decision_text"])
        canvas.drawString(170, 114, f"Số sổ khen thưởng: {context['register_number']}")
        canvas.setFont(cp.REGULAR, 10)
        canvas.drawString(170, 100, f"Xác minh: {context['verify_url']}")
        canvas.setFont(cp.ITALIC, 14)
        canvas.drawCentredString(620, 230, context["date_line"])
        canvas.setFont(cp.BOLD, 14)
        for text, y in (("KT. CHỦ TỊCH", 205), ("PHÓ CHỦ TỊCH", 188), (context["signer"]["name"], 100)):
            canvas.drawCentredString(620, y, text)
        matrix = segno.make(doc.verify_url, error="m", micro=False).matrix
        unit = cp.QR_SIZE / (len(matrix) + 4)
        path = canvas.beginPath()
        for r, row in enumerate(matrix):
            for col, dark in enumerate(row):
                if dark:
                    path.rect(90 + (col + 2) * unit, 170 - (r + 3) * unit, unit, unit)
        canvas.drawPath(path, stroke=0, fill=1)
        canvas.showPage()
    canvas.save()
    return len(docs)


def certificates_1k(ctx: Any, size: str) -> Any:
    from documents.certificate import render_certificates_pdf

    pages = PAGES[size]
    docs = list(_docs(pages))
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - closed below
    sizes: dict[str, int] = {}

    def ours() -> None:
        spool.seek(0)
        spool.truncate()
        assert render_certificates_pdf(iter(docs), spool) == pages
        sizes["ours"] = spool.tell()

    def floor() -> None:
        spool.seek(0)
        spool.truncate()
        assert _floor(docs, spool) == pages
        sizes["floor"] = spool.tell()

    try:
        result = measure(
            "certificates_1k",
            ours=Side(ours),
            floor=Side(floor, queries=0),
            rounds=3,
            per_round=1,
            ours_includes=OURS,
            floor_includes=FLOOR,
            count_times=1,
            memory_times=1,
        )
        many = MEMORY_PAGES[size]
        peak_many = _resident_growth_mb(many)
        sample = FLOWING_SAMPLE[size]
        began = time.perf_counter()
        spool.seek(0)
        spool.truncate()
        render_certificates_pdf(_docs(sample), spool, flowing=True)
        flowing_pps = sample / (time.perf_counter() - began)
    finally:
        spool.close()
    ours_pps = pages / (result.ours / 1000)
    floor_pps = pages / (result.floor / 1000) if result.floor else 0.0
    result.unit = "ms/run"
    result.note = (
        f"{pages:,} certificates per run: ours {ours_pps:,.0f} pages/s, floor {floor_pps:,.0f} pages/s, the "
        f"WeasyPrint layout (flowing=True) {flowing_pps:.1f} pages/s on {sample}; PDF "
        f"{sizes['ours'] / pages / 1024:.1f} KiB/page (floor {sizes['floor'] / pages / 1024:.1f}); "
        f"peak memory {result.peak_mb:.1f} MB at {pages:,}, "
        f"resident-set growth {peak_many:.1f} MB over a run of {many:,} in a fresh process"
    )
    result.extra = {
        "pages": pages,
        "ours_pages_per_s": round(ours_pps, 1),
        "floor_pages_per_s": round(floor_pps, 1),
        "flowing_pages_per_s": round(flowing_pps, 2),
        "peak_mb_at": {str(pages): result.peak_mb, str(many): peak_many},
    }
    return result


def _resident_growth_mb(pages: int) -> float:
    """How much the resident set grows over a run of `pages`, in a fresh process (tracemalloc would
    slow a 10,000-page run tenfold, and this process's high-water mark is the floor's in-memory PDF)."""
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.certificates", str(pages)],
        cwd=root,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        check=True,
    )
    return float(json.loads(done.stdout.strip().splitlines()[-1])["growth_mb"])


def _measure_run(pages: int) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DJANGO_DEBUG", "true")
    django.setup()
    from documents.certificate import render_certificates_pdf

    with tempfile.TemporaryFile() as out:
        render_certificates_pdf(_docs(5), out)  # fonts loaded, code warm
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        out.seek(0)
        out.truncate()
        render_certificates_pdf(_docs(pages), out)
        after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"pages": pages, "growth_mb": round((after - before) / 1024, 2)}))


if __name__ == "__main__":
    _measure_run(int(sys.argv[1]))
