"""Decisions, certificates and radio broadcasts: the secretary drafts and issues, the signer signs
after reading the PDF, the broadcaster confirms airing.

Every write goes through the awards services. The secretary drafts the revocation of a certificate
on its legal ground; the signer signs that decision on the same decision page, which takes effect.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.second_factor import require_second_factor
from awards import broadcasts, decisions, issuance, revocations, selectors
from awards.digital_signature import decision_signature
from core.errors import Refusal
from core.http import client_ip
from nominations import access as permissions
from nominations.models import (
    Certificate,
    CertificateStatus,
    Decision,
    NumberingMode,
    RegisterKind,
    RevocationGround,
    Role,
    User,
)
from nominations.numbering import register_of
from nominations.records import stored_document
from nominations.signing_keys import active_key
from nominations.states import Status
from web import labels
from web.common import acted


def _approved(user: Any) -> Any:
    return (
        permissions.visible_nominations(user)
        .filter(status=Status.APPROVED)
        .select_related("unit", "award_kind")
        .order_by("award_kind__order", "submitted_at")
    )


@login_required
def decision_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    secretary = permissions.has_role(user, Role.SECRETARY)
    refusal = None
    chosen = request.POST.getlist("nominations")
    if request.method == "POST":
        if not secretary:
            raise Http404
        try:
            decision = decisions.decision_create(
                actor=user,
                nomination_ids=chosen,
                summary=request.POST.get("summary", "").strip(),
                client_ip=client_ip(request),
            )
        except Refusal as exc:
            refusal = exc
        else:
            messages.success(request, _("The draft decision was prepared."))
            return redirect("web:decision-detail", decision_id=decision.pk)
    visible = selectors.visible_decisions(user).order_by("-created_at", "-id")[:100]
    return render(
        request,
        "web/decision_list.html",
        {
            "decisions": visible,
            "secretary": secretary,
            "approved": list(_approved(user)) if secretary else [],
            "chosen": set(chosen),
            "summary": request.POST.get("summary", ""),
            "refusal": refusal,
        },
        status=refusal.status if refusal else 200,
    )


def _decision(user: Any, decision_id: int) -> Any:
    try:
        return selectors.visible_decisions(user).get(pk=decision_id)
    except (Decision.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def _detail(request: HttpRequest, decision: Any, *, refusal: Refusal | None = None) -> HttpResponse:
    user = request.user
    org = decision.organization_id
    mode, symbol = register_of(decision.organization, RegisterKind.DECISION)
    from_register = mode == NumberingMode.REGISTER
    is_signer = permissions.has_role(user, Role.SIGNER, organization_id=org)
    is_clerk = from_register and permissions.has_role(user, Role.CLERK, organization_id=org)
    kept = stored_document(decision=decision) if decision.status != "draft" else None
    revoked = decision.revoked_certificate
    return render(
        request,
        "web/decision_detail.html",
        {
            "decision": decision,
            "nominees": list(selectors.decision_nominees(decision).select_related("nomination")),
            "certificates": list(decision.certificates.order_by("register_year", "register_seq")),
            "may_sign": decision.status == "draft" and (is_signer or is_clerk),
            "from_register": from_register,
            "register_symbol": symbol,
            "signers": (
                User.objects.filter(memberships__organization_id=org, memberships__role=Role.SIGNER).distinct()
                if is_clerk and not is_signer
                else []
            ),
            "kept": kept,
            "signature": decision_signature(decision, bytes(kept.pdf) if kept else None) if kept else {},
            "is_signer": is_signer,
            "signing_key": active_key(org, user) if is_signer else None,
            "seal_key": active_key(org, None) if is_signer else None,
            "may_record_recovery": decision.kind == "revocation"
            and revoked is not None
            and revoked.status == CertificateStatus.REVOKED
            and permissions.has_role(user, Role.SECRETARY, organization_id=org),
            "may_issue": decision.status == "signed"
            and decision.kind == "award"
            and permissions.has_role(user, Role.SECRETARY, organization_id=org),
            "may_revoke": decision.kind == "award" and permissions.has_role(user, Role.SECRETARY, organization_id=org),
            "revoked_certificate": decision.revoked_certificate,
            "revocation_ground": labels.REVOCATION_GROUND.get(decision.revocation_ground, decision.revocation_ground),
            "refusal": refusal,
        },
        status=refusal.status if refusal else 200,
    )


def _acted(request: HttpRequest, decision: Any, call: Any, success: Any) -> HttpResponse:
    """An act on the decision's page: refused, the page again (the decision read anew) with the reason."""
    return acted(
        request,
        call,
        success,
        reverse("web:decision-detail", kwargs={"decision_id": decision.pk}),
        refused=lambda exc: _detail(request, _decision(request.user, decision.pk), refusal=exc),
    )


@login_required
def decision_detail(request: HttpRequest, decision_id: int) -> HttpResponse:
    return _detail(request, _decision(request.user, decision_id))


@login_required
@require_POST
def decision_sign(request: HttpRequest, decision_id: int) -> HttpResponse:
    decision = _decision(request.user, decision_id)

    def sign() -> Decision:
        require_second_factor(request)
        signed_on = _date_field(request.POST.get("signed_on"), "signed_on")
        signer = None
        scan = request.FILES.get("signed_scan")
        if request.POST.get("signer"):
            signer = User.objects.filter(username=request.POST["signer"], is_active=True).first()
        return decisions.decision_sign(
            decision_id=decision.pk,
            actor=request.user,
            number=(request.POST.get("number") or "").strip() or None,
            signed_on=signed_on,
            signer=signer,
            signed_scan=scan.file if scan else None,
            signed_scan_size=scan.size if scan else 0,
            client_ip=client_ip(request),
        )

    return _acted(
        request,
        decision,
        sign,
        lambda signed: _("Signed: decision %(number)s.") % {"number": signed.number_text},
    )


@login_required
def decision_signed_scan(request: HttpRequest, decision_id: int) -> HttpResponse:
    """The scan of the paper original, for whoever may read the decision."""
    decision = _decision(request.user, decision_id)
    if not decision.signed_scan:
        raise Http404
    extension = decision.signed_scan.name.rsplit(".", 1)[-1]
    content_type = {"pdf": "application/pdf", "jpg": "image/jpeg", "png": "image/png"}.get(extension, "")
    response = FileResponse(
        decision.signed_scan.open("rb"),
        content_type=content_type or "application/octet-stream",
        filename=f"quyet-dinh-{decision.year}-{decision.number:02d}-ban-quet.{extension}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _date_field(value: str | None, name: str) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise Refusal("validation_error", f"{name}: ngày không hợp lệ.", f"{name}: invalid date.") from exc


@login_required
@require_POST
def certificate_recovered(request: HttpRequest, decision_id: int) -> HttpResponse:
    """From the revocation decision's page: the day the certificate, or the money, came back."""
    decision = _decision(request.user, decision_id)
    if decision.revoked_certificate_id is None:
        raise Http404
    return _acted(
        request,
        decision,
        lambda: revocations.certificate_recovery_record(
            certificate_id=decision.revoked_certificate_id,
            actor=request.user,
            certificate_on=_date_field(request.POST.get("certificate_on"), "certificate_on"),
            money_on=_date_field(request.POST.get("money_on"), "money_on"),
            client_ip=client_ip(request),
        ),
        _("Recovery recorded."),
    )


@login_required
@require_POST
def decision_issue(request: HttpRequest, decision_id: int) -> HttpResponse:
    decision = _decision(request.user, decision_id)
    return _acted(
        request,
        decision,
        lambda: issuance.decision_issue(decision_id=decision.pk, actor=request.user, client_ip=client_ip(request)),
        _("The certificates were issued."),
    )


@login_required
def broadcast_list(request: HttpRequest) -> HttpResponse:
    visible = selectors.visible_broadcasts(request.user).order_by("status", "air_on", "id")[:100]
    return render(
        request,
        "web/broadcast_list.html",
        {"broadcasts": visible, "broadcaster": permissions.has_role(request.user, Role.BROADCASTER)},
    )


@login_required
@require_POST
def broadcast_aired(request: HttpRequest, broadcast_id: int) -> HttpResponse:
    return acted(
        request,
        lambda: broadcasts.broadcast_mark_aired(broadcast_id=broadcast_id, actor=request.user),
        _("Marked as aired."),
        reverse("web:broadcasts"),
    )


@login_required
def certificate_revoke(request: HttpRequest, certificate_id: int) -> HttpResponse:
    """The secretary drafts the decision revoking a certificate: the legal ground and the reason."""
    try:
        certificate = (
            selectors.visible_certificates(request.user)
            .select_related("decision", "award_kind", "nominee__nomination")
            .get(pk=certificate_id)
        )
    except (Certificate.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
    if not permissions.has_role(request.user, Role.SECRETARY, organization_id=certificate.organization_id):
        raise Http404
    refusal = None
    ground = request.POST.get("ground", "")
    reason = request.POST.get("reason", "")
    if request.method == "POST":
        try:
            decision = revocations.certificate_revoke(
                certificate_id=certificate.pk,
                actor=request.user,
                ground=ground,
                reason=reason,
                client_ip=client_ip(request),
            )
        except Refusal as exc:
            refusal = exc
        else:
            messages.success(request, _("The revocation decision was drafted; it takes effect when signed."))
            return redirect("web:decision-detail", decision_id=decision.pk)
    pending = certificate.revocation_decisions.filter(status="draft").first()
    return render(
        request,
        "web/certificate_revoke.html",
        {
            "certificate": certificate,
            "grounds": [(code, labels.REVOCATION_GROUND.get(code, code)) for code in RevocationGround.values],
            "ground": ground,
            "reason": reason,
            "refusal": refusal,
            "pending": pending,
            "revoked": certificate.status == CertificateStatus.REVOKED,
        },
        status=refusal.status if refusal else 200,
    )
