"""Turn raw page bytes into text: BOM, HTTP header, <meta> declaration, then detection."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
META_CHARSET = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([a-zA-Z0-9_:.\-]+)""", re.IGNORECASE)
# Browsers (WHATWG encoding standard) read these labels as windows-1252, and so must we.
WHATWG_ALIASES = {
    "iso-8859-1": "cp1252",
    "latin-1": "cp1252",
    "ascii": "cp1252",
    "us-ascii": "cp1252",
    "iso8859-1": "cp1252",
    "latin1": "cp1252",
    "windows-874": "cp874",
    "x-user-defined": "cp1252",
}
ARABIC_SINGLE_BYTE = ("cp1256", "iso8859-6")
# The definite article "ال" is the most frequent letter pair in Arabic; only the right
# single-byte code page turns the page's bytes into many of them.
ARABIC_ARTICLE = "\u0627\u0644"
MIN_ARABIC_ARTICLES = 3
# A declared UTF-8 page with a handful of broken bytes is still a UTF-8 page, short or long.
MAX_REPLACEMENT_SHARE = 0.001
MAX_REPLACEMENTS_ANY_SIZE = 8


class UndecodableError(ValueError):
    """The bytes cannot be read as text in any encoding we trust."""


def decode_html(raw: bytes, http_charset: str | None = None) -> tuple[str, str]:
    """Decode a page and name the codec used; raises UndecodableError when nothing fits."""
    for bom, codec in BOMS:
        if raw.startswith(bom):
            try:
                return raw[len(bom) :].decode(codec), codec
            except UnicodeDecodeError as error:
                raise UndecodableError(f"undecodable: {codec} BOM but {error.reason}") from error
    has_high_bytes = not raw.isascii()
    for label in (http_charset, declared_charset(raw)):
        codec = codec_name(label)
        if codec is None:
            continue
        text = strict_decode(raw, codec)
        if text is None:
            continue
        # Single-byte declarations over bytes that are valid multi-byte UTF-8 are stale
        # templates; a real windows-1256 page almost never forms valid UTF-8 sequences.
        if has_high_bytes and codec != "utf-8" and is_single_byte(codec):
            utf8_text = strict_decode(raw, "utf-8")
            if utf8_text is not None:
                return utf8_text, "utf-8"
        return text, codec
    if not has_high_bytes:
        return raw.decode("ascii"), "ascii"
    text = strict_decode(raw, "utf-8")
    if text is not None:
        return text, "utf-8"
    lenient = raw.decode("utf-8", errors="replace")
    if lenient.count("\ufffd") <= max(len(lenient) * MAX_REPLACEMENT_SHARE, MAX_REPLACEMENTS_ANY_SIZE):
        return lenient, "utf-8"
    detected = arabic_single_byte(raw) or detected_charset(raw)
    if detected is not None:
        return detected
    raise UndecodableError(
        "undecodable: not valid UTF-8, no usable charset declaration, detection found no encoding"
    )


def declared_charset(raw: bytes) -> str | None:
    match = META_CHARSET.search(raw[:8192])
    return match.group(1).decode("ascii").lower() if match else None


def codec_name(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    label = WHATWG_ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def is_single_byte(codec: str) -> bool:
    return codec.startswith(("cp", "iso8859", "latin", "windows", "koi8", "mac"))


def strict_decode(raw: bytes, codec: str) -> str | None:
    try:
        return raw.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def arabic_single_byte(raw: bytes) -> tuple[str, str] | None:
    best: tuple[int, str, str] | None = None
    for codec in ARABIC_SINGLE_BYTE:
        text = raw.decode(codec, errors="replace")
        articles = text.count(ARABIC_ARTICLE)
        if articles >= MIN_ARABIC_ARTICLES and (best is None or articles > best[0]):
            best = (articles, text, codec)
    return (best[1], best[2]) if best else None


def detected_charset(raw: bytes) -> tuple[str, str] | None:
    match = from_bytes(raw[:200_000]).best()
    if match is None or match.encoding is None:
        return None
    codec = codec_name(match.encoding)
    if codec is None:
        return None
    text = strict_decode(raw, codec)
    return (text, codec) if text is not None else None
