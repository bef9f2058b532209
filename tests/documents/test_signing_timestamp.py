"""The configured-TSA path: an RFC 3161 time-stamping authority served on loopback by pyHanko's own test
time stamper (DummyTimeStamper) behind a plain HTTP server, reached through the same URL setting an office
would use."""

import asyncio
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from asn1crypto import keys as asn1_keys
from asn1crypto import tsp
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from pyhanko.sign.timestamps import DummyTimeStamper

from documents.signing import (
    Pkcs12KeyHolder,
    SigningParty,
    SigningRefusal,
    Trust,
    locate_signature_block,
    sign_document,
    verify_document,
)
from tests.documents import signing_pki as pki


@pytest.fixture(scope="module")
def tsa_url():
    issued = pki.tsa()
    stamper = DummyTimeStamper(
        tsa_cert=asn1_x509.Certificate.load(issued.der),
        tsa_key=asn1_keys.PrivateKeyInfo.load(
            issued.key.private_bytes(
                serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        ),
    )
    served: list[bytes] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            request = tsp.TimeStampReq.load(self.rfile.read(int(self.headers["Content-Length"])))
            reply = asyncio.run(stamper.async_request_tsa_response(request)).dump()
            served.append(reply)
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/tsa", served
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)
    assert not thread.is_alive()


def _party(issued: pki.Issued, image: bytes) -> SigningParty:
    return SigningParty(
        key=Pkcs12KeyHolder(pkcs12_data=issued.pkcs12([pki.root().cert]), password=pki.PASSWORD), image_png=image
    )


def test_with_a_tsa_configured_every_signature_carries_a_trusted_timestamp(tsa_url):
    url, served = tsa_url
    pdf = pki.decision_pdf()

    signed = sign_document(
        pdf,
        signer=_party(pki.chairman(), pki.signature_png()),
        seal=_party(pki.seal(), pki.seal_png()),
        placement=locate_signature_block(pdf, signer_name="Lê Văn Tám"),
        trust=Trust.of([pki.root().der], crls=[pki.crl()]),
        tsa_url=url,
        document_number="07/QĐ-UBND",
    )

    result = verify_document(signed, trust_roots=[pki.root().der])
    assert result.valid
    assert all(s.timestamped for s in result.signatures)
    assert len(served) >= 3  # at least one token per signature came from the loopback TSA
    poppler = pki.pdfsig(signed)
    assert poppler.count("Signature is Valid.") == 3, poppler
    assert pki.pdfsig_trusted(poppler)[:2] == [True, True], poppler


def test_an_unreachable_tsa_is_a_clean_refusal():
    pdf = pki.decision_pdf()

    with pytest.raises(SigningRefusal) as refused:
        sign_document(
            pdf,
            signer=_party(pki.chairman(), pki.signature_png()),
            placement=locate_signature_block(pdf, signer_name="Lê Văn Tám"),
            trust=Trust.of([pki.root().der], crls=[pki.crl()]),
            tsa_url="http://127.0.0.1:9/khong-co-tsa",
        )

    assert refused.value.code == "signing_timestamp_failed"
