"""The reviewing body's desk on the file page and the menu: per-nominee decisions, review in steps,
each task's holder and time, the quota, and the page where a person records an absence.
Every view calls a service and decides nothing itself.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import Refusal
from core.http import client_ip
from nominations import access as permissions
from nominations.models import Absence, Membership, NomineeResult, Proposal, Role
from nominations.states import Status
from web.common import acted, visible_nomination
from workflows.absences import absence_cancel, absence_record
from workflows.desk import task_history
from workflows.flows import review_stage
from workflows.nominee_decisions import nominee_exclude, nominee_restore
from workflows.quotas import quota_use
from workflows.review import PROPOSALS_BY_TRACK, review_assign, review_decide, review_propose

DECIDABLE = (NomineeResult.PENDING, NomineeResult.EXCLUDED)


def desk_context(user: Any, nomination: Any) -> dict[str, Any]:
    """What the desk card of a file shows this user, and which of its forms the user may use."""
    org = nomination.organization_id
    track = nomination.award_kind.track
    stage = review_stage(nomination)
    assignment = getattr(nomination, "review_assignment", None)
    decides_nominees = (
        nomination.status == Status.UNDER_REVIEW and permissions.transition_refusal(user, nomination, "reject") is None
    )
    if nomination.organization.review_in_steps and stage == "appraise" and assignment:
        decides_nominees = assignment.officer_id == user.pk
    officers = []
    can_assign = stage in ("assign", "appraise") and any(
        permissions.has_role(user, role, organization_id=org) for role in (Role.REVIEW_HEAD, Role.REVIEW_CLERK)
    )
    if can_assign:
        officers = list(
            Membership.objects.filter(organization_id=org, role=Role.REVIEWER)
            .select_related("user")
            .order_by("user__full_name")
        )
    return {
        "stage": stage,
        "assignment": assignment,
        "decides_nominees": decides_nominees,
        "nominees": [
            n for n in nomination.nominees.all() if n.result in (NomineeResult.PENDING, NomineeResult.EXCLUDED)
        ],
        "can_assign": can_assign,
        "officers": officers,
        "can_propose": stage == "appraise" and assignment is not None and assignment.officer_id == user.pk,
        "proposals": [(p.value, p.label) for p in Proposal if p.value in PROPOSALS_BY_TRACK[track]],
        "can_decide": stage == "decision" and permissions.has_role(user, Role.REVIEW_HEAD, organization_id=org),
        "proposal_label": Proposal(assignment.proposal).label if assignment and assignment.proposal else "",
        "tasks": task_history(nomination),
        "quota": quota_use(nomination),
    }


def _done(request: HttpRequest, nomination: Any, call: Any) -> HttpResponse:
    return acted(request, call, _("Saved."), reverse("web:nomination-detail", kwargs={"pk": nomination.pk}))


def _version(request: HttpRequest) -> int | None:
    value = request.POST.get("version", "")
    return int(value) if value.isdigit() else None


@login_required
@require_POST
def nominee_decision(request: HttpRequest, pk: Any, nominee_id: int) -> HttpResponse:
    nomination = visible_nomination(request.user, pk)
    service = nominee_restore if request.POST.get("action") == "restore" else nominee_exclude
    return _done(
        request,
        nomination,
        lambda: service(
            nomination_id=nomination.pk,
            nominee_id=nominee_id,
            actor=request.user,
            reason=request.POST.get("reason", ""),
            version=_version(request),
            client_ip=client_ip(request),
        ),
    )


@login_required
@require_POST
def review_assign_view(request: HttpRequest, pk: Any) -> HttpResponse:
    nomination = visible_nomination(request.user, pk)
    return _done(
        request,
        nomination,
        lambda: review_assign(
            nomination_id=nomination.pk,
            actor=request.user,
            officer=request.POST.get("officer", ""),
            version=_version(request),
            client_ip=client_ip(request),
        ),
    )


@login_required
@require_POST
def review_propose_view(request: HttpRequest, pk: Any) -> HttpResponse:
    nomination = visible_nomination(request.user, pk)
    return _done(
        request,
        nomination,
        lambda: review_propose(
            nomination_id=nomination.pk,
            actor=request.user,
            proposal=request.POST.get("proposal", ""),
            opinion=request.POST.get("opinion", ""),
            version=_version(request),
            client_ip=client_ip(request),
        ),
    )


@login_required
@require_POST
def review_decide_view(request: HttpRequest, pk: Any) -> HttpResponse:
    nomination = visible_nomination(request.user, pk)
    return _done(
        request,
        nomination,
        lambda: review_decide(
            nomination_id=nomination.pk,
            actor=request.user,
            accept=request.POST.get("decision") == "accept",
            note=request.POST.get("note", ""),
            version=_version(request),
            client_ip=client_ip(request),
        ),
    )


@login_required
def absences(request: HttpRequest) -> HttpResponse:
    """The person's own absences and substitutes, and the form to record one."""
    refusal: Refusal | None = None
    if request.method == "POST":
        starts_on = parse_date(request.POST.get("starts_on", "") or "")
        ends_on = parse_date(request.POST.get("ends_on", "") or "")
        try:
            if starts_on is None or ends_on is None:
                raise Refusal("invalid_period", "Hãy nhập đủ ngày bắt đầu và ngày kết thúc.", "Enter both dates.")
            absence_record(
                actor=request.user,
                starts_on=starts_on,
                ends_on=ends_on,
                substitute=request.POST.get("substitute", ""),
                client_ip=client_ip(request),
            )
        except Refusal as exc:
            refusal = exc
        else:
            messages.success(request, _("Your absence is recorded; your work goes to your substitute."))
            return redirect("web:absences")
    organizations = {g.organization_id for g in permissions.grants_of(request.user) if g.on_behalf_of is None}
    colleagues = (
        Membership.objects.filter(organization_id__in=organizations)
        .exclude(user_id=request.user.pk)
        .select_related("user")
        .order_by("user__full_name")
    )
    return render(
        request,
        "web/absences.html",
        {
            "own": Absence.objects.filter(user_id=request.user.pk).select_related("substitute"),
            "standing_in": Absence.objects.filter(substitute_id=request.user.pk, cancelled_at__isnull=True)
            .select_related("user")
            .order_by("-starts_on"),
            "colleagues": list({m.user_id: m.user for m in colleagues}.values()),
            "refusal": refusal,
            "posted": request.POST if request.method == "POST" else {},
        },
        status=refusal.status if refusal else 200,
    )


@login_required
@require_POST
def absence_cancel_view(request: HttpRequest, absence_id: int) -> HttpResponse:
    try:
        absence_cancel(absence_id=absence_id, actor=request.user)
    except Refusal as exc:
        raise Http404 from exc
    messages.success(request, _("The absence is cancelled."))
    return redirect("web:absences")
