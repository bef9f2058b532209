"""The Giấy khen certificate: landscape A4, with a QR code leading to the public verification page."""

from collections.abc import Iterable
from typing import BinaryIO

from documents.certificate_content import CertificateDoc, certificate_context, qr_data_uri
from documents.certificate_print import write_certificates_pdf
from documents.pdf import render_pdf, write_many_pdf
from documents.templating import render_template

__all__ = ["CertificateDoc", "certificate_context", "qr_data_uri", "render_certificate_pdf", "render_certificates_pdf"]


def render_certificate_html(doc: CertificateDoc) -> str:
    return render_template("documents/certificate.html", certificate_context(doc))


def render_certificate_pdf(doc: CertificateDoc) -> bytes:
    return render_pdf(render_certificate_html(doc))


def render_certificates_pdf(docs: Iterable[CertificateDoc], out: BinaryIO, *, flowing: bool = False) -> int:
    """All certificates into one PDF for the printer, one page each, written as it goes; returns the page count.

    The plain certificate is drawn at fixed positions (documents.certificate_print: hundreds of pages a
    second, memory flat at any count); ``flowing`` lays each page out from the HTML template instead,
    for a template whose boxes must flow into each other.
    """
    if flowing:
        return write_many_pdf((render_certificate_html(doc) for doc in docs), out)
    return write_certificates_pdf(docs, out)
