"""Signing keys for the demo: a demonstration CA, the signer's key and the ward's seal, with their images.

Nothing here has legal value. The CA's name says so, and it is trusted only inside this installation
(registered as a trust root with that note) so that the verification page can show a whole chain. Keys are
derived from the installation's secret key, so seeding again yields the same CA and the same keys.
"""

from __future__ import annotations

import hashlib
import math
from datetime import UTC, datetime
from functools import cache
from io import BytesIO
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.conf import settings
from PIL import Image, ImageDraw, ImageFont

from nominations.models import KeyStore, Organization, User
from nominations.signing_keys import active_key, register_key, register_trust_root

DEMO_CA_NAME = "CA trình diễn vinhdanh (không có giá trị pháp lý)"
FONT = Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Bold.ttf")
# Fixed dates keep the certificates the same from one seeding to the next.
VALID_FROM = datetime(2023, 1, 1, tzinfo=UTC)
VALID_TO = datetime(2035, 12, 31, tzinfo=UTC)


def _private_key(label: str) -> ec.EllipticCurvePrivateKey:
    digest = hashlib.sha256(f"vinhdanh-demo-pki:{settings.SECRET_KEY}:{label}".encode()).digest()
    secret = int.from_bytes(digest, "big") % (2**255) or 1
    return ec.derive_private_key(secret, ec.SECP256R1())


def _name(common_name: str, organisation: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _certificate(subject: x509.Name, key: ec.EllipticCurvePrivateKey, *, ca: bool, label: str) -> x509.Certificate:
    issuer_key = _private_key("ca")
    serial = int.from_bytes(hashlib.sha256(f"{label}:{subject.rfc4514_string()}".encode()).digest()[:16], "big") >> 1
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(_name(DEMO_CA_NAME, "vinhdanh"))
        .public_key(key.public_key())
        .serial_number(serial or 1)
        .not_valid_before(VALID_FROM)
        .not_valid_after(VALID_TO)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), critical=False)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=not ca,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=ca,
                crl_sign=ca,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
    )
    return builder.sign(issuer_key, hashes.SHA256())


@cache
def demo_ca() -> x509.Certificate:
    return _certificate(_name(DEMO_CA_NAME, "vinhdanh"), _private_key("ca"), ca=True, label="ca")


@cache
def _pkcs12(common_name: str, organisation: str, password: str) -> bytes:
    label = f"{organisation}:{common_name}"
    key = _private_key(label)
    certificate = _certificate(_name(common_name, organisation), key, ca=False, label=label)
    return pkcs12.serialize_key_and_certificates(
        b"demo", key, certificate, [demo_ca()], serialization.BestAvailableEncryption(password.encode())
    )


def _password(label: str) -> str:
    return hashlib.sha256(f"vinhdanh-demo-pkcs12:{settings.SECRET_KEY}:{label}".encode()).hexdigest()[:24]


@cache
def signature_png(name: str) -> bytes:
    """A blue stroke under the signer's name, on a transparent background."""
    image = Image.new("RGBA", (600, 240), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    seed = sum(name.encode())
    points = [(40 + x, 130 + 50 * math.sin((x + seed) / 36) * math.exp(-x / 650)) for x in range(0, 520, 4)]
    draw.line(points, fill=(20, 40, 170, 255), width=9, joint="curve")
    draw.line([(110, 195), (480, 75)], fill=(20, 40, 170, 255), width=7)
    return _png(image)


@cache
def seal_png(organisation: str) -> bytes:
    """A red round seal with the organisation's name, on a transparent background."""
    size = 600
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    red = (210, 20, 30, 255)
    draw.ellipse((10, 10, size - 10, size - 10), outline=red, width=16)
    draw.ellipse((70, 70, size - 70, size - 70), outline=red, width=6)
    words = organisation.upper().split()
    lines = [" ".join(words[:4]), " ".join(words[4:5]), " ".join(words[5:])]
    font = ImageFont.truetype(str(FONT), 44) if FONT.is_file() else ImageFont.load_default()
    for line, y in zip(lines, (230, 285, 340), strict=True):
        width = draw.textlength(line, font=font)
        draw.text(((size - width) / 2, y), line, fill=red, font=font)
    draw.regular_polygon((size / 2, 160, 40), 5, fill=red)
    return _png(image)


def _png(image: Image.Image) -> bytes:
    out = BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def seed_signing_keys(organization: Organization, signers: list[User]) -> None:
    """The demonstration CA as a trust root, a key for each signer and the organisation's seal (kept if present)."""
    register_trust_root(
        name=DEMO_CA_NAME,
        certificate=demo_ca().public_bytes(serialization.Encoding.DER),
        note="Chỉ dùng cho bản trình diễn; xóa khi triển khai thật.",
    )
    for user in [*signers, None]:
        if active_key(organization.pk, user) is not None:
            continue
        body = organization.issuing_body or organization.name
        common_name = (user.full_name or user.username) if user else body
        label = f"{organization.pk}:{user.username if user else 'seal'}"
        register_key(
            organization=organization,
            user=user,
            store=KeyStore.PKCS12,
            pkcs12=_pkcs12(common_name, body, _password(label)),
            secret=_password(label),
            image_png=signature_png(common_name) if user else seal_png(body),
        )
