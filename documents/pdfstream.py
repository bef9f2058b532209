"""A reportlab canvas that writes each finished page to its output at once, so memory stays flat.

reportlab's own canvas keeps every page (and its content stream) until ``save()`` and then formats
the whole file in memory: 10,000 certificates would hold the whole PDF twice. Here a page and its
content stream are formatted and written as soon as the page is finished, and forgotten; what must
wait for the end — the font subsets (their glyphs are known only when the last page is drawn), the
page tree, the catalogue — is written by ``finish()``, followed by the cross-reference table.

This leans on reportlab's document internals (``PDFDocument``'s object registry), which is why
reportlab is pinned to one version.
"""

from __future__ import annotations

from typing import Any, BinaryIO

from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen.canvas import Canvas


class _StreamingDocument(pdfdoc.PDFDocument):
    def __init__(self, out: BinaryIO, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._out = out
        self._offset = 0
        self._offsets: dict[int, int] = {}
        self.encrypt.prepare(self)
        self._write(pdfdoc.PDFFile(self._pdfVersion).format(self))

    def _write(self, data: bytes) -> None:
        self._out.write(data)
        self._offset += len(data)

    def _write_object(self, name: str) -> None:
        number, _ = self.idToObjectNumberAndVersion[name]
        formatted = pdfdoc.PDFIndirectObject(name, self.idToObject[name]).format(self)
        self._offsets[number] = self._offset
        self._write(formatted)

    def flush_pages(self) -> None:
        """Write the pages finished so far with their content streams; keep only their references."""
        pages = self.Pages.pages
        for index, page in enumerate(pages):
            if not isinstance(page, pdfdoc.PDFPage):
                continue
            name = page.__InternalName__
            self._write_object(name)  # formats the page, which registers its content stream
            # formatting registered the page's content stream as an object of its own: write it now too
            contents = getattr(page.Contents, "__InternalName__", None)
            if contents is not None:
                self._write_object(contents)
                del self.idToObject[contents]
            del self.idToObject[name]
            pages[index] = pdfdoc.PDFObjectReference(name)

    def finish(self, canvas: Canvas) -> None:
        """Write what had to wait for the last page: fonts, page tree, catalogue, xref and trailer."""
        self.flush_pages()
        for font in self.delayedFonts:
            font.addObjects(self)
        self.info.invariant = self.invariant
        self.info.digest(self.signature)
        self.Reference(self.Catalog)
        self.Reference(self.info)
        self.Outlines.prepare(self, canvas)
        if self.Outlines.ready < 0:
            self.Catalog.Outlines = None
        # Formatting an object may register new ones (a font's descriptor, its file): loop until none is left.
        number = 0
        while True:
            number += 1
            name = self.numberToId.get(number)
            if name is None:
                break
            if number not in self._offsets:
                self._write_object(name)
        count = len(self.numberToId)
        entries = [b"xref\n0 %d\n0000000000 65535 f \n" % (count + 1)]
        entries += [b"%010d 00000 n \n" % self._offsets[n] for n in range(1, count + 1)]
        start = self._offset
        self._write(b"".join(entries))
        trailer = pdfdoc.PDFTrailer(
            startxref=start,
            Size=count + 1,
            Root=self.Reference(self.Catalog),
            Info=self.Reference(self.info),
            ID=self.ID(),
        )
        self._write(trailer.format(self))


class StreamingCanvas(Canvas):
    """A canvas whose pages go to ``out`` as each one is finished; call ``finish()`` instead of ``save()``."""

    def __init__(self, out: BinaryIO, **kwargs: Any) -> None:
        super().__init__(out, **kwargs)
        self._doc = _StreamingDocument(
            out,
            compression=self._pageCompression,
            invariant=self._doc.invariant,
            filename=out,
            pdfVersion=self._doc._pdfVersion,
            lang=kwargs.get("lang"),
        )
        # The preamble names the initial font inside the document it was made for: make it again for ours.
        self._make_preamble()
        self.pages_written = 0

    def showPage(self) -> None:  # noqa: N802 - reportlab's name
        super().showPage()
        self._doc.flush_pages()
        self.pages_written += 1

    def save(self) -> None:
        raise TypeError("a StreamingCanvas is closed with finish(), which writes the end of the file")

    def finish(self) -> int:
        if self._code:
            self.showPage()
        self._doc.finish(self)
        return self.pages_written
