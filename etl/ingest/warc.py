"""WARC archives (`.warc`, `.warc.gz`) as ingest inputs: one input per response record.

warcio does the parsing (gzip members, chunked and compressed HTTP payloads). Only `response`
records are inputs; a response whose payload is not HTML is skipped with its content type, and a
record cut short (a `WARC-Truncated` header, or an archive that ends inside a record) is
quarantined: nothing in an archive disappears silently.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

WARC_SUFFIXES = (".warc", ".warc.gz")
HTML_CONTENT_TYPES = ("text/html", "application/xhtml+xml")
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class WarcRecordInput:
    """One response record: its place in the archive, URL, HTTP charset, and payload or problem."""

    offset: int
    url: str | None
    http_charset: str | None
    content: bytes | None
    skip_reason: str | None = None
    error: str | None = None


def is_warc(path: Path) -> bool:
    return path.name.lower().endswith(WARC_SUFFIXES)


def http_charset_of(content_type: str | None) -> str | None:
    match = _CHARSET.search(content_type or "")
    return match.group(1).lower() if match else None


def _is_html(content_type: str | None) -> bool:
    media_type = (content_type or "").split(";", 1)[0].strip().lower()
    return media_type in HTML_CONTENT_TYPES or media_type == ""


def _payload(record: object, max_bytes: int) -> bytes:
    payload = record.content_stream().read(max_bytes + 1)
    if len(payload) > max_bytes:
        raise ValueError(f"payload larger than the cap of {max_bytes} bytes")
    return payload


def read_warc_records(stream: BinaryIO, size: int, max_payload_bytes: int) -> Iterator[WarcRecordInput]:
    """Every response record of the archive open in `stream` (`size` bytes long), in order; never
    raises on a damaged archive. The caller opens it, so the file checked is the file read."""
    with stream:
        records = ArchiveIterator(stream)
        try:
            for record in records:
                if record.rec_type != "response":
                    continue
                found = _record_input(record, max_payload_bytes)
                # Asked only after the payload is read: asking reads the rest of the record.
                yield replace(found, offset=records.get_record_offset())
        except (ArchiveLoadFailed, OSError, EOFError, ValueError) as problem:
            yield WarcRecordInput(records.offset, None, None, None, error=f"damaged WARC archive: {problem}")
            return
        # warcio ends quietly at a record cut short; bytes left after the last whole record say so.
        if records.offset < size:
            yield WarcRecordInput(
                records.offset,
                None,
                None,
                None,
                error=f"truncated WARC archive: {size - records.offset} bytes after the last whole record",
            )


def _record_input(record: object, max_payload_bytes: int) -> WarcRecordInput:
    url = record.rec_headers.get_header("WARC-Target-URI")
    content_type = record.http_headers.get_header("Content-Type") if record.http_headers else None
    charset = http_charset_of(content_type)
    if not _is_html(content_type):
        return WarcRecordInput(0, url, charset, None, skip_reason=f"not HTML ({content_type})")
    truncated = record.rec_headers.get_header("WARC-Truncated")
    if truncated:
        return WarcRecordInput(0, url, charset, None, error=f"truncated WARC record ({truncated})")
    try:
        content = _payload(record, max_payload_bytes)
    except (ValueError, OSError, EOFError) as problem:
        return WarcRecordInput(0, url, charset, None, error=f"unreadable WARC record: {problem}")
    # warcio reads a record's block through a reader limited to its Content-Length; what is left
    # of that limit after the payload is read is what the archive lacks.
    missing = getattr(record.raw_stream, "limit", 0)
    if missing:
        return WarcRecordInput(0, url, charset, None, error=f"truncated WARC record: {missing} bytes missing")
    return WarcRecordInput(0, url, charset, content)
