"""Attachment intake: the type is read from the content, never from the name."""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass
from typing import IO

from core.errors import Refusal

# Office files are ZIP archives; anything that inflates past this, or by more than this ratio, is refused.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100


@dataclass(frozen=True)
class SniffedType:
    content_type: str
    extension: str


PDF = SniffedType("application/pdf", "pdf")
PNG = SniffedType("image/png", "png")
JPEG = SniffedType("image/jpeg", "jpg")
DOCX = SniffedType("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx")
XLSX = SniffedType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx")


def unsupported_type() -> Refusal:
    return Refusal(
        "unsupported_file_type",
        "Chỉ nhận tệp PDF, DOCX, XLSX, JPEG hoặc PNG (kiểm tra theo nội dung tệp).",
        "Only PDF, DOCX, XLSX, JPEG or PNG files are accepted (checked by content).",
    )


def too_large(limit: int) -> Refusal:
    return Refusal(
        "file_too_large",
        f"Tệp vượt quá dung lượng cho phép ({limit // (1024 * 1024)} MB).",
        f"The file exceeds the size limit ({limit // (1024 * 1024)} MB).",
    )


def _office_type(stream: IO[bytes]) -> SniffedType | None:
    try:
        with zipfile.ZipFile(stream) as archive:
            infos = archive.infolist()
            names = {info.filename for info in infos}
            unpacked = sum(info.file_size for info in infos)
            packed = sum(info.compress_size for info in infos) or 1
            if unpacked > MAX_UNPACKED_BYTES or unpacked / packed > MAX_COMPRESSION_RATIO:
                raise Refusal(
                    "suspicious_archive",
                    "Tệp nén bất thường (có thể là «zip bomb»), không được nhận.",
                    "The archive inflates abnormally (a possible zip bomb) and is refused.",
                )
            if "[Content_Types].xml" not in names:
                return None
            if "word/document.xml" in names:
                return DOCX
            if "xl/workbook.xml" in names:
                return XLSX
    except zipfile.BadZipFile:
        return None
    return None


def sniff(stream: IO[bytes]) -> SniffedType:
    stream.seek(0)
    head = stream.read(8)
    stream.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        found = _office_type(stream)
        stream.seek(0)
        if found is not None:
            return found
    raise unsupported_type()


def sha256_of(stream: IO[bytes]) -> str:
    stream.seek(0)
    digest = hashlib.sha256()
    for chunk in iter(lambda: stream.read(1024 * 1024), b""):
        digest.update(chunk)
    stream.seek(0)
    return digest.hexdigest()


def safe_display_name(name: str) -> str:
    """The uploaded name, kept only for display: no folders, no control characters."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(ch for ch in base if ch.isprintable()).strip().lstrip(".")
    return (cleaned or "tep-dinh-kem")[:255]


def as_stream(data: bytes) -> IO[bytes]:
    return io.BytesIO(data)
