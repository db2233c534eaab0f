"""Landing folder → `raw_html` frame.

A landing folder holds one sub-folder per batch (the day the crawler delivered it); every file
with an HTML suffix inside a batch folder is one input, and so is every response record of a
WARC archive there. Input files directly in the landing folder form one more batch,
`landing-root`, rather than being ignored. Nothing here raises on a bad file: each input comes
out as one row, with its bytes or with the reason it could not be read (or, for a non-HTML WARC
record, why it is skipped).
"""

import hashlib
import os
import stat
import zlib
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from etl.ingest.warc import WARC_SUFFIXES, is_warc, read_warc_records

HTML_SUFFIXES = (".html", ".htm", ".html.gz", ".htm.gz")
INPUT_SUFFIXES = HTML_SUFFIXES + WARC_SUFFIXES
# A news page is rarely above 2 MB; these bounds keep one hostile file from exhausting memory.
MAX_FILE_BYTES = 32 * 1024 * 1024
MAX_DECODED_BYTES = 32 * 1024 * 1024
_READ_CHUNK = 1024 * 1024

# The batch of the input files that lie directly in the landing folder, outside any batch folder.
ROOT_BATCH = "landing-root"

FRAME_CHUNK_ROWS = 256
READ_THREADS = 4
READS_AHEAD = 32
RAW_HTML_SCHEMA = {
    "input_id": pl.Utf8,
    "batch_id": pl.Utf8,
    "source_path": pl.Utf8,
    "size_bytes": pl.Int64,
    "content": pl.Binary,
    "ingest_error": pl.Utf8,
    "duplicate_of": pl.Utf8,
    "url": pl.Utf8,
    "http_charset": pl.Utf8,
    "skip_reason": pl.Utf8,
}


@dataclass(frozen=True, slots=True)
class LandingInput:
    batch_id: str
    source_path: str  # relative to the landing folder, with "/" separators
    path: Path


class UnreadableInput(Exception):
    """An input whose bytes cannot be had within the bounds; the message is the recorded reason."""


def _is_input_file(path: Path) -> bool:
    return path.name.lower().endswith(INPUT_SUFFIXES)


def name_as_text(name: str) -> str:
    """A file name as valid UTF-8 text: bytes that are not UTF-8 become \\xNN escapes.

    POSIX names are bytes; Python hands undecodable ones over as lone surrogates, which
    polars and DuckDB refuse, so one odd name would otherwise fail the whole batch.
    """
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _batch_dirs(landing_dir: Path) -> list[Path]:
    return sorted(p for p in Path(landing_dir).iterdir() if p.is_dir() and not p.is_symlink())


def _is_input(path: Path) -> bool:
    """Anything with an input suffix that is not a directory, FIFOs and sockets included, so
    that it is accounted for (as unreadable) rather than silently skipped."""
    return _is_input_file(path) and (path.is_symlink() or not path.is_dir())


def _root_inputs(landing_dir: Path) -> list[Path]:
    return sorted(path for path in Path(landing_dir).iterdir() if _is_input(path))


def list_landing_inputs(landing_dir: Path, batches: Iterable[str] | None = None) -> list[LandingInput]:
    """Every input of the chosen batches (all batches when None), in a stable order: each batch
    folder's files, then those directly in the landing folder (batch ROOT_BATCH)."""
    landing_dir = Path(landing_dir)
    wanted = set(batches) if batches is not None else None
    inputs: list[LandingInput] = []
    for batch_dir in _batch_dirs(landing_dir):
        batch_id = name_as_text(batch_dir.name)
        if wanted is not None and batch_id not in wanted:
            continue
        for path in sorted(batch_dir.rglob("*")):
            if _is_input(path):
                relative = name_as_text(path.relative_to(landing_dir).as_posix())
                inputs.append(LandingInput(batch_id, relative, path))
    if wanted is None or ROOT_BATCH in wanted:
        inputs.extend(
            LandingInput(ROOT_BATCH, name_as_text(path.name), path) for path in _root_inputs(landing_dir)
        )
    return inputs


def list_batches(landing_dir: Path) -> list[str]:
    """The batch folders' names, and ROOT_BATCH when input files lie directly in the folder."""
    batches = [name_as_text(p.name) for p in _batch_dirs(landing_dir)]
    if _root_inputs(landing_dir) and ROOT_BATCH not in batches:
        batches.append(ROOT_BATCH)
    return sorted(batches)


def batch_bytes(landing_dir: Path, batch: str) -> int:
    """The bytes the batch's inputs hold once read: what a run keeps in memory. A gzipped page
    counts its decompressed size (from its trailer), up to the decompression cap: a page
    compresses about fivefold, so sizes on disk would put five times the pages in one run."""
    return sum(_read_size(item.path) for item in list_landing_inputs(landing_dir, [batch]))


def _read_size(path: Path) -> int:
    on_disk = _size_or_zero(path)
    name = path.name.lower()
    # A WARC archive holds many gzip members (the trailer names only the last) and is read
    # record by record, so its size on disk stands.
    if not name.endswith(".gz") or name.endswith(".warc.gz") or on_disk < GZIP_TRAILER_BYTES:
        return on_disk
    try:
        with path.open("rb") as handle:
            handle.seek(-GZIP_TRAILER_BYTES, 2)
            decompressed = int.from_bytes(handle.read(GZIP_TRAILER_BYTES), "little")
    except OSError:
        return on_disk
    return max(on_disk, min(decompressed, MAX_DECODED_BYTES))


def read_input_bytes(path: Path, landing_dir: Path | None = None) -> bytes:
    """The (decompressed) bytes of one input; raises UnreadableInput with the reason.

    With `landing_dir`, the input's real location (all symlinks followed) must lie inside it.
    """
    if landing_dir is not None:
        _check_inside(path, Path(landing_dir))
    raw = _read_regular_file(path)
    if path.name.lower().endswith(".gz"):
        return _gunzip_bounded(raw)
    return raw


def _check_inside(path: Path, landing_dir: Path) -> None:
    try:
        resolved = path.resolve()
    # Python 3.11 reports a symlink loop as RuntimeError, later versions as OSError.
    except (RuntimeError, OSError) as error:
        raise UnreadableInput("symlink loop") from error
    if not resolved.is_relative_to(landing_dir.resolve()):
        raise UnreadableInput("symlink pointing outside the landing folder")


def _read_regular_file(path: Path) -> bytes:
    """Read at most one byte past MAX_FILE_BYTES, and only from a regular file.

    O_NONBLOCK because opening a FIFO for reading otherwise waits for a writer forever; the
    bounded read because a file may grow between the size check and the read.
    """
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise UnreadableInput("not a regular file")
        if status.st_size > MAX_FILE_BYTES:
            raise UnreadableInput(f"file too large: {status.st_size} bytes > cap {MAX_FILE_BYTES}")
        raw = _read_at_most(descriptor, MAX_FILE_BYTES + 1)
    finally:
        os.close(descriptor)
    if len(raw) > MAX_FILE_BYTES:
        raise UnreadableInput(f"file too large: grew past the cap of {MAX_FILE_BYTES} bytes while read")
    return raw


def _read_at_most(descriptor: int, limit: int) -> bytes:
    parts: list[bytes] = []
    remaining = limit
    while remaining > 0:
        chunk = os.read(descriptor, min(_READ_CHUNK, remaining))
        if not chunk:
            break
        parts.append(chunk)
        remaining -= len(chunk)
    return b"".join(parts)


def _gunzip_bounded(raw: bytes) -> bytes:
    """Decompress with a cap on the output, so a gzip bomb stops at MAX_DECODED_BYTES.

    Every member of a multi-member file (`cat a.gz b.gz`, which gzip itself reads whole) is
    decompressed, under one cap for them all: nothing after the first member is dropped unread.
    """
    parts: list[bytes] = []
    pending = _gunzip_member(raw, parts, MAX_DECODED_BYTES)
    # Zero padding after the last member (block-padded copies) is not another member; gzip skips it too.
    while pending.strip(b"\0"):
        pending = _gunzip_member(pending, parts, MAX_DECODED_BYTES - sum(len(part) for part in parts))
    return b"".join(parts)


def _gunzip_member(raw: bytes, parts: list[bytes], budget: int) -> bytes:
    """Append one gzip member's output to `parts`; return the bytes after the member."""
    decompressor = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    pending = raw
    try:
        while True:
            data = decompressor.decompress(pending, _READ_CHUNK)
            budget -= len(data)
            if budget < 0:
                raise UnreadableInput(f"gzip expands past the cap of {MAX_DECODED_BYTES} bytes")
            parts.append(data)
            pending = decompressor.unconsumed_tail
            if decompressor.eof or (not pending and not data):
                break
    except zlib.error as error:
        raise UnreadableInput(f"corrupt gzip: {error}") from error
    if not decompressor.eof:
        raise UnreadableInput("truncated gzip: stream ends before its end marker")
    return decompressor.unused_data


@dataclass(frozen=True, slots=True)
class _ReadInput:
    """One input as read: a file, or one record of a WARC archive."""

    source_path: str
    content: bytes | None
    error: str | None
    size_bytes: int
    url: str | None = None
    http_charset: str | None = None
    skip_reason: str | None = None
    # Hashed where the input is read, so a file's hash is taken in its reader thread (sha256
    # releases the GIL) instead of in the one thread that builds the frame.
    input_id: str = field(init=False)

    def __post_init__(self) -> None:
        digest_source = self.content if self.content is not None else self.source_path.encode()
        object.__setattr__(self, "input_id", hashlib.sha256(digest_source).hexdigest())


def _read_file(item: LandingInput, landing_dir: Path) -> _ReadInput:
    try:
        content = read_input_bytes(item.path, landing_dir)
    except UnreadableInput as problem:
        return _ReadInput(item.source_path, None, str(problem), _size_or_zero(item.path))
    except OSError as problem:
        reason = f"unreadable file: {problem.strerror or problem}"
        return _ReadInput(item.source_path, None, reason, _size_or_zero(item.path))
    return _ReadInput(item.source_path, content, None, len(content))


def _read_archive(item: LandingInput, landing_dir: Path) -> Iterable[_ReadInput]:
    try:
        _check_inside(item.path, landing_dir)
        if not stat.S_ISREG(item.path.stat().st_mode):
            raise UnreadableInput("not a regular file")
    except UnreadableInput as problem:
        yield _ReadInput(item.source_path, None, str(problem), _size_or_zero(item.path))
        return
    except OSError as problem:
        reason = f"unreadable file: {problem.strerror or problem}"
        yield _ReadInput(item.source_path, None, reason, _size_or_zero(item.path))
        return
    for record in read_warc_records(item.path, MAX_DECODED_BYTES):
        yield _ReadInput(
            source_path=f"{item.source_path}@{record.offset}",
            content=record.content,
            error=record.error,
            size_bytes=len(record.content or b""),
            url=record.url,
            http_charset=record.http_charset,
            skip_reason=record.skip_reason,
        )


def _read_all(inputs: Iterable[LandingInput], landing_dir: Path) -> Iterator[tuple[str, _ReadInput]]:
    """Every input read, in order. Files are read by a few threads (reads and gunzip release the
    GIL), so a cold disk's latency overlaps instead of adding up; a WARC archive streams alone."""
    with ThreadPoolExecutor(max_workers=READ_THREADS) as pool:
        pending: deque[tuple[str, Future[_ReadInput]]] = deque()
        for item in inputs:
            if is_warc(item.path):
                while pending:
                    batch_id, future = pending.popleft()
                    yield batch_id, future.result()
                for read in _read_archive(item, landing_dir):
                    yield item.batch_id, read
                continue
            pending.append((item.batch_id, pool.submit(_read_file, item, landing_dir)))
            if len(pending) > READS_AHEAD:
                batch_id, future = pending.popleft()
                yield batch_id, future.result()
        while pending:
            batch_id, future = pending.popleft()
            yield batch_id, future.result()


def read_landing_inputs(inputs: Iterable[LandingInput], landing_dir: Path) -> pl.DataFrame:
    """One row per input: its content hash and bytes, or the reason it could not be read.

    `duplicate_of` names the first input of this read with the same bytes, so identical files
    under two names become one article and a recorded skip. A WARC record's input is named
    `<archive path>@<record offset>`.
    """
    rows: list[dict[str, object]] = []
    # Rows become frame chunks every FRAME_CHUNK_ROWS, so the pages exist twice (Python bytes
    # and Arrow buffer) only for one chunk, not for the whole run.
    chunks: list[pl.DataFrame] = []
    first_path_by_hash: dict[str, str] = {}
    for batch_id, read in _read_all(inputs, Path(landing_dir)):
        if len(rows) == FRAME_CHUNK_ROWS:
            chunks.append(pl.DataFrame(rows, schema=RAW_HTML_SCHEMA))
            rows = []
        input_id = read.input_id
        duplicate_of = None
        if read.content is not None:
            duplicate_of = first_path_by_hash.setdefault(input_id, read.source_path)
            if duplicate_of == read.source_path:
                duplicate_of = None
        rows.append(
            {
                "input_id": input_id,
                "batch_id": batch_id,
                "source_path": read.source_path,
                "size_bytes": read.size_bytes,
                "content": read.content,
                "ingest_error": read.error,
                "duplicate_of": duplicate_of,
                "url": read.url,
                "http_charset": read.http_charset,
                "skip_reason": read.skip_reason,
            }
        )
    chunks.append(pl.DataFrame(rows, schema=RAW_HTML_SCHEMA))
    return pl.concat(chunks, rechunk=False)


# ISIZE, the last field of a gzip member: the uncompressed length modulo 2**32 (RFC 1952).
GZIP_TRAILER_BYTES = 4


def _size_or_zero(path: Path) -> int:
    try:
        return path.lstat().st_size
    except OSError:
        return 0
