"""Templates an administrator re-worded: the version in use for each document, and how to render with it."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from django.db import transaction
from django.db.models import Max

from documents.templating import template_overrides, template_version
from nominations.models import DocumentTemplate


def templates_in_use() -> dict[str, DocumentTemplate]:
    latest = DocumentTemplate.objects.values("name").annotate(top=Max("version"))
    wanted = {row["name"]: row["top"] for row in latest}
    rows = DocumentTemplate.objects.filter(name__in=wanted)
    return {row.name: row for row in rows if row.version == wanted[row.name]}


@contextlib.contextmanager
def current_templates() -> Iterator[dict[str, DocumentTemplate]]:
    """Render inside this block with the administrator's latest versions in place of the built-in files."""
    in_use = templates_in_use()
    with template_overrides({name: row.source for name, row in in_use.items()}):
        yield in_use


def version_label(name: str, in_use: dict[str, DocumentTemplate]) -> str:
    """What a kept document remembers: the administrator's version, or the built-in file's fingerprint."""
    row = in_use.get(name)
    return f"{name}@v{row.version}" if row else template_version(name)


def template_save(*, name: str, source: str, note: str = "", actor: Any) -> DocumentTemplate:
    """A new version of a template; the caller has compiled and previewed it."""
    with transaction.atomic():
        # One writer at a time per name keeps the version numbers gapless and unique.
        list(DocumentTemplate.objects.select_for_update().filter(name=name))
        last = DocumentTemplate.objects.filter(name=name).aggregate(top=Max("version"))["top"] or 0
        return DocumentTemplate.objects.create(name=name, version=last + 1, source=source, note=note, created_by=actor)
