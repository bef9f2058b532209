"""Filters that name the lifecycle's codes in the active language."""

from typing import Any

from django import template

from web import common, labels

register = template.Library()


def _label(table: dict[str, Any], code: str) -> Any:
    return table.get(code, code)


@register.filter
def status_label(code: str) -> Any:
    return _label(labels.STATUS, code)


@register.filter
def transition_label(code: str) -> Any:
    return _label(labels.TRANSITION, code)


@register.filter
def result_label(code: str) -> Any:
    return _label(labels.RESULT, code)


@register.filter
def nominee_kind_label(code: str) -> Any:
    return _label(labels.NOMINEE_KIND, code)


@register.filter
def attachment_kind_label(code: str) -> Any:
    return _label(labels.ATTACHMENT_KIND, code)


@register.filter
def gender_label(code: str) -> Any:
    return _label(labels.GENDER, code)


@register.filter
def role_label(code: str) -> Any:
    return _label(labels.ROLE, code)


@register.filter
def filesize(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


@register.simple_tag(takes_context=True)
def optional_nav(context: Any) -> list[dict[str, Any]]:
    request = context.get("request")
    return common.nav_links(request) if request is not None else []


@register.filter
def money(amount: Any) -> str:
    """An amount in đồng as officials write it: 2.840.000 đ."""
    if amount in (None, ""):
        return "—"
    return f"{round(float(amount)):,}".replace(",", ".") + " đ"
