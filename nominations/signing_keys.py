"""Signing keys and trust: who signs with which key, and signing a kept PDF with it.

Keys are registered per signer and organisation (``SigningKey``): a PKCS#12 file sealed at rest, or a label
on a PKCS#11 token whose module only the environment names. The key with no user is the organisation's own
signature, the seal. A personal key is its owner's: callers use it only when the owner acts in person.
"""

from __future__ import annotations

import base64
import hashlib
import importlib
import os
from collections.abc import Callable
from typing import Any

from asn1crypto import pem

from core.errors import Refusal
from core.sealed import seal, unseal
from documents.signing import (
    KeyHolder,
    Pkcs11KeyHolder,
    Pkcs12KeyHolder,
    RemoteKeyHolder,
    SigningConfig,
    SigningParty,
    Trust,
    locate_signature_block,
    seal_document,
    sign_document,
)
from documents.signing.keys import subject_name
from documents.signing.parts import check_current
from nominations.letterhead import person_name
from nominations.models import KeyStore, Organization, SigningKey, TrustRoot


def _config() -> SigningConfig:
    return SigningConfig.from_environ(os.environ)


def trust() -> Trust:
    """The roots named in the environment and those an administrator registered."""
    roots = [bytes(root) for root in TrustRoot.objects.values_list("certificate", flat=True)]
    if os.environ.get("VINHDANH_SIGNING_TRUST_ROOTS"):
        env_trust = _config().trust()
        return Trust.of([*env_trust.roots, *roots], env_trust.intermediates, env_trust.crls, env_trust.allow_fetching)
    return Trust.of(roots)


def key_holder(key: SigningKey) -> KeyHolder:
    secret = unseal(key.secret_sealed) or None
    if key.store == KeyStore.PKCS12:
        return Pkcs12KeyHolder(pkcs12_data=base64.b64decode(unseal(key.pkcs12_sealed)), password=secret, label=str(key))
    if key.store == KeyStore.REMOTE:
        return _remote_holder(key.service, key.account, secret or "")
    module = _config().pkcs11_module
    if not module:
        raise Refusal(
            "signing_key_missing",
            "Chưa cấu hình thư viện PKCS#11 của thiết bị ký số (VINHDANH_PKCS11_MODULE).",
            "The PKCS#11 module of the signing tokens is not configured (VINHDANH_PKCS11_MODULE).",
            status=409,
        )
    return Pkcs11KeyHolder(module_path=module, token_label=key.token_label, key_label=key.key_label, pin=secret)


def remote_services() -> dict[str, str]:
    """The remote-signing adapters this installation offers: VINHDANH_REMOTE_SIGNING_ADAPTERS is a comma-separated
    list of ``name=module:factory``; the factory takes (account, secret) and returns a RemoteSigningService."""
    entries = [e.strip() for e in os.environ.get("VINHDANH_REMOTE_SIGNING_ADAPTERS", "").split(",") if e.strip()]
    return dict(e.split("=", 1) for e in entries if "=" in e)


def _remote_holder(service: str, account: str, secret: str) -> RemoteKeyHolder:
    target = remote_services().get(service)
    if not target or ":" not in target:
        raise Refusal(
            "signing_key_missing",
            f"Dịch vụ ký số từ xa «{service}» chưa được cấu hình (VINHDANH_REMOTE_SIGNING_ADAPTERS).",
            f"The remote signing service '{service}' is not configured (VINHDANH_REMOTE_SIGNING_ADAPTERS).",
            status=409,
        )
    module, factory = target.split(":", 1)
    adapter = getattr(importlib.import_module(module), factory)(account=account, secret=secret)
    # The signer confirms on the phone while the request waits; past the limit nothing is signed.
    return RemoteKeyHolder(
        service=adapter,
        timeout_seconds=float(os.environ.get("VINHDANH_REMOTE_SIGNING_TIMEOUT_SECONDS", "120")),
        poll_interval_seconds=float(os.environ.get("VINHDANH_REMOTE_SIGNING_POLL_SECONDS", "3")),
    )


def active_key(organization_id: int, user: Any | None) -> SigningKey | None:
    keys = SigningKey.objects.filter(organization_id=organization_id, active=True)
    return keys.filter(user=user).first() if user is not None else keys.filter(user__isnull=True).first()


def register_key(
    *,
    organization: Any,
    user: Any | None,
    store: str,
    pkcs12: bytes | None = None,
    secret: str = "",
    token_label: str = "",
    key_label: str = "",
    service: str = "",
    account: str = "",
    image_png: bytes | None = None,
) -> SigningKey:
    """Check that the key opens and its certificate is current, then keep it (sealed) as the one in use."""
    if store == KeyStore.REMOTE and user is None:
        raise Refusal(
            "seal_must_be_local",
            "Chữ ký số của cơ quan do văn thư áp dụng phải nằm trong tệp PKCS#12 hoặc thiết bị ký số của cơ quan.",
            "The organisation's own signature is applied by its văn thư: a PKCS#12 file or a token, not a remote one.",
        )
    key = SigningKey(
        organization=organization,
        user=user,
        store=store,
        service=service,
        account=account,
        pkcs12_sealed=seal(base64.b64encode(pkcs12).decode()) if pkcs12 else "",
        secret_sealed=seal(secret),
        token_label=token_label,
        key_label=key_label,
        image=image_png,
    )
    certificate = key_holder(key).certificate()
    # the same check signing makes: a certificate outside its validity is refused before it is kept
    check_current(certificate)
    key.certificate_subject = subject_name(certificate)
    key.certificate_sha256 = hashlib.sha256(certificate.dump()).hexdigest()
    key.valid_until = certificate["tbs_certificate"]["validity"]["not_after"].native
    SigningKey.objects.filter(organization=organization, user=user, active=True).update(active=False)
    key.save()
    return key


def register_trust_root(*, name: str, certificate: bytes, note: str = "") -> TrustRoot:
    if pem.detect(certificate):
        _, _, certificate = pem.unarmor(certificate)
    digest = hashlib.sha256(certificate).hexdigest()
    root, _ = TrustRoot.objects.get_or_create(
        certificate_sha256=digest, defaults={"name": name, "certificate": certificate, "note": note}
    )
    return root


def personal_signing(
    organization: Organization,
    signer: Any,
    *,
    title: str,
    reason: str,
    seal_reason: str | None = None,
    document_number: str | None = None,
) -> Callable[[bytes], bytes] | None:
    """Sign a kept PDF with ``signer``'s key at the name printed under ``title``, then (with ``seal_reason``)
    the organisation's signature over it and on each attached list; None when the signer holds no key here."""
    personal = active_key(organization.pk, signer)
    if personal is None:
        return None
    organisation_seal = active_key(organization.pk, None) if seal_reason else None
    tsa_url = _config().tsa_url

    def apply(pdf: bytes) -> bytes:
        return sign_document(
            pdf,
            signer=SigningParty(
                key=key_holder(personal),
                image_png=bytes(personal.image) if personal.image else None,
                reason=reason,
                location=organization.place_name or None,
                display_name=person_name(signer),
            ),
            seal=_seal_party(organisation_seal, seal_reason or ""),
            placement=locate_signature_block(
                pdf,
                signer_name=person_name(signer),
                title_lines=(title,),
                attachment_heading="DANH SÁCH" if organisation_seal else None,
            ),
            trust=_trust_to_embed(),  # type: ignore[arg-type]
            tsa_url=tsa_url,
            document_number=document_number,
        )

    return apply


def organisation_sealing(
    organization: Organization, *, signer: Any, title: str, reason: str
) -> Callable[[bytes], bytes] | None:
    """The organisation's own signature (the seal) over the signer's printed name, as the văn thư applies it;
    None when the organisation has no key of its own, or nobody's name is printed to place it by."""
    organisation_seal = active_key(organization.pk, None)
    if organisation_seal is None or signer is None:
        return None
    tsa_url = _config().tsa_url

    def apply(pdf: bytes) -> bytes:
        return seal_document(
            pdf,
            seal=_seal_party(organisation_seal, reason),  # type: ignore[arg-type]
            placement=locate_signature_block(
                pdf, signer_name=person_name(signer), title_lines=(title,), attachment_heading=None
            ),
            trust=_trust_to_embed(),  # type: ignore[arg-type]
            tsa_url=tsa_url,
        )

    return apply


def _seal_party(key: SigningKey | None, reason: str) -> SigningParty | None:
    if key is None:
        return None
    return SigningParty(
        key=key_holder(key),
        image_png=bytes(key.image) if key.image else None,
        reason=reason,
        display_name=key.organization.issuing_body or key.organization.name,
    )


def _trust_to_embed() -> Trust | None:
    # without any root the chain cannot be validated for embedding; the signature still verifies later
    office_trust = trust()
    return office_trust if office_trust.roots else None
