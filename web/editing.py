"""Pages where a unit prepares its file: create, edit, nominee rows and attachments.

The services decide; a refusal is shown on the form that caused it, on the field it names.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import Refusal
from core.http import client_ip
from nominations.models import Nomination
from web.common import can_edit, is_submitter, rounds_for, visible_nomination
from web.forms import AttachmentForm, NominationCreateForm, NominationEditForm, NomineeForm
from web.nominations import detail_context
from workflows import drafting as services
from workflows import import_template, imports, nominees
from workflows.attachment_removal import attachment_remove


def _refusal_on_form(form: Any, refusal: Refusal) -> None:
    """Put the refusal on the field it names (e.g. nominees[0].details.citizen_id), else on the form."""
    field = str(refusal.extra.get("field", "")).rsplit(".", 1)[-1]
    if field in form.fields and not form.fields[field].widget.is_hidden:
        form.add_error(field, refusal.message)
    else:
        form.add_error(None, refusal.message)


def _not_found_or(refusal: Refusal) -> Refusal:
    if refusal.status == 404:
        raise Http404 from refusal
    return refusal


@login_required
def nomination_create(request: HttpRequest) -> HttpResponse:
    if not is_submitter(request.user):
        messages.error(request, _("Only a unit's submitter may create a nomination file."))
        return redirect("web:dashboard")
    rounds = rounds_for(request.user)
    open_rounds = [r.pk for r in rounds if r.is_open]
    form = NominationCreateForm(
        request.POST or None,
        rounds=rounds.filter(pk__in=open_rounds) if open_rounds else rounds,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            nomination = services.nomination_create(
                actor=request.user,
                round=data["round"],
                award_kind=data["award_kind"],
                title=data["title"],
                summary=data["summary"],
                client_ip=client_ip(request),
            )
        except Refusal as refusal:
            _refusal_on_form(form, refusal)
        else:
            messages.success(request, _("The file was created. Add the nominees and the documents, then submit it."))
            return redirect("web:nomination-edit", pk=nomination.pk)
    return render(request, "web/nomination_create.html", {"form": form}, status=400 if form.errors else 200)


def _editable(request: HttpRequest, pk: Any) -> Nomination:
    nomination = visible_nomination(request.user, pk)
    if not can_edit(request.user, nomination):
        raise _NotEditable(nomination)
    return nomination


class _NotEditable(Exception):  # noqa: N818 - control flow inside this module only
    def __init__(self, nomination: Nomination) -> None:
        self.nomination = nomination


def _edit_page(request: HttpRequest, nomination: Nomination, *, status: int = 200, **forms_: Any) -> HttpResponse:
    version = nomination.version
    context = detail_context(
        request,
        nomination,
        edit_form=forms_.get("edit_form")
        or NominationEditForm(
            initial={
                "title": nomination.title,
                "summary": nomination.summary,
                "proposal_number": nomination.proposal_number,
                "proposal_date": nomination.proposal_date,
                "version": version,
            }
        ),
        nominee_form=forms_.get("nominee_form")
        or NomineeForm(award_kind=nomination.award_kind, initial={"version": version}),
        attachment_form=forms_.get("attachment_form") or AttachmentForm(),
        remove_error=forms_.get("remove_error"),
        import_refusal=forms_.get("import_refusal"),
        import_errors=forms_.get("import_errors") or [],
        attachment_error=forms_.get("attachment_error"),
    )
    return render(request, "web/nomination_edit.html", context, status=status)


def editing(view: Any) -> Any:
    """Only the file's own unit, only while it is a draft or returned; otherwise back to the file."""

    @login_required
    def wrapper(request: HttpRequest, pk: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            nomination = _editable(request, pk)
        except _NotEditable as exc:
            messages.info(request, _("This file cannot be changed now."))
            if request.headers.get("x-requested-with") == "XMLHttpRequest":
                return JsonResponse({"ok": False, "error": _("This file cannot be changed now.")}, status=409)
            return redirect("web:nomination-detail", pk=exc.nomination.pk)
        return view(request, nomination, *args, **kwargs)  # type: ignore[no-any-return]

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


@editing
def nomination_edit(request: HttpRequest, nomination: Nomination) -> HttpResponse:
    if request.method != "POST":
        return _edit_page(request, nomination)
    form = NominationEditForm(request.POST)
    if form.is_valid():
        try:
            services.nomination_update(
                nomination_id=nomination.pk,
                actor=request.user,
                version=form.cleaned_data["version"],
                changes={
                    name: form.cleaned_data[name] for name in ("title", "summary", "proposal_number", "proposal_date")
                },
                client_ip=client_ip(request),
            )
        except Refusal as refusal:
            _refusal_on_form(form, _not_found_or(refusal))
        else:
            messages.success(request, _("Saved."))
            return redirect("web:nomination-edit", pk=nomination.pk)
    return _edit_page(request, visible_nomination(request.user, nomination.pk), status=400, edit_form=form)


@editing
@require_POST
def nominee_add(request: HttpRequest, nomination: Nomination) -> HttpResponse:
    form = NomineeForm(request.POST, award_kind=nomination.award_kind)
    if form.is_valid():
        try:
            nominees.nominee_add(
                nomination_id=nomination.pk,
                actor=request.user,
                version=form.cleaned_data["version"],
                data=form.payload(),
                client_ip=client_ip(request),
            )
        except Refusal as refusal:
            _refusal_on_form(form, _not_found_or(refusal))
        else:
            messages.success(request, _("Nominee added: %(name)s.") % {"name": form.cleaned_data["name"]})
            return redirect(reverse("web:nomination-edit", kwargs={"pk": nomination.pk}) + "#nominees")
    return _edit_page(request, visible_nomination(request.user, nomination.pk), status=400, nominee_form=form)


@editing
@require_POST
def nominee_remove(request: HttpRequest, nomination: Nomination, nominee_id: int) -> HttpResponse:
    if not nomination.nominees.filter(pk=nominee_id).exists():
        raise Http404
    version = request.POST.get("version", "")
    try:
        nominees.nominee_remove(
            nomination_id=nomination.pk,
            nominee_id=nominee_id,
            actor=request.user,
            version=int(version) if version.isdigit() else None,
            client_ip=client_ip(request),
        )
    except Refusal as refusal:
        return _edit_page(
            request,
            visible_nomination(request.user, nomination.pk),
            status=_not_found_or(refusal).status,
            remove_error=refusal.message,
        )
    messages.success(request, _("Nominee removed."))
    return redirect(reverse("web:nomination-edit", kwargs={"pk": nomination.pk}) + "#nominees")


@editing
@require_POST
def attachment_upload(request: HttpRequest, nomination: Nomination) -> HttpResponse:
    """A normal form post, or the same post sent by the page's script to show upload progress."""
    wants_json = request.headers.get("x-requested-with") == "XMLHttpRequest"
    form = AttachmentForm(request.POST, request.FILES)
    back = reverse("web:nomination-edit", kwargs={"pk": nomination.pk}) + "#attachments"
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            services.attachment_add(
                nomination_id=nomination.pk,
                actor=request.user,
                kind=form.cleaned_data["kind"],
                stream=upload.file,
                name=upload.name,
                size=upload.size,
                client_ip=client_ip(request),
            )
        except Refusal as refusal:
            _refusal_on_form(form, _not_found_or(refusal))
        else:
            messages.success(request, _("Document uploaded: %(name)s.") % {"name": upload.name})
            if wants_json:
                return JsonResponse({"ok": True, "redirect": back})
            return redirect(back)
    if wants_json:
        errors = [str(e) for errs in form.errors.values() for e in errs]
        return JsonResponse({"ok": False, "error": " ".join(errors)}, status=400)
    return _edit_page(request, visible_nomination(request.user, nomination.pk), status=400, attachment_form=form)


@editing
@require_POST
def attachment_delete(request: HttpRequest, nomination: Nomination, attachment_id: Any) -> HttpResponse:
    version = request.POST.get("version", "")
    try:
        attachment_remove(
            nomination_id=nomination.pk,
            attachment_id=attachment_id,
            actor=request.user,
            version=int(version) if version.isdigit() else None,
            client_ip=client_ip(request),
        )
    except Refusal as refusal:
        return _edit_page(
            request,
            visible_nomination(request.user, nomination.pk),
            status=_not_found_or(refusal).status,
            attachment_error=refusal.message,
        )
    messages.success(request, _("Document removed."))
    return redirect(reverse("web:nomination-edit", kwargs={"pk": nomination.pk}) + "#attachments")


def _column_label(key: str) -> str:
    """The template's column heading in Vietnamese, the field key itself in English."""
    if (translation.get_language() or "vi").startswith("en"):
        return key
    return str(import_template.LABELS.get(key) or ("Tên" if key == "name" else key))


@editing
@require_POST
def nominee_import(request: HttpRequest, nomination: Nomination) -> HttpResponse:
    """Nominee rows from a filled XLSX template: all of them or none, with every row's errors listed.

    The page's script posts the file itself to show the upload's progress, then a "processing" state
    while the rows are checked; it receives JSON. Without scripts the page is rendered again.
    """
    wants_json = request.headers.get("x-requested-with") == "XMLHttpRequest"
    back = reverse("web:nomination-edit", kwargs={"pk": nomination.pk}) + "#nominees"
    upload = request.FILES.get("file")
    if upload is None:
        refusal = Refusal("file_required", "Hãy chọn tệp XLSX.", "Choose an XLSX file.")
    else:
        try:
            count = imports.nominees_import(
                nomination_id=nomination.pk,
                actor=request.user,
                stream=upload.file,
                size=upload.size,
                name=upload.name,
                client_ip=client_ip(request),
            )
        except Refusal as exc:
            refusal = _not_found_or(exc)
        else:
            messages.success(request, _("%(count)s nominees imported.") % {"count": count})
            if wants_json:
                return JsonResponse({"ok": True, "imported": count, "redirect": back})
            return redirect(back)
    errors = [{**e, "label": _column_label(e["column"])} for e in refusal.extra.get("errors") or []]  # type: ignore[attr-defined]
    if wants_json:
        return JsonResponse({"ok": False, "error": refusal.message, "errors": errors}, status=refusal.status)
    return _edit_page(
        request,
        visible_nomination(request.user, nomination.pk),
        status=refusal.status,
        import_refusal=refusal,
        import_errors=errors,
    )
