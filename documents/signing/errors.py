"""Refusals of the signing library: a stable code and a message in Vietnamese and English.

They are the project's refusals (``core.errors.Refusal``), so every face maps them as it maps the
workflow's; ``SigningRefusal`` names them where the library is used on its own.
"""

from __future__ import annotations

from datetime import datetime

from core.errors import Refusal

SigningRefusal = Refusal


def key_missing(what: str) -> SigningRefusal:
    return SigningRefusal(
        "signing_key_missing",
        f"Không tìm thấy khóa ký số: {what}.",
        f"The signing key was not found: {what}.",
        status=409,
        extra={"what": what},
    )


def wrong_pin(what: str) -> SigningRefusal:
    return SigningRefusal(
        "signing_wrong_pin",
        f"Mã PIN hoặc mật khẩu của khóa ký số không đúng ({what}).",
        f"The PIN or password of the signing key is wrong ({what}).",
        status=403,
        extra={"what": what},
    )


def key_locked(what: str) -> SigningRefusal:
    return SigningRefusal(
        "signing_key_locked",
        f"Khóa ký số đã bị khóa ({what}); liên hệ đơn vị cấp chứng thư số để mở khóa.",
        f"The signing key is locked ({what}); ask the certificate's issuer to unlock it.",
        status=423,
        extra={"what": what},
    )


def certificate_not_current(subject: str, not_before: datetime, not_after: datetime, now: datetime) -> SigningRefusal:
    expired = now > not_after
    period = f"{not_before:%d/%m/%Y} – {not_after:%d/%m/%Y}"
    return SigningRefusal(
        "signing_certificate_expired" if expired else "signing_certificate_not_yet_valid",
        (
            f"Chứng thư số của «{subject}» đã hết hạn (hiệu lực {period})."
            if expired
            else f"Chứng thư số của «{subject}» chưa có hiệu lực (hiệu lực {period})."
        ),
        (
            f"The certificate of '{subject}' has expired (valid {period})."
            if expired
            else f"The certificate of '{subject}' is not valid yet (valid {period})."
        ),
        status=409,
        extra={"not_before": not_before.isoformat(), "not_after": not_after.isoformat()},
    )


def chain_untrusted(subject: str, detail: str) -> SigningRefusal:
    return SigningRefusal(
        "signing_chain_untrusted",
        f"Chứng thư số của «{subject}» không thuộc chuỗi tin cậy đã cấu hình: {detail}",
        f"The certificate of '{subject}' does not chain to a configured trust root: {detail}",
        status=409,
    )


def timestamp_failed(url: str, detail: str) -> SigningRefusal:
    return SigningRefusal(
        "signing_timestamp_failed",
        f"Không lấy được dấu thời gian từ máy chủ cấp dấu thời gian {url}: {detail}",
        f"No timestamp could be obtained from the time-stamping authority {url}: {detail}",
        status=503,
    )


def remote_timeout(service: str, seconds: float) -> SigningRefusal:
    return SigningRefusal(
        "signing_remote_timeout",
        f"Dịch vụ ký số từ xa «{service}» chưa trả chữ ký sau {seconds:g} giây; người ký chưa xác nhận.",
        f"The remote signing service '{service}' returned no signature within {seconds:g} s; not confirmed.",
        status=504,
    )


def remote_declined(service: str, detail: str) -> SigningRefusal:
    return SigningRefusal(
        "signing_remote_declined",
        f"Dịch vụ ký số từ xa «{service}» từ chối ký: {detail}",
        f"The remote signing service '{service}' declined to sign: {detail}",
        status=409,
    )


def remote_bad_signature(service: str) -> SigningRefusal:
    return SigningRefusal(
        "signing_remote_bad_signature",
        f"Chữ ký do dịch vụ «{service}» trả về không khớp với chứng thư số của người ký; không nhúng vào văn bản.",
        f"The signature returned by '{service}' does not match the signer's certificate; nothing was embedded.",
        status=502,
    )


def unreadable_pdf(detail: str) -> SigningRefusal:
    return SigningRefusal(
        "signing_unreadable_pdf",
        f"Không đọc được tệp PDF cần ký: {detail}",
        f"The PDF to sign cannot be read: {detail}",
    )


def placement_not_found(what: str) -> SigningRefusal:
    return SigningRefusal(
        "signing_placement_not_found",
        f"Không tìm thấy vị trí ký trên văn bản: {what}.",
        f"The signature's place on the document was not found: {what}.",
    )
