"""The public honour board per year, and the page where a unit records its awardees' consent.

The board is opt-in: it lists only certificates still valid whose holder agreed, with the public
facts of the award (name, award, decision, organisation) and nothing personal.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import clock
from core.errors import Refusal
from core.http import client_ip
from honour import services
from honour.models import HonourConsent
from nominations.models import CertificateStatus
from web.common import is_submitter


def honour_board(request: HttpRequest, year: int) -> HttpResponse:
    if not 1900 <= year <= 2999:
        raise Http404
    entries = list(services.honour_board(year=year))
    return render(
        request,
        "web/honour_board.html",
        {"year": year, "entries": entries, "previous": year - 1, "next": year + 1, "this_year": clock.today().year},
    )


@login_required
def honour_consents(request: HttpRequest) -> HttpResponse:
    if not is_submitter(request.user):
        raise Http404
    certificates = list(services.awardees_of_units(request.user)[:500])
    consented = set(
        HonourConsent.objects.filter(nominee_id__in=[c.nominee_id for c in certificates]).values_list(
            "nominee_id", flat=True
        )
    )
    for certificate in certificates:
        certificate.consented = certificate.nominee_id in consented  # type: ignore[attr-defined]
        certificate.is_valid = certificate.status == CertificateStatus.VALID  # type: ignore[attr-defined]
    return render(request, "web/honour_consents.html", {"certificates": certificates, "this_year": clock.today().year})


@login_required
@require_POST
def honour_consent_change(request: HttpRequest) -> HttpResponse:
    nominee_id = request.POST.get("nominee", "")
    agree = request.POST.get("consent") == "1"
    change: Any = services.honour_consent_record if agree else services.honour_consent_withdraw
    try:
        change(nominee_id=nominee_id, actor=request.user, client_ip=client_ip(request))
    except Refusal as exc:
        if exc.status == 404:
            raise Http404 from exc
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Consent recorded.") if agree else _("Consent withdrawn."))
    return redirect("web:honour-consents")
