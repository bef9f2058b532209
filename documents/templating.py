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
