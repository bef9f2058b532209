"""Council sessions: the secretary convenes one over recommended files, members vote per nominee
(recused items show the reason), the chair or secretary closes it and sees the tally.

Reads and writes go through council.services. The secretary also records the written vote of a
member absent from the meeting, with the scanned ballot; the minutes are the API's PDF.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core import clock
from core.errors import Refusal
from core.http import client_ip
from council import services as council
from council import tally as council_tally
from nominations import access as permissions
from nominations.models import CouncilSession, Membership, NomineeResult, Role
from nominations.states import Status
from web.common import acted

RECUSAL = {"unit": gettext_lazy("belongs to the nominating unit"), "nominee": gettext_lazy("is the nominee")}
CHOICES = [
    ("agree", gettext_lazy("Agree")),
    ("disagree", gettext_lazy("Disagree")),
    ("abstain", gettext_lazy("Abstain")),
]


class SessionForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Session title"), max_length=300)
    held_on = forms.DateField(label=gettext_lazy("Meeting date"), widget=forms.DateInput(attrs={"type": "date"}))


def _is_secretary(user: Any) -> bool:
    return permissions.has_role(user, Role.SECRETARY)


def _recommended(user: Any) -> Any:
    return (
        permissions.visible_nominations(user)
        .filter(status=Status.RECOMMENDED)
        .select_related("unit", "award_kind")
        .order_by("submitted_at", "created_at")
    )


@login_required
def council_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    secretary = _is_secretary(user)
    form = SessionForm(request.POST or None, initial={"held_on": clock.today()})
    refusal = None
    chosen = request.POST.getlist("nominations")
    if request.method == "POST":
        if not secretary:
            raise Http404
        if form.is_valid():
            try:
                session = council.council_session_create(
                    actor=user,
                    title=form.cleaned_data["title"],
                    held_on=form.cleaned_data["held_on"],
                    nomination_ids=chosen,
                    client_ip=client_ip(request),
                )
            except Refusal as exc:
                refusal = exc
            else:
                messages.success(request, _("The session was convened."))
                return redirect("web:council-detail", session_id=session.pk)
    sessions = council.visible_sessions(user).select_related("organization").order_by("-held_on", "-id")
    return render(
        request,
        "web/council_list.html",
        {
            "sessions": sessions[:100],
            "secretary": secretary,
            "form": form,
            "recommended": list(_recommended(user)) if secretary else [],
            "chosen": set(chosen),
            "refusal": refusal,
        },
        status=refusal.status if refusal else (400 if form.errors else 200),
    )


def _session(user: Any, session_id: int) -> Any:
    try:
        return council.visible_sessions(user).select_related("organization", "chair").get(pk=session_id)
    except (CouncilSession.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def _detail(request: HttpRequest, session: Any, *, refusal: Refusal | None = None) -> HttpResponse:
    user = request.user
    tally = council.session_tally(session)
    mine = dict(session.votes.filter(member_id=user.pk).values_list("nominee_id", "choice"))
    is_member = any(m.pk == user.pk for m in tally.members)
    rows = []
    for item in tally.items:
        recused = [{"name": str(m), "reason": RECUSAL.get(_reason(council, m, item.nominee), "")} for m in item.recused]
        rows.append(
            {
                "item": item,
                "nominee": item.nominee,
                "recused": recused,
                "i_am_recused": any(m.pk == user.pk for m in item.recused),
                "my_vote": mine.get(item.nominee.pk),
                "can_vote": is_member
                and session.status == "open"
                and item.nominee.result == "pending"
                and not any(m.pk == user.pk for m in item.recused),
            }
        )
    secretary = permissions.has_role(user, Role.SECRETARY, organization_id=session.organization_id)
    may_close = session.status == "open" and (
        session.chair_id == user.pk
        or permissions.has_role(user, Role.SECRETARY, organization_id=session.organization_id)
        or permissions.has_role(user, Role.COUNCIL_CHAIR, organization_id=session.organization_id)
    )
    my_written = {
        v.nominee_id for v in session.votes.filter(member_id=user.pk, in_writing=True) if session.status == "open"
    }
    for row in rows:
        row["may_dispute"] = row["nominee"].pk in my_written
    return render(
        request,
        "web/council_detail.html",
        {
            "session": session,
            "tally": tally,
            "shows_tally": council_tally.tally_visible_to(user, session),
            "open_disputes": list(
                session.disputes.filter(status="open").select_related("member", "nominee").order_by("id")
            ),
            "rows": rows,
            "choices": CHOICES,
            "may_close": may_close,
            "refusal": refusal,
            "present": len(tally.present),
            "written_vote": session.status == "open" and secretary,
            "members": tally.members,
            "pending": [row["nominee"] for row in rows if row["nominee"].result == NomineeResult.PENDING],
            "written": list(
                session.votes.filter(in_writing=True).select_related("member", "nominee").order_by("member_id", "id")
            ),
        },
        status=refusal.status if refusal else 200,
    )


def _reason(council: Any, member: Any, nominee: Any) -> str:
    units = set(Membership.objects.filter(user=member, unit__isnull=False).values_list("unit_id", flat=True))
    return council.recusal_reason(member=member, nominee=nominee, member_unit_ids=units) or ""


def _posted_member(request: HttpRequest, session: Any) -> Any:
    """The council member the secretary picked in the form, if the session has one by that id."""
    chosen = request.POST.get("member", "")
    return next((m for m in session.members.all() if str(m.pk) == chosen), None)


def _acted(request: HttpRequest, session: Any, call: Any, success: str) -> HttpResponse:
    """An act on the session's page: refused, the page again (the session read anew) with the reason."""
    return acted(
        request,
        call,
        success,
        reverse("web:council-detail", kwargs={"session_id": session.pk}),
        refused=lambda exc: _detail(request, _session(request.user, session.pk), refusal=exc),
    )


@login_required
def council_detail(request: HttpRequest, session_id: int) -> HttpResponse:
    return _detail(request, _session(request.user, session_id))


@login_required
@require_POST
def council_vote(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _session(request.user, session_id)
    return _acted(
        request,
        session,
        lambda: council.council_vote_cast(
            session_id=session.pk,
            actor=request.user,
            nominee_id=request.POST.get("nominee", ""),
            choice=request.POST.get("choice", ""),
        ),
        _("Your vote was recorded."),
    )


@login_required
@require_POST
def council_close(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _session(request.user, session_id)
    return _acted(
        request,
        session,
        lambda: council.council_session_close(session_id=session.pk, actor=request.user, client_ip=client_ip(request)),
        _("The session was closed; the results are set."),
    )


@login_required
@require_POST
def council_written_vote(request: HttpRequest, session_id: int) -> HttpResponse:
    """The secretary records the vote an absent member sent in writing, with the scanned ballot if any."""
    session = _session(request.user, session_id)
    member = _posted_member(request, session)
    ballot = request.FILES.get("ballot")
    if member is None:
        refusal = Refusal("not_a_member", "Hãy chọn thành viên Hội đồng.", "Choose a council member.")
        return _detail(request, session, refusal=refusal)
    return _acted(
        request,
        session,
        lambda: council.council_written_vote_record(
            session_id=session.pk,
            actor=request.user,
            member_username=member.username,
            nominee_id=request.POST.get("nominee", ""),
            choice=request.POST.get("choice", ""),
            ballot=ballot.file if ballot else None,
            ballot_size=ballot.size if ballot else 0,
        ),
        _("The written vote of %(member)s was recorded.") % {"member": member},
    )


@login_required
@require_POST
def council_vote_dispute(request: HttpRequest, session_id: int) -> HttpResponse:
    """A member disputes the written vote recorded in his or her name; the session cannot close meanwhile."""
    session = _session(request.user, session_id)
    return _acted(
        request,
        session,
        lambda: council.council_vote_dispute(
            session_id=session.pk,
            actor=request.user,
            nominee_id=request.POST.get("nominee", ""),
            reason=request.POST.get("reason", ""),
        ),
        _("Your dispute was recorded; the session cannot close until it is settled."),
    )


@login_required
@require_POST
def council_written_withdraw(request: HttpRequest, session_id: int) -> HttpResponse:
    """The secretary takes back a written vote, settling any dispute over it."""
    session = _session(request.user, session_id)
    member = _posted_member(request, session)
    return _acted(
        request,
        session,
        lambda: council.council_written_vote_withdraw(
            session_id=session.pk,
            actor=request.user,
            member_username=member.username if member else "",
            nominee_id=request.POST.get("nominee", ""),
        ),
        _("The written vote was withdrawn."),
    )
