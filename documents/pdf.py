"""HTML to PDF with WeasyPrint, embedding Liberation Serif 2 (Times New Roman metrics)."""

import os
import threading
from collections.abc import Iterable, Iterator
from io import BytesIO
from itertools import islice
from pathlib import Path
from typing import BinaryIO
from urllib.parse import unquote, urlsplit

from pypdf import PdfReader, PdfWriter
from weasyprint import CSS, HTML, Document
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

FONT_FAMILY = "Liberation Serif"
# Liberation 1.x lacks part of Vietnamese and shares the family name with 2.x, so the 2.x files
# are referenced by path instead of trusting whichever one fontconfig happens to pick.
FONT_DIR = Path(os.environ.get("VINHDANH_FONT_DIR", "/usr/share/fonts/truetype/liberation2"))
_FACES = (
    ("normal", "normal", "LiberationSerif-Regular.ttf"),
    ("bold", "normal", "LiberationSerif-Bold.ttf"),
    ("normal", "italic", "LiberationSerif-Italic.ttf"),
    ("bold", "italic", "LiberationSerif-BoldItalic.ttf"),
)
CHUNK_SIZE = 25


def _font_face(weight: str, style: str, filename: str) -> str:
    path = FONT_DIR / filename
    sources = [f'local("{FONT_FAMILY}")']
    if path.is_file():
        sources.insert(0, f'url("{path.as_uri()}")')
    return (
        f'@font-face {{ font-family: "{FONT_FAMILY}"; font-weight: {weight}; font-style: {style};'
        f" src: {', '.join(sources)}; }}"
    )


def base_css() -> str:
    faces = "\n".join(_font_face(*face) for face in _FACES)
    return f'{faces}\nhtml {{ font-family: "{FONT_FAMILY}", "Times New Roman", serif; }}\n'


class _LocalOnlyFetcher(URLFetcher):
    """Only inline data and the font files: an edited template must not reach the network or the disk."""

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        if allowed_resource(url):
            return super().fetch(url, headers)
        raise ValueError(f"refusing to fetch {url[:80]!r} while rendering a document")


def allowed_resource(url: str) -> bool:
    """Inline data, or a file inside the font directory (after resolving any "..")."""
    parts = urlsplit(url)
    if parts.scheme == "data":
        return True
    if parts.scheme != "file":
        return False
    return Path(unquote(parts.path)).resolve().is_relative_to(FONT_DIR.resolve())


_local = threading.local()


def _resources() -> tuple[FontConfiguration, CSS, URLFetcher]:
    # Parsing the @font-face rules and loading the font files is most of a small document's cost,
    # so each thread does it once (FontConfiguration is not safe to share between threads).
    if not hasattr(_local, "resources"):
        fetcher = _LocalOnlyFetcher()
        font_config = FontConfiguration()
        css = CSS(string=base_css(), font_config=font_config, url_fetcher=fetcher)
        _local.resources = (font_config, css, fetcher)
    return _local.resources


def render_document(html: str) -> Document:
    font_config, css, fetcher = _resources()
    return HTML(string=html, url_fetcher=fetcher).render(font_config=font_config, stylesheets=[css])


def render_pdf(html: str) -> bytes:
    return render_document(html).write_pdf()


def _chunks(items: Iterable[str], size: int) -> Iterator[list[str]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def write_many_pdf(html_pages: Iterable[str], out: BinaryIO, *, chunk_size: int = CHUNK_SIZE) -> int:
    """Render many HTML documents into one PDF written to ``out``; returns the page count.

    Laid-out pages are heavy, so only ``chunk_size`` documents are kept laid out at a time; each
    chunk becomes a small PDF (one font subset per chunk) and pypdf joins the chunks.
    """
    writer = PdfWriter()
    for chunk in _chunks(html_pages, chunk_size):
        documents = [render_document(html) for html in chunk]
        pages = [page for document in documents for page in document.pages]
        writer.append(PdfReader(BytesIO(documents[0].copy(pages).write_pdf())))
    if not writer.pages:
        raise ValueError("nothing to write: no documents were given")
    writer.write(out)
    return len(writer.pages)
