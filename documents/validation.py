"""What files ClaimDesk accepts: decided by their content, never by their name.

Allowed: PDF, JPEG, PNG, Word (.docx), Excel (.xlsx) and plain UTF-8 text. Anything else —
executables, archives, scripts dressed up with another extension — is refused, as are empty and
truncated files. Office files are zip containers, so they are opened and checked for the parts a
real document has and for an implausible compression ratio (a zip bomb).
"""

import io
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

MAX_OFFICE_UNCOMPRESSED = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100


class RejectedFile(ValueError):
    """The file cannot be accepted; the message says why in words a fee earner understands."""


@dataclass(frozen=True)
class FileKind:
    label: str
    content_type: str
    extensions: tuple[str, ...]


PDF = FileKind("a PDF", "application/pdf", (".pdf",))
JPEG = FileKind("a JPEG image", "image/jpeg", (".jpg", ".jpeg"))
PNG = FileKind("a PNG image", "image/png", (".png",))
DOCX = FileKind(
    "a Word document", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",)
)
XLSX = FileKind(
    "an Excel workbook", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",)
)
TEXT = FileKind("a text file", "text/plain", (".txt",))

_REFUSED_SIGNATURES = {
    b"MZ": "a Windows program",
    b"\x7fELF": "a program",
    b"\xcf\xfa\xed\xfe": "a program",
    b"#!": "a script",
    b"\x1f\x8b": "a compressed archive",
    b"Rar!": "an archive",
    b"7z\xbc\xaf": "an archive",
    b"BZh": "a compressed archive",
}


def identify(data: bytes) -> FileKind:
    """The kind of file ``data`` is, or RejectedFile saying why it cannot be accepted."""
    if not data:
        raise RejectedFile("The file is empty.")
    for signature, what in _REFUSED_SIGNATURES.items():
        if data.startswith(signature):
            raise RejectedFile(f"This file is {what}, which cannot be attached to a case.")
    if data.startswith(b"%PDF-"):
        if b"%%EOF" not in data[-2048:]:
            raise RejectedFile("This PDF is incomplete (it has no end marker): it may have been cut short.")
        return PDF
    if data.startswith(b"\xff\xd8\xff"):
        if not data.rstrip(b"\x00").endswith(b"\xff\xd9"):
            raise RejectedFile("This JPEG image is incomplete: it may have been cut short.")
        return JPEG
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        if b"IEND" not in data[-16:]:
            raise RejectedFile("This PNG image is incomplete: it may have been cut short.")
        return PNG
    if data.startswith(b"PK\x03\x04"):
        return _identify_zip(data)
    return _identify_text(data)


def _identify_zip(data: bytes) -> FileKind:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, EOFError, ValueError):
        raise RejectedFile("This file is damaged or incomplete (a broken zip container).") from None
    names = {info.filename for info in infos}
    if "[Content_Types].xml" in names and "word/document.xml" in names:
        kind = DOCX
    elif "[Content_Types].xml" in names and "xl/workbook.xml" in names:
        kind = XLSX
    else:
        raise RejectedFile("Archives (zip files) cannot be attached: attach the documents inside instead.")
    uncompressed = sum(info.file_size for info in infos)
    compressed = max(1, sum(info.compress_size for info in infos))
    if uncompressed > MAX_OFFICE_UNCOMPRESSED or uncompressed / compressed > MAX_COMPRESSION_RATIO:
        raise RejectedFile("This document expands to an implausible size and was refused.")
    if archive.testzip() is not None:
        raise RejectedFile("This document is damaged (a part of it fails its checksum).")
    return kind


def _identify_text(data: bytes) -> FileKind:
    if b"\x00" in data[:8192]:
        raise RejectedFile(
            "This type of file is not accepted. Attach a PDF, image, Word, Excel or text file."
        )
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        raise RejectedFile(
            "This type of file is not accepted. Attach a PDF, image, Word, Excel or text file."
        ) from None
    return TEXT


def check_name(file_name: str, kind: FileKind) -> str:
    """A safe display name whose extension agrees with the content (no paths, no control characters)."""
    name = PurePath(file_name.replace("\\", "/")).name
    name = "".join(ch for ch in name if ch.isprintable() and ch not in '<>:"|?*').strip(" .")[:150]
    suffix = PurePath(name).suffix.lower()
    if not name or not suffix:
        return f"document{kind.extensions[0]}"
    if suffix not in kind.extensions:
        raise RejectedFile(
            f"The file is named “{name}” but its content is {kind.label}: rename it or check it."
        )
    return name
