"""A decision is signed only with a signature: the signer's key and the ward's seal on the stored PDF (a PKCS#12
file or a PKCS#11 token), or the scan of the paper original; the verification page and the API report it."""

from __future__ import annotations

import io
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from awards.digital_signature import signatures_of
from awards.documents import decision_pdf
from core.errors import Refusal
from core.sealed import seal
from council.services import council_session_close
from demo.catalogues import seed_award_tables
from demo.pki import demo_ca, seed_signing_keys
from documents.signing import verify_document
from nominations.models import (
    Certificate,
    Decision,
    KeyStore,
    Nomination,
    SigningKey,
    StoredDocument,
    TrustRoot,
    User,
)
from nominations.signing_keys import register_key, register_trust_root
from nominations.states import Status
from tests.accounts.otp import verified_login
from tests.awards import remote_service
from tests.awards.award_steps import (
    TO_COUNCIL,
    VOTERS,
    approved_files,
    convene,
    issued_decision,
    new_chairman,
    paper_scan,
    pdf_text,
    person,
    vote_all,
)
from tests.documents import signing_pki as pki
from workflows.models import AuditEntry


@pytest.fixture(autouse=True)
def _prize_tables(ward):
    seed_award_tables(ward)


def _draft(ward, make_nomination, api):
    files = approved_files(ward, make_nomination, nominees=[person()])
    created = api("secretary").post("/api/v1/decisions/", {"nominations": [str(files[0].pk)]}, format="json")
    assert created.status_code == 201, created.json()
    return Decision.objects.get(pk=created.json()["id"]), files[0]


def _page_png(pdf: bytes, page: int = 1) -> Image.Image:
    """One page rendered by poppler, as a person would look at it (the last with ``page=-1``)."""
    if page < 0:
        page = len(PdfReader(io.BytesIO(pdf)).pages) + 1 + page
    with tempfile.TemporaryDirectory(prefix="vinhdanh-page-") as folder:
        Path(folder, "d.pdf").write_bytes(pdf)
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", "-f", str(page), "-l", str(page), f"{folder}/d.pdf", f"{folder}/p"],
            check=True,
        )
        return Image.open(next(Path(folder).glob("p*.png"))).convert("RGB")


def _inks(image: Image.Image) -> tuple[int, int]:
    """(blue pixels of a signature, red pixels of a seal) on a rendered page."""
    blue = red = 0
    for r, g, b in image.getdata():
        if b > 120 and r < 90 and g < 110:
            blue += 1
        elif r > 160 and g < 80 and b < 80:
            red += 1
    return blue, red


def test_signed_through_the_api_with_the_pkcs12_key_it_validates_and_shows_both_images(ward, make_nomination, api):
    draft, _ = _draft(ward, make_nomination, api)
    unsigned_page = _page_png(decision_pdf(draft))

    signed = api("signer").post(f"/api/v1/decisions/{draft.pk}/sign/", {}, format="json")

    assert signed.status_code == 200, signed.json()
    report = signed.json()["signature"]
    assert (report["kind"], report["valid"]) == ("digital", True)
    assert [s["signer"] for s in report["signatures"]][:2] == ["Trương Minh Ký", "ỦY BAN NHÂN DÂN PHƯỜNG MỸ THẠNH"]
    pdf = api("secretary").get(f"/api/v1/decisions/{draft.pk}/document.pdf").content
    # pyHanko's validator, against the roots this installation trusts (the demo CA)
    assert verify_document(pdf, trust_roots=[demo_ca().public_bytes(pki.serialization.Encoding.DER)]).valid
    # and poppler
    poppler = pki.pdfsig(pdf, trusted_root=demo_ca())
    assert poppler.count("Signature is Valid.") == len(report["signatures"]) == 3, poppler
    assert pki.pdfsig_trusted(poppler)[:2] == [True, True], poppler
    # looked at as a picture: the blue signature and the red seal appear where the page had neither
    blue_before, red_before = _inks(unsigned_page)
    blue_after, red_after = _inks(_page_png(pdf))
    assert blue_after > blue_before + 200
    assert red_after > red_before + 200
    assert "KT. CHỦ TỊCH PHÓ CHỦ TỊCH Trương Minh Ký" in pdf_text(pdf)


def test_the_verification_page_says_valid_signed_by_and_a_tampered_copy_is_invalid(ward, make_nomination):
    issued_decision(ward, approved_files(ward, make_nomination, nominees=[person()]))
    certificate = Certificate.objects.get()

    page = Client().get(f"/verify/{certificate.verification_code}/").content.decode()
    api_report = api_report_of(ward, certificate)

    assert "Chữ ký số hợp lệ" in page
    assert "Chữ ký của người ký: hợp lệ, ký bởi <strong>Trương Minh Ký</strong>" in page
    assert "Chữ ký số của cơ quan trên văn bản kèm theo: hợp lệ" in page
    assert "Giấy khen mang 1 chữ ký số, hợp lệ" in page
    assert api_report["decision"]["valid"] is True
    assert api_report["decision"]["signatures"][0]["trusted"] is True
    # the certificate carries the ward's digital signature with the seal's image over the signer's name
    certificate_pdf = bytes(StoredDocument.objects.get(certificate=certificate).pdf)
    assert api_report["certificate"]["valid"] is True
    assert pki.pdfsig(certificate_pdf, trusted_root=demo_ca()).count("Signature is Valid.") == 1
    assert _inks(_page_png(certificate_pdf))[1] > 200

    # one byte of the kept decision changed, as a raw write to the database would
    kept = StoredDocument.objects.get(decision=certificate.decision)
    pdf = bytearray(kept.pdf)
    spot = pdf.index(b"/Type /Page") + 1
    pdf[spot] = ord("t")
    StoredDocument.objects.filter(pk=kept.pk).update(pdf=bytes(pdf))

    tampered = Client().get(f"/verify/{certificate.verification_code}/").content.decode()
    tampered_json = Client().get(f"/verify/{certificate.verification_code}/?format=json").json()
    assert "Chữ ký số không hợp lệ" in tampered
    assert tampered_json["signatures"]["decision"]["valid"] is False
    assert api_report_of(ward, certificate)["decision"]["valid"] is False


def api_report_of(ward, certificate):
    from tests.accounts.otp import api_client_for

    response = api_client_for(ward.users["secretary"]).get(f"/api/v1/certificates/{certificate.pk}/")
    assert response.status_code == 200
    return response.json()["signatures"]


@pytest.fixture
def token_chairman(ward, monkeypatch):
    """The Chairman, whose key and certificate (and the ward's seal) sit on a SoftHSM2 token."""
    pki.softhsm_token()
    monkeypatch.setenv("VINHDANH_PKCS11_MODULE", pki.SOFTHSM_MODULE)
    register_trust_root(name="Test Root", certificate=pki.root().der)
    user = new_chairman(ward, "Lê Văn Tám")
    register_key(
        organization=ward.organization,
        user=user,
        store=KeyStore.PKCS11,
        token_label=pki.TOKEN_LABEL,
        key_label="chu-tich",
        secret=pki.PIN,
        image_png=pki.signature_png(),
    )
    return user


def test_signed_through_the_api_with_a_softhsm2_token_it_validates(ward, make_nomination, api, token_chairman):
    draft, _ = _draft(ward, make_nomination, api)

    signed = api("chairman").post(f"/api/v1/decisions/{draft.pk}/sign/", {}, format="json")

    assert signed.status_code == 200, signed.json()
    report = signed.json()["signature"]
    assert report["valid"] is True
    assert report["signatures"][0]["signer"] == "Lê Văn Tám"
    pdf = decision_pdf(Decision.objects.get(pk=draft.pk))
    assert "CHỦ TỊCH Lê Văn Tám" in pdf_text(pdf)
    # the Chairman's token chains to the test root, the ward's seal (the demo's key) to the demo CA
    demo_root = demo_ca().public_bytes(pki.serialization.Encoding.DER)
    assert verify_document(pdf, trust_roots=[pki.root().der, demo_root]).valid
    poppler = pki.pdfsig(pdf)
    assert poppler.count("Signature is Valid.") == 3, poppler
    assert pki.pdfsig_trusted(poppler)[0] is True, poppler


def test_a_wrong_pin_on_the_token_refuses_and_nothing_changes(ward, make_nomination, api, token_chairman):
    draft, file = _draft(ward, make_nomination, api)
    SigningKey.objects.filter(user=token_chairman).update(secret_sealed=seal("0000"))
    audit_before = AuditEntry.objects.count()

    refused = api("chairman").post(f"/api/v1/decisions/{draft.pk}/sign/", {}, format="json")

    assert (refused.status_code, refused.json()["code"]) == (403, "signing_wrong_pin")
    _unchanged(draft, file, audit_before)


def _unchanged(draft, file, audit_before):
    draft.refresh_from_db()
    assert (draft.status, draft.number_text, draft.signature_kind, draft.signed_scan.name) == ("draft", "", "", "")
    assert Nomination.objects.get(pk=file.pk).status == Status.APPROVED
    assert not StoredDocument.objects.filter(decision=draft).exists()
    assert AuditEntry.objects.count() == audit_before


def test_without_a_key_or_a_scan_the_decision_is_not_signed(ward, make_nomination, api):
    draft, file = _draft(ward, make_nomination, api)
    SigningKey.objects.filter(user=ward.users["signer"]).update(active=False)
    audit_before = AuditEntry.objects.count()

    refused = api("signer").post(f"/api/v1/decisions/{draft.pk}/sign/", {}, format="json")

    assert (refused.status_code, refused.json()["code"]) == (409, "signature_required")
    assert "bản quét" in refused.json()["detail"]
    _unchanged(draft, file, audit_before)


def test_a_decision_signed_on_paper_is_recorded_with_its_scan(ward, make_nomination, api):
    draft, file = _draft(ward, make_nomination, api)
    SigningKey.objects.filter(user=ward.users["signer"]).update(active=False)
    audit_before = AuditEntry.objects.count()

    not_a_scan = api("signer").post(
        f"/api/v1/decisions/{draft.pk}/sign/",
        {"signed_scan": SimpleUploadedFile("scan.pdf", b"just text, not a scan")},
        format="multipart",
    )
    _unchanged(draft, file, audit_before)
    signed = api("signer").post(
        f"/api/v1/decisions/{draft.pk}/sign/", {"signed_scan": paper_scan()}, format="multipart"
    )

    assert (not_a_scan.status_code, not_a_scan.json()["code"]) == (400, "unsupported_file_type")
    assert signed.status_code == 200, signed.json()
    assert signed.json()["signature"]["kind"] == "paper"
    draft.refresh_from_db()
    assert draft.status == "signed"
    assert len(draft.signed_scan_sha256) == 64
    assert Nomination.objects.get(pk=file.pk).status == Status.DECIDED
    issued = api("secretary").post(f"/api/v1/decisions/{draft.pk}/issue/")
    assert issued.status_code == 200
    code = Certificate.objects.get(decision=draft).verification_code
    assert "Quyết định ký trên giấy" in Client().get(f"/verify/{code}/").content.decode()


def test_a_deputy_signs_for_the_chairman_with_his_own_key(ward, make_nomination, api, token_chairman):
    draft, _ = _draft(ward, make_nomination, api)

    signed = api("signer").post(f"/api/v1/decisions/{draft.pk}/sign/", {}, format="json")

    assert signed.status_code == 200, signed.json()
    # the deputy's own certificate, not the Chairman's token
    assert signed.json()["signature"]["signatures"][0]["signer"] == "Trương Minh Ký"
    assert "KT. CHỦ TỊCH PHÓ CHỦ TỊCH Trương Minh Ký" in pdf_text(decision_pdf(Decision.objects.get(pk=draft.pk)))


def test_an_expired_certificate_or_a_wrong_password_is_not_registered(ward):
    before = SigningKey.objects.count()
    chain = [pki.root().cert]

    with pytest.raises(Refusal) as expired:
        register_key(
            organization=ward.organization,
            user=ward.users["signer"],
            store=KeyStore.PKCS12,
            pkcs12=pki.expired().pkcs12(chain),
            secret=pki.PASSWORD,
        )
    with pytest.raises(Refusal) as wrong_password:
        register_key(
            organization=ward.organization,
            user=ward.users["signer"],
            store=KeyStore.PKCS12,
            pkcs12=pki.chairman().pkcs12(chain),
            secret="sai-mat-khau",
        )

    assert expired.value.code == "signing_certificate_expired"
    assert wrong_password.value.code == "signing_wrong_pin"
    assert SigningKey.objects.count() == before
    assert SigningKey.objects.get(user=ward.users["signer"], active=True).certificate_subject == "Trương Minh Ký"


def test_the_minutes_carry_the_signature_of_the_chair_who_closed_them(ward, make_nomination):
    seed_signing_keys(ward.organization, [ward.users["chair"]])
    nomination = make_nomination(steps=TO_COUNCIL, nominees=[person()])
    session = convene(ward, nomination)
    vote_all(ward, session, nomination.nominees.get().pk, dict.fromkeys(VOTERS, "agree"))

    council_session_close(session_id=session.pk, actor=ward.users["chair"])

    minutes = bytes(StoredDocument.objects.get(council_session=session).pdf)
    signed = signatures_of(minutes)
    assert signed["valid"] is True
    assert [s["signer"] for s in signed["signatures"]] == ["Nguyễn Văn Chánh"]
    assert "TM. HỘI ĐỒNG CHỦ TỊCH HỘI ĐỒNG Nguyễn Văn Chánh" in pdf_text(minutes)
    assert _inks(_page_png(minutes, page=-1))[0] > 200


@pytest.fixture
def remote_chairman(ward, monkeypatch):
    """The Chairman, whose key is held by a remote-signing service that asks him on his phone."""
    monkeypatch.setenv("VINHDANH_REMOTE_SIGNING_ADAPTERS", "thu-nghiem=tests.awards.remote_service:phone")
    monkeypatch.setenv("VINHDANH_REMOTE_SIGNING_POLL_SECONDS", "0")
    monkeypatch.setenv("VINHDANH_REMOTE_SIGNING_TIMEOUT_SECONDS", "0.5")
    register_trust_root(name="Test Root", certificate=pki.root().der)
    user = new_chairman(ward, "Lê Văn Tám")

    def with_account(account: str) -> User:
        register_key(
            organization=ward.organization,
            user=user,
            store=KeyStore.REMOTE,
            service="thu-nghiem",
            account=account,
            image_png=pki.signature_png(),
        )
        return user

    return with_account


def test_signed_through_a_remote_service_after_the_phone_confirms(ward, make_nomination, api, remote_chairman):
    remote_chairman("confirms")
    draft, _ = _draft(ward, make_nomination, api)

    signed = api("chairman").post(f"/api/v1/decisions/{draft.pk}/sign/", {}, format="json")

    assert signed.status_code == 200, signed.json()
    # what the signer reads on the phone before confirming
    assert remote_service.SENT[-1] == "Ký văn bản: Ký Quyết định số 01/QĐ-UBND"
    report = signed.json()["signature"]
    assert report["valid"] is True
    assert report["signatures"][0]["signer"] == "Lê Văn Tám"
    pdf = decision_pdf(Decision.objects.get(pk=draft.pk))
    demo_root = demo_ca().public_bytes(pki.serialization.Encoding.DER)
    assert verify_document(pdf, trust_roots=[pki.root().der, demo_root]).valid
    assert pki.pdfsig_trusted(pki.pdfsig(pdf))[0] is True


@pytest.mark.parametrize(
    ("account", "code"), [("declines", "signing_remote_declined"), ("never", "signing_remote_timeout")]
)
def test_a_phone_that_declines_or_never_answers_signs_nothing(
    ward, make_nomination, api, remote_chairman, account, code
):
    remote_chairman(account)
    draft, file = _draft(ward, make_nomination, api)
    audit_before = AuditEntry.objects.count()

    refused = api("chairman").post(f"/api/v1/decisions/{draft.pk}/sign/", {}, format="json")

    assert refused.json()["code"] == code
    _unchanged(draft, file, audit_before)


def test_the_seal_is_never_a_remote_key(ward, remote_chairman):
    with pytest.raises(Refusal) as refused:
        register_key(
            organization=ward.organization, user=None, store=KeyStore.REMOTE, service="thu-nghiem", account="x"
        )

    assert refused.value.code == "seal_must_be_local"


def test_the_administrator_registers_a_key_file_and_a_trust_root_in_the_admin(client, ward):
    verified_login(client, ward.users["admin"])
    chairman = User.objects.create(username="chairman", full_name="Lê Văn Tám")
    chain = [pki.root().cert]

    wrong = client.post(
        reverse("admin:nominations_signingkey_add"),
        {
            "organization": ward.organization.pk,
            "user": chairman.pk,
            "store": KeyStore.PKCS12,
            "pkcs12_file": SimpleUploadedFile("k.p12", pki.chairman().pkcs12(chain)),
            "secret": "sai",
        },
    )
    kept = client.post(
        reverse("admin:nominations_signingkey_add"),
        {
            "organization": ward.organization.pk,
            "user": chairman.pk,
            "store": KeyStore.PKCS12,
            "pkcs12_file": SimpleUploadedFile("k.p12", pki.chairman().pkcs12(chain)),
            "secret": pki.PASSWORD,
            "image_file": SimpleUploadedFile("chu-ky.png", pki.signature_png(), content_type="image/png"),
        },
    )
    root = client.post(
        reverse("admin:nominations_trustroot_add"),
        {"name": "Test Root", "certificate_file": SimpleUploadedFile("root.der", pki.root().der)},
    )

    assert "Mã PIN hoặc mật khẩu của khóa ký số không đúng" in wrong.content.decode()
    assert kept.status_code == 302, kept.content.decode()[:2000]
    key = SigningKey.objects.get(user=chairman, active=True)
    assert (key.certificate_subject, key.store, bool(key.image)) == ("Lê Văn Tám", KeyStore.PKCS12, True)
    # the file and its password are kept sealed, never in the clear
    assert pki.PASSWORD not in key.secret_sealed
    assert root.status_code == 302
    assert TrustRoot.objects.filter(name="Test Root").exists()
    # neither shows the key again nor lets it be edited
    assert (
        client.get(reverse("admin:nominations_signingkey_change", args=[key.pk])).content.decode().count(pki.PASSWORD)
        == 0
    )
