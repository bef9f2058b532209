"""A throw-away PKI for the signing tests: a root CA, the Chairman's and the seal's certificates, a TSA.

Everything is generated with `cryptography` at test time; nothing here is a real key.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from demo import pki as demo_pki

PASSWORD = "mat-khau-thu"
PIN = "123456"
SO_PIN = "65432100"
TOKEN_LABEL = "vinhdanh-test"
SOFTHSM_MODULE = "/usr/lib/softhsm/libsofthsm2.so"


@dataclass(frozen=True)
class Issued:
    key: rsa.RSAPrivateKey
    cert: x509.Certificate

    @property
    def der(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.DER)

    def pkcs12(self, chain: list[x509.Certificate], password: str = PASSWORD) -> bytes:
        return pkcs12.serialize_key_and_certificates(
            b"key", self.key, self.cert, chain, serialization.BestAvailableEncryption(password.encode())
        )


def _name(common_name: str, organisation: str | None = None) -> x509.Name:
    parts = [x509.NameAttribute(NameOID.COUNTRY_NAME, "VN")]
    if organisation:
        parts.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation))
    parts.append(x509.NameAttribute(NameOID.COMMON_NAME, common_name))
    return x509.Name(parts)


@cache
def _key(label: str) -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _issue(
    subject: x509.Name,
    key: rsa.RSAPrivateKey,
    issuer: Issued | None,
    *,
    ca: bool = False,
    tsa: bool = False,
    not_before: datetime | None = None,
    not_after: datetime | None = None,
) -> Issued:
    now = datetime.now(UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer.cert.subject if issuer else subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before or now - timedelta(days=30))
        .not_valid_after(not_after or now + timedelta(days=365 * (10 if ca else 2)))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    )
    if issuer:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()), critical=False
        )
    usage = dict.fromkeys(
        (
            "digital_signature",
            "content_commitment",
            "key_encipherment",
            "data_encipherment",
            "key_agreement",
            "key_cert_sign",
            "crl_sign",
            "encipher_only",
            "decipher_only",
        ),
        False,
    )
    if ca:
        usage.update(key_cert_sign=True, crl_sign=True, digital_signature=True)
    else:
        usage.update(digital_signature=True, content_commitment=not tsa)
    builder = builder.add_extension(x509.KeyUsage(**usage), critical=True)
    if tsa:
        builder = builder.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
    signing_key = issuer.key if issuer else key
    return Issued(key=key, cert=builder.sign(signing_key, hashes.SHA256()))


@cache
def root() -> Issued:
    return _issue(_name("vinhdanh Test Root CA", "vinhdanh test"), _key("root"), None, ca=True)


@cache
def other_root() -> Issued:
    return _issue(_name("Untrusted Root CA", "elsewhere"), _key("other-root"), None, ca=True)


@cache
def chairman() -> Issued:
    return _issue(_name("Lê Văn Tám", "Ủy ban nhân dân phường Mỹ Thạnh"), _key("chairman"), root())


@cache
def seal() -> Issued:
    return _issue(_name("Ủy ban nhân dân phường Mỹ Thạnh", "Ủy ban nhân dân phường Mỹ Thạnh"), _key("seal"), root())


@cache
def expired() -> Issued:
    now = datetime.now(UTC)
    return _issue(
        _name("Nguyễn Văn Cũ", "Ủy ban nhân dân phường Mỹ Thạnh"),
        _key("expired"),
        root(),
        not_before=now - timedelta(days=800),
        not_after=now - timedelta(days=30),
    )


@cache
def stranger() -> Issued:
    return _issue(_name("Người Lạ", "elsewhere"), _key("stranger"), other_root())


@cache
def tsa() -> Issued:
    return _issue(_name("vinhdanh Test TSA", "vinhdanh test"), _key("tsa"), root(), tsa=True)


@cache
def crl() -> bytes:
    now = datetime.now(UTC)
    ca = root()
    revoked = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(ca.cert.subject)
        .last_update(now - timedelta(hours=1))
        .next_update(now + timedelta(days=7))
        .add_extension(x509.CRLNumber(1), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.key.public_key()), critical=False)
        .sign(ca.key, hashes.SHA256())
    )
    return revoked.public_bytes(serialization.Encoding.DER)


def signature_png() -> bytes:
    """A blue handwritten-looking stroke on a transparent background (the demo's drawing)."""
    return demo_pki.signature_png("Lê Văn Tám")


def seal_png() -> bytes:
    """A red round seal on a transparent background (the demo's drawing)."""
    return demo_pki.seal_png("Ủy ban nhân dân phường Mỹ Thạnh")


@cache
def softhsm_token() -> Path:
    """A SoftHSM2 token holding the Chairman's and the seal's keys and certificates.

    SoftHSM reads SOFTHSM2_CONF when the module is first loaded, and a process loads it once, so the
    configuration is set once per test process and kept.
    """
    import pkcs11
    from pkcs11 import Attribute, CertificateType, ObjectClass
    from pkcs11.util.rsa import decode_rsa_private_key
    from pkcs11.util.x509 import decode_x509_certificate

    if not shutil.which("softhsm2-util") or not Path(SOFTHSM_MODULE).is_file():
        raise FileNotFoundError("softhsm2 is not installed (apt-get install softhsm2)")
    base = Path(tempfile.mkdtemp(prefix="vinhdanh-softhsm-"))
    (base / "tokens").mkdir()
    conf = base / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {base / 'tokens'}\nobjectstore.backend = file\nlog.level = ERROR\n")
    os.environ["SOFTHSM2_CONF"] = str(conf)
    subprocess.run(
        ["softhsm2-util", "--init-token", "--free", "--label", TOKEN_LABEL, "--pin", PIN, "--so-pin", SO_PIN],
        check=True,
        capture_output=True,
    )
    lib = pkcs11.lib(SOFTHSM_MODULE)
    lib.reinitialize()
    token = lib.get_token(token_label=TOKEN_LABEL)
    with token.open(rw=True, user_pin=PIN) as session:
        for label, identity, issued in (("chu-tich", b"\x01", chairman()), ("con-dau", b"\x02", seal())):
            key_der = issued.key.private_bytes(
                serialization.Encoding.DER, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption()
            )
            attributes = decode_rsa_private_key(key_der)
            attributes.update(
                {Attribute.LABEL: label, Attribute.ID: identity, Attribute.TOKEN: True, Attribute.SENSITIVE: True}
            )
            session.create_object(attributes)
            cert_attributes = decode_x509_certificate(issued.der)
            cert_attributes.update(
                {
                    Attribute.LABEL: label,
                    Attribute.ID: identity,
                    Attribute.TOKEN: True,
                    Attribute.CLASS: ObjectClass.CERTIFICATE,
                    Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
                }
            )
            session.create_object(cert_attributes)
    return conf


@cache
def decision_pdf() -> bytes:
    """A two-page decision of the ward with its attached list, rendered by the project's own template."""
    from datetime import date

    from documents.body import Body
    from documents.decision import DecisionDoc, DecisionNominee, render_decision_pdf

    body = Body(
        issuing_body="Ủy ban nhân dân phường Mỹ Thạnh",
        parent_body="Ủy ban nhân dân thành phố Long Xuyên",
        place_name="Long Xuyên",
        document_suffix="UBND",
    )
    nominees = [
        DecisionNominee(
            kind="individual",
            name="Nguyễn Thị Ánh Tuyết",
            honorific="Bà",
            position="Giáo viên",
            unit_name="Trường Tiểu học Mỹ Thạnh",
            achievements="Công dân học tập tiêu biểu",
            prize_amount=710_000,
        ),
        DecisionNominee(
            kind="household",
            name="Hộ ông Trần Văn Bảy",
            address="Khóm Thạnh An",
            achievements="Gia đình học tập",
            prize_amount=710_000,
        ),
    ]
    return render_decision_pdf(
        DecisionDoc(
            body=body,
            number="07/QĐ-UBND",
            signed_on=date(2025, 2, 5),
            summary="Về việc tặng Giấy khen trong xây dựng xã hội học tập",
            award_name="Giấy khen",
            proposal_ref="Tờ trình số 12/TTr-HKH ngày 05 tháng 11 năm 2025",
            signer_name="Lê Văn Tám",
            nominees=nominees,
        )
    )


@cache
def certificate_pdf() -> bytes:
    """A one-page Giấy khen of the ward, rendered by the project's own template."""
    from datetime import date

    from documents.body import Body
    from documents.certificate import CertificateDoc, render_certificate_pdf

    body = Body(
        issuing_body="Ủy ban nhân dân phường Mỹ Thạnh", parent_body="", place_name="Long Xuyên", document_suffix="UBND"
    )
    return render_certificate_pdf(
        CertificateDoc(
            body=body,
            recipient_name="Nguyễn Thị Ánh Tuyết",
            honorific="Bà",
            position="Giáo viên",
            unit_name="Trường Tiểu học Mỹ Thạnh",
            achievements="Công dân học tập tiêu biểu năm 2025",
            decision_number="07/QĐ-UBND",
            decision_date=date(2025, 2, 5),
            register_number="GK-2025-0012",
            signer_name="Lê Văn Tám",
            verify_url="https://vinhdanh.example.vn/xac-minh/AB12CD34",
        )
    )


def pdfsig(pdf: bytes, trusted_root: x509.Certificate | None = None) -> str:
    """poppler's own verdict on the file's signatures, with the test root (or ``trusted_root``) trusted in a
    fresh NSS database (certutil, from Debian's libnss3-tools), so poppler judges the chain as well."""
    with tempfile.TemporaryDirectory(prefix="vinhdanh-nss-") as folder:
        nss = f"sql:{folder}"
        root_pem = Path(folder) / "root.pem"
        root_pem.write_bytes((trusted_root or root().cert).public_bytes(serialization.Encoding.PEM))
        subprocess.run(["certutil", "-N", "-d", nss, "--empty-password"], check=True, capture_output=True)
        subprocess.run(
            ["certutil", "-A", "-d", nss, "-n", "vinhdanh-test-root", "-t", "CT,C,C", "-i", str(root_pem)],
            check=True,
            capture_output=True,
        )
        document = Path(folder) / "signed.pdf"
        document.write_bytes(pdf)
        done = subprocess.run(
            ["pdfsig", "-nssdir", nss, str(document)], capture_output=True, text=True, timeout=60, check=False
        )
    return done.stdout


def pdfsig_trusted(report: str) -> list[bool]:
    """Per signature, whether poppler (through NSS) trusted its certificate.

    NSS answers "Unknown issue with Certificate or corrupted data" for the last signature of a file that
    has three or more (here the seal's mark on the attached list), while it finds that signature valid and
    pyHanko trusts its chain; with two signatures, or for the third of four, it trusts the same
    certificate. The cause is not known, so callers check the signer's and the seal's signatures.
    """
    return ["Certificate is Trusted." in block for block in report.split("Signature #")[1:]]
