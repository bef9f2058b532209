"""A standalone Django template engine, so documents render with or without project settings."""

from functools import cache
from pathlib import Path
from typing import Any

from django.template import Context, Engine

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"


@cache
def _engine() -> Engine:
    # autoescape is the point: every name and achievement comes from users.
    return Engine(dirs=[str(TEMPLATE_DIR)], autoescape=True, debug=False)


# Numbers are printed as they are: localisation would need settings and could add separators to STT.
def render_template(name: str, context: dict[str, Any]) -> str:
    return _engine().get_template(name).render(Context(context, autoescape=True, use_l10n=False, use_tz=False))


def template_version(*names: str) -> str:
    """A short fingerprint of the built-in templates a document used, remembered with what was signed."""
    import hashlib

    digest = hashlib.sha256()
    for name in sorted({"documents/_base.html", "documents/_header.html", "documents/_signer.html", *names}):
        digest.update(name.encode())
        digest.update((TEMPLATE_DIR / name).read_bytes())
    return f"builtin:{digest.hexdigest()[:16]}"
