"""A remote-signing adapter for the tests, named in VINHDANH_REMOTE_SIGNING_ADAPTERS as an installation names a
vendor's. No vendor can be reached from here: its far side only carries messages, and the signature it hands
back is made with the test Chairman's own key over the hash the adapter sent, as the phone would.

The account says what the phone does: ``confirms`` (after one pending poll), ``declines`` or ``never``.
"""

from __future__ import annotations

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, utils

from documents.signing import RemoteSignatureStatus
from tests.documents import signing_pki as pki

SENT: list[str] = []


class Phone:
    name = "Ký số từ xa (thử nghiệm)"

    def __init__(self, account: str) -> None:
        self.account = account
        self.digests: dict[str, bytes] = {}
        self.polls = 0

    def certificate(self) -> bytes:
        return pki.chairman().der

    def chain(self) -> list[bytes]:
        return [pki.root().der]

    def submit(self, *, digest: bytes, digest_algorithm: str, description: str) -> str:
        request_id = f"{self.account}-{len(self.digests) + 1}"
        self.digests[request_id] = digest
        SENT.append(description)
        return request_id

    def poll(self, request_id: str) -> RemoteSignatureStatus:
        self.polls += 1
        if self.account == "never" or self.polls == 1:
            return RemoteSignatureStatus("pending")
        if self.account == "declines":
            return RemoteSignatureStatus("declined", detail="Người ký từ chối trên điện thoại")
        signature = pki.chairman().key.sign(
            self.digests[request_id], padding.PKCS1v15(), utils.Prehashed(hashes.SHA256())
        )
        return RemoteSignatureStatus("signed", signature)


def phone(*, account: str, secret: str) -> Phone:
    return Phone(account)
