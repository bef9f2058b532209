"""Claiming a file from the queue: the person says "I am handling this one" to the role's others."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from workflows.claims import task_claim
from workflows.refusals import Refusal

from .views import client_ip, visible_nomination


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
