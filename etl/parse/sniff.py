"""Recognise bytes that are not an HTML document before any decoding is attempted."""

from __future__ import annotations

MAGIC_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"%PDF-", "PDF"),
    (b"PK\x03\x04", "ZIP"),
    (b"\x1f\x8b", "GZIP"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"RIFF", "RIFF"),
    (b"\x7fELF", "ELF"),
    (b"BZh", "BZIP2"),
    (b"\xfd7zXZ\x00", "XZ"),
    (b"7z\xbc\xaf\x27\x1c", "7Z"),
    (b"OggS", "OGG"),
    (b"\x00\x00\x00\x18ftyp", "MP4"),
    (b"\x00\x00\x00\x20ftyp", "MP4"),
    (b"wOFF", "WOFF"),
    (b"wOF2", "WOFF2"),
)
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# Text in any encoding we accept has almost no NUL bytes; UTF-16/32 carry a BOM and are exempt.
MAX_NUL_SHARE = 0.01


def binary_reason(raw: bytes) -> str | None:
    """Why these bytes are not a text document, or None when they may be one."""
    head = raw[:16]
    for magic, name in MAGIC_SIGNATURES:
        if head.startswith(magic):
            return f"binary content ({name} signature)"
    if raw.startswith(UTF16_BOMS):
        return None
    sample = raw[:65536]
    nul_count = sample.count(0)
    if nul_count > max(2, len(sample) * MAX_NUL_SHARE):
        return f"binary content ({nul_count} NUL bytes in the first {len(sample)} bytes)"
    return None
