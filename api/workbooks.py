"""Small pieces shared by the report endpoints that answer with a file: workbook writing and JSON errors."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook
from rest_framework.renderers import BaseRenderer, JSONRenderer

from documents.xlsx_safety import neutralize_formula

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"

Sheet = tuple[str, Iterable[Sequence[Any]]]


def workbook_bytes(sheets: Iterable[Sheet]) -> bytes:
    """Sheets written row by row (openpyxl write-only); every text cell is kept from acting as a formula."""
    workbook = Workbook(write_only=True)
    for title, rows in sheets:
        sheet = workbook.create_sheet(title[:31])
        for row in rows:
            sheet.append([neutralize_formula("" if value is None else value) for value in row])
    with tempfile.TemporaryFile() as out:
        workbook.save(out)
        out.seek(0)
        return out.read()


class FileRenderer(BaseRenderer):
    """A renderer whose output is a file built from the view's data; errors never reach it (JSONErrorsMixin)."""

    charset = None
    render_style = "binary"

    def build(self, data: dict[str, Any], renderer_context: dict[str, Any]) -> bytes:
        raise NotImplementedError

    def render(self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None) -> bytes:
        return self.build(data if isinstance(data, dict) else {}, renderer_context or {})


class JSONErrorsMixin:
    """Errors are JSON {"detail", "code"} (API.md) even when the client asked for a file."""

    request: Any

    def handle_exception(self, exc: Exception) -> Any:
        if isinstance(getattr(self.request, "accepted_renderer", None), FileRenderer):
            self.request.accepted_renderer = JSONRenderer()
            self.request.accepted_media_type = JSONRenderer.media_type
        return super().handle_exception(exc)  # type: ignore[misc]

    def perform_content_negotiation(self, request: Any, force: bool = False) -> Any:
        if force:
            # Negotiation itself failed (an unknown ?format=): the refusal is answered in JSON, never handed
            # to the first renderer in the list, a file renderer that cannot build an error.
            return JSONRenderer(), JSONRenderer.media_type
        return super().perform_content_negotiation(request, force)  # type: ignore[misc]


def attach(response: Any, request: Any, filename: str) -> Any:
    """Name the file when a file renderer answered successfully."""
    renderer = getattr(request, "accepted_renderer", None)
    if isinstance(renderer, FileRenderer) and response.status_code == 200:
        response["Content-Disposition"] = f'attachment; filename="{filename}.{renderer.format}"'
    return response
