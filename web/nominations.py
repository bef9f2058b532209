"""Pages to read files and move them: dashboard, lists, detail with its timeline, the queue.

Every change goes through workflows.services.nomination_transition; a refusal is shown next to
the form that asked for it, in the active language.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.second_factor import confirmed_device
from core import clock
from core.errors import Refusal
from core.http import client_ip, count_hit
from nominations import access as permissions
from nominations.models import Nomination, Track
from privacy.services import access_log_record
from web import home, labels
from web.common import can_edit, due_flags, is_submitter, rounds_for, units_for, visible_nomination
from web.desk import desk_context
from web.forms import NominationFilterForm, SignInForm, TransitionForm
from web.scoring import scoring_mode
from workflows import selectors
from workflows.guards import missing_attachment_kinds
from workflows.services import nomination_transition


def _auth_rate() -> tuple[int, int]:
    rate = settings.REST_FRAMEWORK.get("DEFAULT_THROTTLE_RATES", {}).get("auth") or "20/min"
    count, period = rate.split("/")
    return int(count), {"s": 1, "m": 60, "h": 3600, "d": 86400}.get(period[:1], 60)


class SignInView(auth_views.LoginView):
    template_name = "web/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # The same "auth" rate as the token endpoint, counted per address in the shared cache, so a
        # password-guessing script is slowed down across usernames before axes locks any one of them.
        limit, period = _auth_rate()
        key = f"signin-rate:{client_ip(request) or ''}"
        if not cache.add(key, 1, timeout=period) and count_hit(key, period) > limit:
            refusal = Refusal(
                "throttled",
                "Đăng nhập quá nhiều lần, vui lòng thử lại sau.",
                "Too many sign-in attempts; try again later.",
                status=429,
            )
            response = HttpResponse(refusal.message, status=429, content_type="text/plain; charset=utf-8")
            response["Retry-After"] = str(period)
            return response
        return super().post(request, *args, **kwargs)

    def get_success_url(self) -> str:
        # Someone with an enrolled authenticator enters its code before the session counts as verified.
        url = super().get_success_url()
        if confirmed_device(self.request.user) is not None:
            return f"{reverse('web:second-factor-verify')}?{urlencode({'next': url})}"
        return url

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        # The person's saved language applies until he or she picks another one on this browser.
        cookie = settings.LANGUAGE_COOKIE_NAME
        if cookie not in self.request.COOKIES:
            language = getattr(form.get_user(), "language", "") or settings.LANGUAGE_CODE
            response.set_cookie(cookie, language, samesite="Lax", secure=self.request.is_secure())
        return response


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    today = clock.today()
    queued: list[Any] = selectors.queue_page(user, page=1, page_size=50)
    # Overdue work first, then the nearest deadline: the queue is already ordered by deadline.
    waiting = home.attach_work_links(sorted(due_flags(queued, today), key=lambda n: not n.is_overdue))
    to_sign = home.decisions_to_sign(user)
    to_vote = home.sessions_to_vote(user)
    to_issue = home.decisions_to_issue(user)
    recent = list(
        permissions.visible_nominations(user).select_related("round", "award_kind", "unit").order_by("-updated_at")[:10]
    )
    roles = sorted({g.role for g in permissions.grants_of(user)})
    return render(
        request,
        "web/dashboard.html",
        {
            "waiting": waiting,
            "to_sign": to_sign,
            "to_vote": to_vote,
            "to_issue": to_issue,
            "waiting_total": len(waiting) + len(to_sign) + len(to_vote) + len(to_issue),
            "overdue_count": len([n for n in waiting if n.is_overdue]),
            "recent": recent,
            "roles": roles,
            "can_create": is_submitter(user),
            "today": today,
        },
    )


@login_required
def nomination_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = NominationFilterForm(request.GET or None, rounds=rounds_for(user), units=units_for(user))
    qs = permissions.visible_nominations(user).select_related("round", "award_kind", "unit")
    qs = form.apply(qs).annotate(nominee_count=Count("nominees")).order_by("-created_at", "id")
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "web/nomination_list.html",
        {"form": form, "page": page, "query": query.urlencode(), "can_create": is_submitter(user)},
    )


def transition_buttons(user: Any, nomination: Nomination) -> list[dict[str, Any]]:
    return [
        {
            "name": name,
            "label": labels.TRANSITION[name],
            "needs_comment": name in labels.NEEDS_COMMENT,
            "confirm": labels.CONFIRM.get(name, ""),
        }
        for name in permissions.available_transitions(user, nomination)
    ]


def detail_context(request: HttpRequest, nomination: Nomination, **extra: Any) -> dict[str, Any]:
    user = request.user
    attachments = list(nomination.attachments.all())
    timeline = list(nomination.audit_entries.all())
    # A returned file opens on why it came back: the unit should not hunt for it in the history.
    returned = [e for e in timeline if e.transition == "return_for_revision"]
    return {
        "nomination": nomination,
        "return_reason": returned[-1] if returned and nomination.status == "returned" else None,
        "nominees": list(nomination.nominees.all()),
        "attachments": attachments,
        "timeline": timeline,
        "buttons": transition_buttons(user, nomination),
        "transition_form": extra.pop("transition_form", None)
        or TransitionForm(initial={"version": nomination.version}),
        "missing_attachments": missing_attachment_kinds(nomination, present={a.kind for a in attachments}),
        "can_edit": can_edit(user, nomination),
        "shows_citizen_id": permissions.sees_personal_data(user, nomination),
        "extras": nomination_extras(request, nomination),
        "desk": desk_context(user, nomination),
        **extra,
    }


@login_required
def nomination_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    nomination = visible_nomination(request.user, pk)
    access_log_record(actor=request.user, nomination=nomination, channel="web", client_ip=client_ip(request))
    return render(request, "web/nomination_detail.html", detail_context(request, nomination))


@login_required
@require_POST
def nomination_transition_view(request: HttpRequest, pk: Any) -> HttpResponse:
    nomination = visible_nomination(request.user, pk)
    form = TransitionForm(request.POST)
    name = request.POST.get("transition", "")
    refusal: Refusal | None = None
    if not form.is_valid() or form.cleaned_data.get("version") is None:
        refusal = Refusal(
            "version_required",
            "Trang đã cũ: hãy tải lại hồ sơ rồi thử lại.",
            "This page is out of date: reload the file and try again.",
        )
    else:
        try:
            nomination_transition(
                nomination_id=nomination.pk,
                name=name,
                actor=request.user,
                version=form.cleaned_data["version"],
                comment=form.cleaned_data["comment"].strip(),
                client_ip=client_ip(request),
            )
        except Refusal as exc:
            if exc.status == 404 and exc.code == "not_found":
                raise Http404 from exc
            refusal = exc
    if refusal is None:
        messages.success(request, _("Done: %(action)s.") % {"action": labels.TRANSITION.get(name, name)})
        return redirect("web:nomination-detail", pk=nomination.pk)
    nomination = visible_nomination(request.user, pk)
    context = detail_context(request, nomination, transition_form=form, refusal=refusal, attempted=name)
    return render(request, "web/nomination_detail.html", context, status=refusal.status)


def nomination_extras(request: HttpRequest, nomination: Any) -> dict[str, Any]:
    """Cards the file page shows below its documents."""
    if nomination.award_kind.track != Track.TITLE:
        return {}
    return {
        "sections": [
            {
                "template": "web/_scoring_card.html",
                "data": {"mode": scoring_mode(request.user, nomination)},
            }
        ]
    }
