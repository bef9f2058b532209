"""Remote signing through the adapter interface: the hash goes out, a signature comes back.

No vendor service can be reached from here, and none is pretended: the service below is a test double
that only carries messages. The signature it hands back is made by the test with the PKCS#12 key of the
certificate, over exactly the hash the adapter sent out, as a phone-confirmed remote service would.
"""

import itertools
from io import BytesIO

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, utils
from pypdf import PdfReader

from documents.signing import (
    PendingRemoteSignature,
    Pkcs12KeyHolder,
    RemoteKeyHolder,
    RemoteSignatureStatus,
    SigningParty,
    SigningRefusal,
    Trust,
    begin_remote_signature,
    finish_remote_signature,
    locate_signature_block,
    seal_document,
    sign_document,
    verify_document,
)
from documents.signing.parts import SEAL_FIELD, SIGNER_FIELD
from tests.documents import signing_pki as pki


def _sign_elsewhere(issued: pki.Issued, digest: bytes) -> bytes:
    """What the remote service does after the user confirms: sign the hash with the user's key."""
    return issued.key.sign(digest, padding.PKCS1v15(), utils.Prehashed(hashes.SHA256()))


class MessageCarrier:
    """The adapter's far side, reduced to carrying messages: it records what was sent and answers polls."""

    name = "Dịch vụ ký số từ xa (thử nghiệm)"

    def __init__(self, issued: pki.Issued, *, pending_polls: int = 2, answer=None) -> None:
        self.issued = issued
        self.pending_polls = pending_polls
        self.answer = answer or (lambda digest: RemoteSignatureStatus("signed", _sign_elsewhere(issued, digest)))
        self.requests: dict[str, bytes] = {}
        self.descriptions: list[str] = []
        self.polls = 0

    def certificate(self) -> bytes:
        return self.issued.der

    def chain(self) -> list[bytes]:
        return [pki.root().der]

    def submit(self, *, digest: bytes, digest_algorithm: str, description: str) -> str:
        assert digest_algorithm == "sha256"
        assert len(digest) == 32
        request_id = f"req-{len(self.requests) + 1}"
        self.requests[request_id] = digest
        self.descriptions.append(description)
        return request_id

    def poll(self, request_id: str) -> RemoteSignatureStatus:
        self.polls += 1
        if self.polls <= self.pending_polls:
            return RemoteSignatureStatus("pending")
        return self.answer(self.requests[request_id])


def _trust() -> Trust:
    return Trust.of([pki.root().der], crls=[pki.crl()])


def _seal() -> SigningParty:
    return SigningParty(
        key=Pkcs12KeyHolder(pkcs12_data=pki.seal().pkcs12([pki.root().cert]), password=pki.PASSWORD),
        image_png=pki.seal_png(),
    )


def _holder(service: MessageCarrier, **kwargs) -> RemoteKeyHolder:
    sleeps: list[float] = []
    return RemoteKeyHolder(service=service, poll_interval_seconds=2, sleep=sleeps.append, **kwargs)


def test_a_signature_made_elsewhere_over_the_sent_hash_is_embedded_and_validates():
    # given a remote service for the Chairman that answers after two polls
    service = MessageCarrier(pki.chairman())
    pdf = pki.decision_pdf()

    # when the decision is signed through it, then sealed with the office's own key
    signed = sign_document(
        pdf,
        signer=SigningParty(key=_holder(service), image_png=pki.signature_png(), reason="Ký ban hành"),
        seal=_seal(),
        placement=locate_signature_block(pdf, signer_name="Lê Văn Tám"),
        trust=_trust(),
        document_number="07/QĐ-UBND",
    )

    # then one hash went out, the adapter polled until it was signed, and every signature validates
    assert len(service.requests) == 1
    assert service.polls == 3
    assert "Ký ban hành" in service.descriptions[0]
    result = verify_document(signed, trust_roots=[pki.root().der])
    assert result.valid
    assert result.signatures[0].signer_name == "Lê Văn Tám"
    poppler = pki.pdfsig(signed)
    assert poppler.count("Signature is Valid.") == 3, poppler
    assert pki.pdfsig_trusted(poppler)[:2] == [True, True], poppler


def test_a_callback_can_finish_the_signature_later_from_stored_state():
    # given a signature begun in one request, its state stored as JSON
    pdf = pki.decision_pdf()
    placement = locate_signature_block(pdf, signer_name="Lê Văn Tám")
    person = SigningParty(key=_holder(MessageCarrier(pki.chairman())), image_png=pki.signature_png())
    stored = begin_remote_signature(pdf, signer=person, placement=placement, trust=_trust()).to_json()

    # when the service calls back with the signature over the hash it was given
    pending = PendingRemoteSignature.from_json(stored)
    signature = _sign_elsewhere(pki.chairman(), pending.digest)
    signed = finish_remote_signature(pending, signature=signature, service_name="callback")
    sealed = seal_document(signed, seal=_seal(), placement=placement, trust=_trust(), document_number="07/QĐ-UBND")

    # then the document validates with both signatures
    assert verify_document(signed, trust_roots=[pki.root().der]).valid
    result = verify_document(sealed, trust_roots=[pki.root().der])
    assert result.valid
    assert len(result.signatures) == 3
    # and the seal, applied in a later step, still covers the left third of the signature as placed
    rects = {
        str(a.get_object()["/T"]): [float(v) for v in a.get_object()["/Rect"]]
        for a in PdfReader(BytesIO(sealed)).pages[placement.page]["/Annots"]
    }
    signature, seal = rects[SIGNER_FIELD], rects[SEAL_FIELD]
    assert seal[2] == pytest.approx(signature[0] + (signature[2] - signature[0]) / 3, abs=1)


def test_a_signature_by_another_key_is_refused_and_not_embedded():
    pdf = pki.decision_pdf()
    placement = locate_signature_block(pdf, signer_name="Lê Văn Tám")
    person = SigningParty(key=_holder(MessageCarrier(pki.chairman())))
    pending = begin_remote_signature(pdf, signer=person, placement=placement, trust=_trust())

    with pytest.raises(SigningRefusal) as refused:
        finish_remote_signature(pending, signature=_sign_elsewhere(pki.seal(), pending.digest), service_name="x")

    assert refused.value.code == "signing_remote_bad_signature"
    assert not verify_document(pdf, trust_roots=[pki.root().der]).signed


def test_a_signature_over_another_hash_is_refused():
    pdf = pki.decision_pdf()
    placement = locate_signature_block(pdf, signer_name="Lê Văn Tám")
    person = SigningParty(key=_holder(MessageCarrier(pki.chairman())))
    pending = begin_remote_signature(pdf, signer=person, placement=placement, trust=_trust())

    with pytest.raises(SigningRefusal) as refused:
        finish_remote_signature(pending, signature=_sign_elsewhere(pki.chairman(), bytes(32)), service_name="x")

    assert refused.value.code == "signing_remote_bad_signature"


def test_a_declined_request_is_a_clean_refusal():
    service = MessageCarrier(pki.chairman(), answer=lambda digest: RemoteSignatureStatus("declined", detail="từ chối"))
    pdf = pki.decision_pdf()

    with pytest.raises(SigningRefusal) as refused:
        sign_document(
            pdf,
            signer=SigningParty(key=_holder(service)),
            placement=locate_signature_block(pdf, signer_name="Lê Văn Tám"),
            trust=_trust(),
        )

    assert refused.value.code == "signing_remote_declined"
    assert "từ chối" in refused.value.vi


def test_an_unconfirmed_request_times_out():
    service = MessageCarrier(pki.chairman(), pending_polls=10**6)
    ticks = itertools.count(0, 2)
    holder = RemoteKeyHolder(
        service=service, timeout_seconds=60, poll_interval_seconds=2, sleep=lambda s: None, clock=lambda: next(ticks)
    )
    pdf = pki.decision_pdf()

    with pytest.raises(SigningRefusal) as refused:
        sign_document(
            pdf,
            signer=SigningParty(key=holder),
            placement=locate_signature_block(pdf, signer_name="Lê Văn Tám"),
            trust=_trust(),
        )

    assert refused.value.code == "signing_remote_timeout"
    assert 29 <= service.polls <= 32
