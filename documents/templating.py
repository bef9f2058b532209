"""A standalone Django template engine, so documents render with or without project settings."""

import contextlib
import threading
from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from django.template import Context, Engine

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"


@cache
def _engine() -> Engine:
    # autoescape is the point: every name and achievement comes from users.
    return Engine(dirs=[str(TEMPLATE_DIR)], autoescape=True, debug=False)


# The documents an administrator may re-word; the layout rules stay in the shared partials and the CSS.
EDITABLE_TEMPLATES = {
    "documents/decision.html": "Quyết định và danh sách kèm theo",
    "documents/certificate.html": "Giấy khen / giấy công nhận",
    "documents/minutes.html": "Biên bản họp Hội đồng",
    "documents/proposal.html": "Tờ trình",
    "documents/broadcast.html": "Bài tuyên dương phát thanh",
}

_overrides = threading.local()


@contextlib.contextmanager
def template_overrides(sources: Mapping[str, str]) -> Iterator[None]:
    """Render with these template sources in place of the built-in files, for this thread, inside the block."""
    previous = getattr(_overrides, "sources", None)
    _overrides.sources = {**(previous or {}), **sources}
    try:
        yield
    finally:
        _overrides.sources = previous


def compile_template(source: str) -> None:
    """Raise django.template.TemplateSyntaxError (with its message) when the source does not compile."""
    _engine().from_string(source)


# Numbers are printed as they are: localisation would need settings and could add separators to STT.
def render_template(name: str, context: dict[str, Any]) -> str:
    source = (getattr(_overrides, "sources", None) or {}).get(name)
    template = _engine().from_string(source) if source is not None else _engine().get_template(name)
    return template.render(Context(context, autoescape=True, use_l10n=False, use_tz=False))


def template_version(*names: str) -> str:
    """A short fingerprint of the built-in templates a document used, remembered with what was signed."""
    import hashlib

    digest = hashlib.sha256()
    for name in sorted({"documents/_base.html", "documents/_header.html", "documents/_signer.html", *names}):
        digest.update(name.encode())
        digest.update((TEMPLATE_DIR / name).read_bytes())
    return f"builtin:{digest.hexdigest()[:16]}"
