"""Landing files that can never be parsed and must go to quarantine."""

import gzip
import struct
import zlib
from dataclasses import dataclass


@dataclass(frozen=True)
class QuarantineInput:
    name: str
    reason: str
    content: bytes


def tiny_png() -> bytes:
    """A real 8x8 grey PNG, the kind of image a crawler saves under an .html name."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 8, 8, 8, 0, 0, 0, 0)
    pixels = b"".join(b"\x00" + bytes([0x80] * 8) for _ in range(8))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(pixels, 9))
        + chunk(b"IEND", b"")
    )


def truncated_gzip(html: str) -> bytes:
    """A gzip download cut off halfway, as an interrupted transfer leaves it."""
    whole = gzip.compress(html.encode("utf-8"), compresslevel=9, mtime=0)
    return whole[: len(whole) // 2]


MARKUP_WITHOUT_TEXT = (
    '<!DOCTYPE html>\n<html lang="ar" dir="rtl">\n<head>\n<meta charset="utf-8">\n<title></title>\n'
    '<link rel="stylesheet" href="/static/app.css">\n</head>\n<body>\n<div id="app">'
    '<div class="container"><div class="row"><div class="col-md-8"><article></article></div>'
    '<div class="col-md-4"><aside></aside></div></div></div></div>\n'
    '<img src="/static/spinner.gif" alt="">\n</body>\n</html>\n'
)


def quarantine_inputs(html_to_truncate: str) -> list[QuarantineInput]:
    return [
        QuarantineInput("empty.html", "empty", b""),
        QuarantineInput("site-logo.html", "binary", tiny_png()),
        QuarantineInput(
            "crescentreport-download.html.gz", "truncated_gzip", truncated_gzip(html_to_truncate)
        ),
        QuarantineInput("shamtoday-gallery-placeholder.html", "no_text", MARKUP_WITHOUT_TEXT.encode("utf-8")),
    ]
