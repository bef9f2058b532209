"""Signing time per document and per 1,000 certificates, beside two floors.

- ``sign_decision``: a three-page decision signed by the Chairman's deputy, sealed, and the list marked
  (three PAdES signatures with images and embedded validation data), PKCS#12 key, no TSA. Floor: pyHanko
  alone adding the same three signatures with no appearance and no validation data.
- ``sign_1000_certs``: one-page certificates signed and sealed one after another (two signatures each).
  ``--size full`` signs all 1,000; ``small`` signs a sample and extrapolates to 1,000 (the row says which).
  Floor: the same with pyHanko alone as above. The raw ``cryptography`` RSA-2048 signature of the same
  number of hashes is printed beside it: the part no signing library can avoid.

Runs with the other cases (``python -m benchmarks --case sign_decision --case sign_1000_certs``) or alone
without a database (``python -m benchmarks.signing``); the key material is generated for the run.
"""

from __future__ import annotations

import hashlib
import logging
import os
import statistics
import sys
import time
from collections.abc import Callable
from io import BytesIO
from pathlib import Path
from typing import Any

SAMPLE_CERTIFICATES = {"smoke": 4, "small": 20, "full": 1_000}
DECISION_ROUNDS = {"smoke": 2, "small": 5, "full": 15}


def _setup() -> dict[str, Any]:
    # the tests' throw-away PKI is the benchmark's too: nothing real is signed
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from tests.documents import signing_pki as pki

    return {"pki": pki}


def _parties(pki: Any) -> tuple[Any, Any, Any]:
    from documents.signing import Pkcs12KeyHolder, SigningParty, Trust

    root = pki.root()
    signer = SigningParty(
        key=Pkcs12KeyHolder(pkcs12_data=pki.chairman().pkcs12([root.cert]), password=pki.PASSWORD),
        image_png=pki.signature_png(),
    )
    seal = SigningParty(
        key=Pkcs12KeyHolder(pkcs12_data=pki.seal().pkcs12([root.cert]), password=pki.PASSWORD),
        image_png=pki.seal_png(),
    )
    return signer, seal, Trust.of([root.der], crls=[pki.crl()])


def _bare_pyhanko(pdf: bytes, parties: list[Any], fields: list[str]) -> bytes:
    """The floor: pyHanko's own signing, invisible fields, no validation data, same keys and count."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko.sign.fields import SigSeedSubFilter

    for party, field in zip(parties, fields, strict=True):
        with party.key.signer() as signer:
            meta = signers.PdfSignatureMetadata(
                field_name=field, subfilter=SigSeedSubFilter.PADES, md_algorithm="sha256"
            )
            pdf = signers.sign_pdf(IncrementalPdfFileWriter(BytesIO(pdf)), meta, signer=signer).getvalue()
    return pdf


def _raw_rsa_seconds(pki: Any, signatures: int) -> float:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding, utils

    key = pki.chairman().key
    began = time.perf_counter()
    for i in range(signatures):
        digest = hashlib.sha256(i.to_bytes(8, "big")).digest()
        key.sign(digest, padding.PKCS1v15(), utils.Prehashed(hashes.SHA256()))
    return time.perf_counter() - began


def _median_ms(op: Callable[[], Any], times: int) -> float:
    samples = []
    for _ in range(times):
        began = time.perf_counter()
        op()
        samples.append(time.perf_counter() - began)
    return statistics.median(samples) * 1000


def sign_decision(ctx: Any, size: str) -> Any:
    from documents.signing import locate_signature_block, sign_document

    from .harness import Result

    pki = _setup()["pki"]
    signer, seal, trust = _parties(pki)
    pdf = pki.decision_pdf()
    placement = locate_signature_block(pdf, signer_name="Lê Văn Tám")

    def ours() -> bytes:
        return sign_document(
            pdf, signer=signer, seal=seal, placement=placement, trust=trust, document_number="07/QĐ-UBND"
        )

    def floor() -> bytes:
        return _bare_pyhanko(pdf, [signer, seal, seal], ["A", "B", "C"])

    ours(), floor()  # warm: font subset, imports
    rounds = DECISION_ROUNDS[size]
    ours_ms, floor_ms = [], []
    for r in range(rounds):
        pair = [(ours, ours_ms), (floor, floor_ms)] if r % 2 == 0 else [(floor, floor_ms), (ours, ours_ms)]
        for op, sink in pair:
            sink.append(_median_ms(op, 1))
    ours_median, floor_median = statistics.median(ours_ms), statistics.median(floor_ms)
    raw_ms = _raw_rsa_seconds(pki, 3 * 50) / 50 * 1000
    return Result(
        name="sign_decision",
        ours=round(ours_median, 1),
        floor=round(floor_median, 1),
        unit="ms",
        overhead=round(ours_median / floor_median, 2),
        queries_per_op=0,
        n=rounds,
        peak_mb=0.0,
        ours_includes="sign_document: signer + seal + list mark, images, chain and CRL embedded (PKCS#12, no TSA)",
        floor_includes="pyHanko sign_pdf ×3, invisible fields, no validation data",
        note=f"raw RSA-2048 for the same 3 signatures: {raw_ms:.2f} ms",
    )


def sign_1000_certs(ctx: Any, size: str) -> Any:
    from documents.signing import locate_signature_block, sign_document

    from .harness import Result

    pki = _setup()["pki"]
    signer, seal, trust = _parties(pki)
    pdf = pki.certificate_pdf()
    placement = locate_signature_block(pdf, signer_name="Lê Văn Tám")
    count = SAMPLE_CERTIFICATES[size]

    def ours() -> bytes:
        return sign_document(pdf, signer=signer, seal=seal, placement=placement, trust=trust)

    def floor() -> bytes:
        return _bare_pyhanko(pdf, [signer, seal], ["A", "B"])

    ours(), floor()
    # alternating batches, so a machine whose load changes during the run weighs on both sides alike
    batch = 10
    wall = {"ours": 0.0, "floor": 0.0}
    cpu = {"ours": 0.0, "floor": 0.0}
    for start in range(0, count, batch):
        size_of_batch = min(batch, count - start)
        order = (("ours", ours), ("floor", floor)) if start // batch % 2 == 0 else (("floor", floor), ("ours", ours))
        for side, op in order:
            began, cpu_began = time.perf_counter(), time.process_time()
            for _ in range(size_of_batch):
                op()
            wall[side] += time.perf_counter() - began
            cpu[side] += time.process_time() - cpu_began
    ours_seconds, floor_seconds = wall["ours"], wall["floor"]
    ours_cpu = cpu["ours"]
    scale = 1_000 / count
    raw = _raw_rsa_seconds(pki, 2 * count) * scale
    how = "measured on all 1,000" if count == 1_000 else f"measured on {count} and extrapolated ×{scale:g}"
    return Result(
        name="sign_1000_certs",
        ours=round(ours_seconds * scale, 1),
        floor=round(floor_seconds * scale, 1),
        unit="s",
        overhead=round(ours_seconds / floor_seconds, 2),
        queries_per_op=0,
        n=count,
        peak_mb=0.0,
        ours_includes="sequential sign_document of one-page certificates: signer + seal with images, chain and CRL",
        floor_includes="pyHanko sign_pdf ×2 per certificate, invisible fields, no validation data",
        note=f"{how}, in alternating batches of {batch}; {ours_seconds / count * 1000:.0f} ms per certificate "
        f"({ours_cpu / count * 1000:.0f} ms of CPU; CPU ratio ours/floor {ours_cpu / cpu['floor']:.2f}); "
        f"raw RSA-2048 for the same "
        f"{2 * 1000:,} signatures: {raw:.2f} s",
    )


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DJANGO_DEBUG", "true")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import django

    django.setup()
    logging.getLogger("pyhanko").setLevel(logging.ERROR)
    from .harness import render_table

    size = "full" if "--full" in sys.argv else "small"
    print(render_table([sign_decision(None, size), sign_1000_certs(None, size)]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
