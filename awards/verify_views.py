"""The public verification page of a certificate: anyone holding the code may check it, nothing more."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from awards.digital_signature import certificate_signature_report
from awards.documents import certificate_record, decision_record
from awards.selectors import certificate_by_code
from nominations.models import Certificate, CertificateStatus

_PERIODS = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "hour": 3600, "d": 86400, "day": 86400}


def _rate() -> tuple[int, int]:
    """The "verify" rate of the REST framework settings, e.g. "60/min" → (60, 60)."""
    rate = settings.REST_FRAMEWORK.get("DEFAULT_THROTTLE_RATES", {}).get("verify") or "60/min"
    count, period = rate.split("/")
    return int(count), _PERIODS.get(period, 60)


def _over_limit(request: HttpRequest) -> bool:
    # Counted in the shared cache, so the limit holds across processes and hosts.
    limit, period = _rate()
    key = f"verify-rate:{request.META.get('REMOTE_ADDR', '')}"
    if cache.add(key, 1, timeout=period):
        return False
    try:
        return cache.incr(key) > limit
    except ValueError:
        cache.add(key, 1, timeout=period)
        return False


def public_record(certificate: Certificate) -> dict[str, object]:
    """What anyone holding the code may see, with the SHA-256 of the certificate and decision as kept, so a
    printed or forwarded copy can be checked against the record."""
    decision = certificate.decision
    decision_kept = decision_record(decision)
    certificate_kept = certificate_record(certificate)
    return {
        "certificate_sha256": certificate_kept.pdf_sha256,
        "decision_sha256": decision_kept.pdf_sha256 if decision_kept else "",
        "valid": certificate.status == CertificateStatus.VALID,
        "recipient": certificate.recipient,
        "award_kind": certificate.award_kind.name,
        "decision_number": decision.number_text,
        "issued_on": certificate.issued_on.isoformat(),
        "organization": certificate.organization.name,
        "signatures": certificate_signature_report(certificate, certificate_kept, decision_kept),
    }


@require_GET
def verify_certificate(request: HttpRequest, code: str) -> HttpResponse:
    if _over_limit(request):
        response = HttpResponse("Quá nhiều yêu cầu, vui lòng thử lại sau.", status=429, content_type="text/plain")
        response["Retry-After"] = str(_rate()[1])
        return response
    certificate = certificate_by_code(code)
    if certificate is None:
        raise Http404("Không tìm thấy giấy khen với mã này.")
    record = public_record(certificate)
    if request.GET.get("format") == "json":
        response: HttpResponse = JsonResponse(record, json_dumps_params={"ensure_ascii": False})
    else:
        response = render(
            request,
            "awards/verify.html",
            {
                "record": record,
                "certificate": certificate,
                "decision_date": certificate.decision.signed_on,
                "agency": certificate.organization,
            },
        )
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
