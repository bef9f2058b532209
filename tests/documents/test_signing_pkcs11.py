"""Signing with keys on a PKCS#11 token: SoftHSM2 from Debian, a real PKCS#11 implementation, holding the
Chairman's and the seal's keys generated for the test CA."""

import pytest

from documents.signing import (
    Pkcs11KeyHolder,
    SigningParty,
    SigningRefusal,
    Trust,
    locate_signature_block,
    sign_document,
    verify_document,
)
from tests.documents import signing_pki as pki


@pytest.fixture(scope="module")
def token() -> str:
    pki.softhsm_token()
    return pki.SOFTHSM_MODULE


def _holder(module: str, key_label: str, pin: str | None = pki.PIN, token_label: str = pki.TOKEN_LABEL):
    return Pkcs11KeyHolder(module_path=module, token_label=token_label, key_label=key_label, pin=pin)


def _trust() -> Trust:
    return Trust.of([pki.root().der], crls=[pki.crl()])


def test_decision_signed_and_sealed_on_the_token_validates_with_pyhanko_and_pdfsig(token):
    # given the decision and both keys on the token
    pdf = pki.decision_pdf()
    placement = locate_signature_block(pdf, signer_name="Lê Văn Tám")

    # when the Chairman's deputy signs and the văn thư seals, each with the token's key
    signed = sign_document(
        pdf,
        signer=SigningParty(key=_holder(token, "chu-tich"), image_png=pki.signature_png()),
        seal=SigningParty(key=_holder(token, "con-dau"), image_png=pki.seal_png()),
        placement=placement,
        trust=_trust(),
        document_number="07/QĐ-UBND",
    )

    # then pyHanko's validator finds every signature intact and trusted
    result = verify_document(signed, trust_roots=[pki.root().der])
    assert result.valid
    assert [s.signer_name for s in result.signatures][:2] == ["Lê Văn Tám", "Ủy ban nhân dân phường Mỹ Thạnh"]
    assert all(s.trusted for s in result.signatures)
    # and so does poppler
    poppler = pki.pdfsig(signed)
    assert poppler.count("Signature is Valid.") == len(result.signatures) == 3, poppler
    assert pki.pdfsig_trusted(poppler)[:2] == [True, True], poppler


def test_the_certificate_is_read_from_the_token(token):
    cert = _holder(token, "chu-tich").certificate()

    assert cert.subject.native["common_name"] == "Lê Văn Tám"
    assert cert.dump() == pki.chairman().der


def test_wrong_pin_is_a_clean_refusal_and_nothing_is_signed(token):
    pdf = pki.decision_pdf()

    with pytest.raises(SigningRefusal) as refused:
        sign_document(
            pdf,
            signer=SigningParty(key=_holder(token, "chu-tich", pin="000000")),
            placement=locate_signature_block(pdf, signer_name="Lê Văn Tám"),
            trust=_trust(),
        )

    assert refused.value.code == "signing_wrong_pin"
    assert not verify_document(pdf, trust_roots=[pki.root().der]).signed


def test_a_missing_token_or_key_is_a_clean_refusal(token, tmp_path):
    pdf = pki.decision_pdf()
    placement = locate_signature_block(pdf, signer_name="Lê Văn Tám")

    for holder in (
        _holder(token, "chu-tich", token_label="khong-co-token"),
        _holder(token, "khong-co-khoa"),
        _holder(str(tmp_path / "missing-module.so"), "chu-tich"),
    ):
        with pytest.raises(SigningRefusal) as refused:
            sign_document(pdf, signer=SigningParty(key=holder), placement=placement, trust=_trust())
        assert refused.value.code == "signing_key_missing", holder.label
