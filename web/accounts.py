"""The person's own account: password change and reset by e-mail, and the second factor (TOTP).

Reset never tells whether an address belongs to anyone (Django's view answers the same either way) and
is rate-limited per client address.
"""

from __future__ import annotations

import base64
from typing import Any
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import second_factor
from accounts.throttling import address_wait


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Authentication code"),
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse("web:dashboard")


@login_required
def second_factor_verify(request: HttpRequest) -> HttpResponse:
    """After the password, the code from the authenticator app (for anyone with an enrolled device)."""
    if second_factor.confirmed_device(request.user) is None:
        return redirect("web:second-factor-enrol")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if second_factor.session_verify(request=request, code=form.cleaned_data["code"]):
            return redirect(_safe_next(request))
        form.add_error("code", _("Wrong or expired code."))
    return render(request, "web/account/second_factor_verify.html", {"form": form, "next": _safe_next(request)})


@login_required
def second_factor_enrol(request: HttpRequest) -> HttpResponse:
    device = second_factor.enrolment_device(user=request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if second_factor.device_confirm(request=request, code=form.cleaned_data["code"]):
            messages.success(request, _("Two-step verification is on. Your older API tokens were revoked."))
            return redirect("web:account")
        form.add_error("code", _("Wrong or expired code."))
    context = {
        "form": form,
        "qr": second_factor.qr_data_uri(device),
        "secret": _base32(device),
        "has_device": second_factor.confirmed_device(request.user) is not None,
    }
    return render(request, "web/account/second_factor_enrol.html", context)


def _base32(device: Any) -> str:
    secret = base64.b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@login_required
def account(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "web/account/account.html",
        {
            "has_device": second_factor.confirmed_device(request.user) is not None,
            "verified": second_factor.is_verified(request),
            "needs_device": second_factor.needs_second_factor(request.user),
        },
    )


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "web/account/password_change.html"
    success_url = reverse_lazy("web:account")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        messages.success(self.request, _("Your password was changed."))
        return response


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "web/account/password_reset.html"
    email_template_name = "web/account/password_reset_email.txt"
    subject_template_name = "web/account/password_reset_subject.txt"
    success_url = reverse_lazy("web:password-reset-done")

    def form_valid(self, form: Any) -> HttpResponse:
        # The link's host comes from the configured public address, not from the request's Host header.
        public = urlsplit(settings.PUBLIC_BASE_URL) if settings.PUBLIC_BASE_URL else None
        form.save(
            domain_override=public.netloc if public and public.netloc else None,
            use_https=public.scheme == "https" if public and public.netloc else self.request.is_secure(),
            token_generator=self.token_generator,
            from_email=self.from_email,
            email_template_name=self.email_template_name,
            subject_template_name=self.subject_template_name,
            request=self.request,
            html_email_template_name=self.html_email_template_name,
            extra_email_context=self.extra_email_context,
        )
        return HttpResponseRedirect(self.get_success_url())

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        wait = address_wait(request, "password_reset")
        if wait is not None:
            response = HttpResponse(
                _("Too many reset requests from this address; try again later."),
                status=429,
                content_type="text/plain; charset=utf-8",
            )
            response["Retry-After"] = str(wait)
            return response
        return super().post(request, *args, **kwargs)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "web/account/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "web/account/password_reset_confirm.html"
    success_url = reverse_lazy("web:password-reset-complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "web/account/password_reset_complete.html"
