"""Claiming a file from the queue: the person says "I am handling this one" to the role's others."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import clock
from core.errors import Refusal
from core.http import client_ip
from nominations import access as permissions
from nominations.models import Nomination
from nominations.states import PUBLIC_TRANSITIONS
from web import labels
from web.common import due_flags, rounds_for, units_for, visible_nomination
from web.forms import QueueFilterForm
from workflows import selectors
from workflows.bulk import nominations_bulk_transition
from workflows.claims import task_claim, task_owners
from workflows.desk import FILTER_FIELDS, desk_filters_recall, desk_filters_remember, queue_counts


@login_required
@require_POST
def queue_claim(request: HttpRequest, pk: Any) -> HttpResponse:
    nomination = visible_nomination(request.user, pk)
    try:
        task_claim(nomination_id=nomination.pk, actor=request.user, client_ip=client_ip(request))
    except Refusal as exc:
        if exc.status == 404:
            raise Http404 from exc
        messages.error(request, f"{nomination.reference}: {exc.message}")
    else:
        messages.success(request, _("You claimed %(reference)s.") % {"reference": nomination.reference})
    return redirect("web:queue")


REVIEW_ACTIONS = [name for name in PUBLIC_TRANSITIONS if name not in ("submit", "withdraw")]


def _queue(request: HttpRequest, form: QueueFilterForm) -> list[Nomination]:
    user = request.user
    today = clock.today()
    qs = form.apply(selectors.queue_for(user)).annotate(nominee_count=Count("nominees"))
    if form.is_valid() and form.cleaned_data.get("due") == "overdue":
        qs = qs.filter(deadline__lt=today)
    elif form.is_valid() and form.cleaned_data.get("due") == "week":
        qs = qs.filter(deadline__lte=today + datetime.timedelta(days=7))
    items = due_flags(list(qs[:200]), today)
    owners = task_owners([item.pk for item in items])
    for item in items:
        item.actions = permissions.available_transitions(user, item)  # type: ignore[attr-defined]
        item.claimed_by = owners.get(item.pk)  # type: ignore[attr-defined]
    return items


def _queue_page(
    request: HttpRequest, *, results: list[dict[str, Any]] | None = None, status: int = 200
) -> HttpResponse:
    user = request.user
    data: Any = request.GET if request.method == "GET" else None
    if data and "reset" not in data:
        desk_filters_remember(user=user, filters={name: data.get(name, "") for name in FILTER_FIELDS})
    elif data is not None and "reset" in data:
        desk_filters_remember(user=user, filters={})
        data = None
    elif request.method == "GET" or data is None:
        # The queue opens as the person left it.
        data = desk_filters_recall(user) or None
    form = QueueFilterForm(data or None, rounds=rounds_for(user), units=units_for(user))
    items = _queue(request, form)
    offered = {name for item in items for name in item.actions}  # type: ignore[attr-defined]
    actions = [{"name": name, "label": labels.TRANSITION[name]} for name in PUBLIC_TRANSITIONS if name in offered]
    return render(
        request,
        "web/queue.html",
        {
            "form": form,
            "items": items,
            "actions": actions,
            "results": results,
            "today": clock.today(),
            "counts": queue_counts(user),
        },
        status=status,
    )


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    return _queue_page(request)


@login_required
@require_POST
def queue_bulk(request: HttpRequest) -> HttpResponse:
    """The same transition on each ticked file; each succeeds or is refused on its own rules."""
    name = request.POST.get("transition", "")
    comment = request.POST.get("comment", "").strip()
    ids = request.POST.getlist("items")
    results: list[dict[str, Any]] = []
    if not ids:
        messages.error(request, _("Tick at least one file."))
        return redirect("web:queue")
    items = []
    for raw_id in ids:
        version = request.POST.get(f"version_{raw_id}", "")
        items.append({"id": raw_id, "version": int(version) if version.isdigit() else None})
    try:
        _batch, outcomes = nominations_bulk_transition(
            name=name, actor=request.user, items=items, comment=comment, client_ip=client_ip(request)
        )
    except Refusal as exc:
        messages.error(request, exc.message)
        return redirect("web:queue")
    shown = {str(n.pk): n for n in permissions.visible_nominations(request.user).filter(pk__in=_valid_uuids(ids))}
    for outcome in outcomes:
        nomination = shown.get(outcome.id)
        results.append(
            {
                "nomination": nomination,
                "reference": nomination.reference if nomination else outcome.id,
                "done": outcome.status == "done",
                "message": outcome.detail,
            }
        )
    return _queue_page(request, results=results)


def _valid_uuids(values: list[str]) -> list[str]:
    valid = []
    for value in values:
        try:
            valid.append(str(uuid.UUID(value)))
        except ValueError:
            continue
    return valid
