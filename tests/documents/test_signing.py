"""Signing a decision with a PKCS#12 key: both signatures validate with pyHanko and poppler, appear where the
decree puts them, and a copy changed by one byte is reported invalid."""

import re
from io import BytesIO

import pytest
from pypdf import PdfReader

from documents.signing import (
    Pkcs12KeyHolder,
    SigningConfig,
    SigningParty,
    SigningRefusal,
    Trust,
    locate_signature_block,
    sign_document,
    verify_document,
)
from documents.signing.parts import ATTACHMENT_FIELD, SEAL_FIELD, SIGNER_FIELD
from tests.documents import signing_pki as pki


def _trust() -> Trust:
    return Trust.of([pki.root().der], crls=[pki.crl()])


def _party(issued: pki.Issued, image: bytes | None, password: str = pki.PASSWORD) -> SigningParty:
    return SigningParty(
        key=Pkcs12KeyHolder(pkcs12_data=issued.pkcs12([pki.root().cert]), password=password), image_png=image
    )


@pytest.fixture(scope="module")
def signed() -> tuple[bytes, object]:
    pdf = pki.decision_pdf()
    placement = locate_signature_block(pdf, signer_name="Lê Văn Tám")
    out = sign_document(
        pdf,
        signer=_party(pki.chairman(), pki.signature_png()),
        seal=_party(pki.seal(), pki.seal_png()),
        placement=placement,
        trust=_trust(),
        document_number="07/QĐ-UBND",
    )
    return out, placement


def test_signer_then_seal_then_list_mark_all_validate_and_are_trusted(signed):
    # given a decision signed by the Chairman's deputy and sealed by the ward
    pdf, _ = signed

    # when it is verified against the office's roots
    result = verify_document(pdf, trust_roots=[pki.root().der])

    # then every signature is intact, trusted and unmodified, in the decree's order
    assert result.valid
    assert result.intact
    assert [s.field_name for s in result.signatures] == [SIGNER_FIELD, SEAL_FIELD, ATTACHMENT_FIELD.format(page=3)]
    assert [s.signer_name for s in result.signatures] == [
        "Lê Văn Tám",
        "Ủy ban nhân dân phường Mỹ Thạnh",
        "Ủy ban nhân dân phường Mỹ Thạnh",
    ]
    for report in result.signatures:
        assert report.intact
        assert report.trusted
        assert not report.modified_after_signing
        assert report.signing_time is not None
        assert report.signing_time.utcoffset().total_seconds() == 7 * 3600
        assert not report.timestamped


def test_poppler_pdfsig_also_reports_every_signature_valid_and_trusted(signed):
    pdf, _ = signed

    report = pki.pdfsig(pdf)

    assert report.count("Signature is Valid.") == 3, report
    assert pki.pdfsig_trusted(report)[:2] == [True, True], report
    assert "Lê Văn Tám" in report
    assert "ETSI.CAdES.detached" in report


def test_roots_of_another_office_do_not_trust_it(signed):
    pdf, _ = signed

    result = verify_document(pdf, trust_roots=[pki.other_root().der])

    assert result.intact
    assert not result.valid
    assert all(not s.trusted for s in result.signatures)


@pytest.mark.parametrize("where", [0.1, 0.5, "last-content"])
def test_a_copy_altered_by_one_byte_is_invalid(signed, where):
    # given the signed decision, with one byte of the signed content changed
    pdf, _ = signed
    first_signed_range_end = _byte_ranges(pdf)[0][1]
    if where == "last-content":
        offset = pdf.rindex(b"stream", 0, first_signed_range_end) + 20
    else:
        offset = int(first_signed_range_end * where)
    tampered = bytearray(pdf)
    tampered[offset] ^= 0x01

    # when it is verified
    result = verify_document(bytes(tampered), trust_roots=[pki.root().der])

    # then it is not valid, and the untouched original still is
    assert not result.valid
    assert not result.intact
    assert verify_document(pdf, trust_roots=[pki.root().der]).valid


def test_no_single_byte_anywhere_in_the_file_can_change_and_still_verify(signed):
    # given the signed decision: three signatures, their unsigned gaps and the appended validation data
    pdf, _ = signed
    gaps = _byte_ranges(pdf)
    offsets = [*range(0, len(pdf), len(pdf) // 24), len(pdf) - 40, *(end - 10 for _, end in gaps)]

    for offset in offsets:
        # when one byte there is changed
        tampered = bytearray(pdf)
        tampered[offset] ^= 0x01

        # then the copy does not verify (the signature's zero padding and the last revision included)
        assert not verify_document(bytes(tampered), trust_roots=[pki.root().der]).valid, offset


def test_text_that_is_not_a_pdf_is_reported_not_raised():
    result = verify_document(b"%PDF-1.7 not really", trust_roots=[pki.root().der])

    assert not result.readable
    assert not result.valid
    assert result.signatures == ()


def test_an_unsigned_pdf_is_not_valid():
    result = verify_document(pki.decision_pdf(), trust_roots=[pki.root().der])

    assert result.readable
    assert not result.signed
    assert not result.valid


def test_appearances_are_at_the_planned_rectangles_with_their_images(signed):
    # given the placement found on the decision and the signed file
    pdf, placement = signed
    fitted = placement.fitted(600 / 240)  # the signature image's proportions
    reader = PdfReader(BytesIO(pdf))

    widgets = {}
    for index, page in enumerate(reader.pages):
        for annot in page.get("/Annots") or ():
            annot = annot.get_object()
            widgets[str(annot["/T"])] = (index, [float(v) for v in annot["/Rect"]], annot["/AP"]["/N"].get_object())

    # then the signer's image fills the signature place on the signature page
    page, rect, appearance = widgets[SIGNER_FIELD]
    assert page == placement.page
    assert rect == pytest.approx(list(fitted.signature_box.as_ints()), abs=1)
    assert _has_image(appearance)

    # the seal, at 35 mm, covers the left third of the signature image
    page, rect, appearance = widgets[SEAL_FIELD]
    assert page == placement.page
    assert rect == pytest.approx(list(fitted.seal_box().as_ints()), abs=1)
    assert rect[2] - rect[0] == pytest.approx(35 * 72 / 25.4, abs=1)
    signature_rect = widgets[SIGNER_FIELD][1]
    third = (signature_rect[2] - signature_rect[0]) / 3
    assert rect[0] < signature_rect[0] < rect[2] == pytest.approx(signature_rect[0] + third, abs=1)
    assert _has_image(appearance)

    # the attached list carries the number and time at its top right, in text
    page, rect, appearance = widgets[ATTACHMENT_FIELD.format(page=3)]
    width = float(reader.pages[page].mediabox.width)
    height = float(reader.pages[page].mediabox.height)
    assert page == 2
    assert rect[2] > width * 0.85
    assert rect[3] > height * 0.9
    assert not _has_image(appearance)
    lines = _actual_texts(_all_streams(appearance))
    assert lines[0] == "07/QĐ-UBND"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00", lines[1])


def test_without_images_the_appearances_are_text():
    pdf = pki.decision_pdf()
    placement = locate_signature_block(pdf, signer_name="Lê Văn Tám")

    out = sign_document(
        pdf,
        signer=_party(pki.chairman(), None),
        seal=_party(pki.seal(), None),
        placement=placement,
        trust=_trust(),
        document_number="07/QĐ-UBND",
    )

    assert verify_document(out, trust_roots=[pki.root().der]).valid


def test_revocation_data_and_chain_are_embedded_for_long_term_validation(signed):
    pdf, _ = signed
    reader = PdfReader(BytesIO(pdf))

    dss = reader.trailer["/Root"]["/DSS"].get_object()

    assert len(dss["/Certs"]) >= 3  # the root, the Chairman's and the seal's certificates
    assert len(dss["/CRLs"]) >= 1  # the test CA's CRL


def test_wrong_password_is_a_clean_refusal_and_nothing_is_signed():
    pdf = pki.decision_pdf()
    before = bytes(pdf)

    with pytest.raises(SigningRefusal) as refused:
        sign_document(
            pdf,
            signer=_party(pki.chairman(), None, password="sai-mat-khau"),
            placement=locate_signature_block(pdf, signer_name="Lê Văn Tám"),
            trust=_trust(),
        )

    assert refused.value.code == "signing_wrong_pin"
    assert "không đúng" in refused.value.vi
    assert "wrong" in refused.value.en
    assert pdf == before
    assert not verify_document(pdf, trust_roots=[pki.root().der]).signed


def test_expired_certificate_is_refused_before_signing():
    pdf = pki.decision_pdf()

    with pytest.raises(SigningRefusal) as refused:
        sign_document(
            pdf,
            signer=_party(pki.expired(), None),
            placement=locate_signature_block(pdf, signer_name="Lê Văn Tám"),
            trust=_trust(),
        )

    assert refused.value.code == "signing_certificate_expired"
    assert "hết hạn" in refused.value.message


def test_a_key_file_that_is_missing_or_not_a_key_is_refused(tmp_path):
    pdf = pki.decision_pdf()
    placement = locate_signature_block(pdf, signer_name="Lê Văn Tám")
    not_a_key = tmp_path / "chu-ky.p12"
    not_a_key.write_bytes(b"this is not a key")

    for holder in (
        Pkcs12KeyHolder(path=tmp_path / "missing.p12", password=pki.PASSWORD),
        Pkcs12KeyHolder(path=not_a_key, password=pki.PASSWORD),
    ):
        with pytest.raises(SigningRefusal) as refused:
            sign_document(pdf, signer=SigningParty(key=holder), placement=placement, trust=_trust())
        assert refused.value.code == "signing_key_missing"


def test_a_signer_outside_the_configured_roots_is_refused_at_signing():
    pdf = pki.decision_pdf()
    stranger = SigningParty(
        key=Pkcs12KeyHolder(pkcs12_data=pki.stranger().pkcs12([pki.other_root().cert]), password=pki.PASSWORD)
    )

    with pytest.raises(SigningRefusal) as refused:
        sign_document(
            pdf, signer=stranger, placement=locate_signature_block(pdf, signer_name="Lê Văn Tám"), trust=_trust()
        )

    assert refused.value.code == "signing_chain_untrusted"


def test_the_signature_place_must_exist_on_the_document():
    with pytest.raises(SigningRefusal) as refused:
        locate_signature_block(pki.decision_pdf(), signer_name="Người Khác")

    assert refused.value.code == "signing_placement_not_found"


def test_configuration_comes_from_the_environment(tmp_path):
    # given an office's environment: trust roots, a CRL and the seal as a PKCS#12 file with its image
    (tmp_path / "roots").mkdir()
    (tmp_path / "roots" / "root.pem").write_bytes(pki.root().cert.public_bytes(pki.serialization.Encoding.PEM))
    (tmp_path / "ca.crl").write_bytes(pki.crl())
    (tmp_path / "seal.p12").write_bytes(pki.seal().pkcs12([pki.root().cert]))
    (tmp_path / "seal.png").write_bytes(pki.seal_png())
    config = SigningConfig.from_environ(
        {
            "VINHDANH_SIGNING_TRUST_ROOTS": str(tmp_path / "roots"),
            "VINHDANH_SIGNING_CRLS": str(tmp_path / "ca.crl"),
            "VINHDANH_SEAL_PKCS12": str(tmp_path / "seal.p12"),
            "VINHDANH_SEAL_PKCS12_PASSWORD": pki.PASSWORD,
            "VINHDANH_SEAL_IMAGE": str(tmp_path / "seal.png"),
        }
    )
    pdf = pki.decision_pdf()

    # when the decision is signed with what the configuration names
    out = sign_document(
        pdf,
        signer=_party(pki.chairman(), pki.signature_png()),
        seal=config.seal_party(),
        placement=locate_signature_block(pdf, signer_name="Lê Văn Tám"),
        trust=config.trust(),
        tsa_url=config.tsa_url,
        document_number="07/QĐ-UBND",
    )

    # then it verifies against the configured roots, and the seal's image was the configured one
    assert verify_document(out, trust_roots=config.trust()).valid
    assert config.tsa_url is None


def test_missing_configuration_is_a_clean_refusal():
    config = SigningConfig.from_environ({})

    with pytest.raises(SigningRefusal) as no_roots:
        config.trust()
    with pytest.raises(SigningRefusal) as no_seal:
        config.seal_party("HKH")

    assert no_roots.value.code == "signing_trust_roots_missing"
    assert no_seal.value.code == "signing_key_missing"
    assert "VINHDANH_SEAL_HKH_PKCS12" in no_seal.value.en


def test_an_organisation_can_have_its_own_seal(tmp_path):
    (tmp_path / "hkh.p12").write_bytes(pki.seal().pkcs12([pki.root().cert]))
    config = SigningConfig.from_environ(
        {"VINHDANH_SEAL_HKH_PKCS12": str(tmp_path / "hkh.p12"), "VINHDANH_SEAL_HKH_PKCS12_PASSWORD": pki.PASSWORD}
    )

    assert config.seal_key("HKH").certificate().subject.native["common_name"] == "Ủy ban nhân dân phường Mỹ Thạnh"
    with pytest.raises(SigningRefusal):
        config.seal_key()


def _byte_ranges(pdf: bytes) -> list[tuple[int, int]]:
    reader = PdfReader(BytesIO(pdf))
    ranges = []
    for field in reader.get_fields().values():
        value = field.get("/V")
        if value is not None and "/ByteRange" in value.get_object():
            a, b, c, _d = value.get_object()["/ByteRange"]
            ranges.append((a + b, c))  # the gap holding the signature; bytes before it are signed
    return sorted(ranges)


def _has_image(xobject) -> bool:
    resources = xobject.get("/Resources") or {}
    for child in (resources.get("/XObject") or {}).values():
        child = child.get_object()
        if child.get("/Subtype") == "/Image" or _has_image(child):
            return True
    return False


def _actual_texts(stream: bytes) -> list[str]:
    """The /ActualText of each text span, decoded from its PDF literal string (octal escapes, UTF-16)."""
    texts = []
    for raw in re.findall(rb"/ActualText \((.*?)\)\s*>>", stream, flags=re.S):
        unescaped = re.sub(rb"\\([0-7]{1,3}|.)", lambda m: _unescape(m.group(1)), raw)
        texts.append(unescaped.decode("utf-16") if unescaped.startswith(b"\xfe\xff") else unescaped.decode("latin-1"))
    return texts


def _unescape(code: bytes) -> bytes:
    if code.isdigit():
        return bytes([int(code, 8)])
    return {b"n": b"\n", b"r": b"\r", b"t": b"\t"}.get(code, code)


def _all_streams(xobject) -> bytes:
    data = xobject.get_data()
    resources = xobject.get("/Resources") or {}
    for child in (resources.get("/XObject") or {}).values():
        data += _all_streams(child.get_object())
    return data


def test_content_added_after_signing_is_reported_as_modified(signed):
    # given the signed decision with a later revision that writes on its first page
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    pdf, _ = signed
    writer = IncrementalPdfFileWriter(BytesIO(pdf))
    writer.add_stream_to_page(0, writer.add_object(generic.StreamObject(stream_data=b"0 0 m 500 500 l S")))
    changed = BytesIO()
    writer.write(changed)

    # when it is verified
    result = verify_document(changed.getvalue(), trust_roots=[pki.root().der])

    # then each signature's own bytes are intact, but the file was modified after signing
    assert all(s.intact for s in result.signatures)
    assert all(s.modified_after_signing for s in result.signatures)
    assert not result.valid
    assert not result.intact


def test_a_certificate_signed_and_sealed_verifies():
    # given a one-page Giấy khen as the awards room renders it
    pdf = pki.certificate_pdf()
    placement = locate_signature_block(pdf, signer_name="Lê Văn Tám")

    signed = sign_document(
        pdf,
        signer=_party(pki.chairman(), pki.signature_png()),
        seal=_party(pki.seal(), pki.seal_png()),
        placement=placement,
        trust=_trust(),
    )

    result = verify_document(signed, trust_roots=[pki.root().der])
    assert result.valid
    assert [s.field_name for s in result.signatures] == [SIGNER_FIELD, SEAL_FIELD]
    assert placement.page == 0
    poppler = pki.pdfsig(signed)
    assert poppler.count("Signature is Valid.") == 2, poppler
    assert pki.pdfsig_trusted(poppler) == [True, True], poppler
