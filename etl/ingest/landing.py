"""Landing folder → `raw_html` frame.

A landing folder holds one sub-folder per batch (the day the crawler delivered it); every file
with an HTML suffix inside a batch folder is one input, and so is every response record of a
WARC archive there. Input files directly in the landing folder form one more batch,
`landing-root`, rather than being ignored. Nothing here raises on a bad file: each input comes
out as one row, with its bytes or with the reason it could not be read (or, for a non-HTML WARC
record, why it is skipped).
"""

import errno
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

from etl.ingest.batch_names import batch_name_problem
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
    # Why the listing could not look inside (a sub-folder it may not read): the input's reason.
    listing_error: str | None = None


class UnreadableInput(Exception):
    """An input whose bytes cannot be had within the bounds; the message is the recorded reason."""


def _is_input_file(path: Path) -> bool:
    return path.name.lower().endswith(INPUT_SUFFIXES)


def name_as_text(name: str) -> str:
    """A file name as valid UTF-8 text: bytes that are not UTF-8 become \\xNN escapes, and so
    does a backslash (\\x5c).

    POSIX names are bytes; Python hands undecodable ones over as lone surrogates, which
    polars and DuckDB refuse, so one odd name would otherwise fail the whole batch. Escaping the
    backslash keeps the mapping reversible: a name spelled `\\xff` and one holding the byte 0xff
    stay two inputs instead of colliding on one source_path.
    """
    raw = name.encode("utf-8", "surrogateescape").replace(b"\\", b"\\x5c")
    return raw.decode("utf-8", "backslashreplace")


@dataclass(frozen=True, slots=True)
class LandingListing:
    """What the landing folder holds: the batch folders that can be loaded, by batch name; the
    ones refused, by name, with the reason; and the input files directly in it."""

    batch_dirs: dict[str, Path]
    refused: dict[str, str]
    root_inputs: list[Path]

    @property
    def batches(self) -> list[str]:
        """The loadable batches: the batch folders, and ROOT_BATCH when input files lie directly
        in the landing folder."""
        batches = list(self.batch_dirs)
        if self.root_inputs and ROOT_BATCH not in batches:
            batches.append(ROOT_BATCH)
        return sorted(batches)


def read_landing_listing(landing_dir: Path, batches: Iterable[str] | None = None) -> LandingListing:
    """The landing folder's batch folders (only those named in `batches`, when given) and root
    inputs. A batch folder is refused (never skipped in silence) when its name cannot be a batch,
    when it cannot be read, or when it is a symbolic link to a folder outside the landing folder.
    Raises OSError only when the landing folder itself cannot be read."""
    landing_dir = Path(landing_dir)
    wanted = set(batches) if batches is not None else None
    landing_real = landing_dir.resolve()
    batch_dirs: dict[str, Path] = {}
    refused: dict[str, str] = {}
    root_inputs: list[Path] = []
    for entry in _sorted_entries(landing_dir):
        path = Path(entry.path)
        name = name_as_text(entry.name)
        try:
            is_folder = entry.is_dir()
        except OSError as problem:
            if _is_input_file(path):
                root_inputs.append(path)
            elif not entry.is_symlink():
                refused[name] = f"it could not be examined: {problem.strerror or problem}"
            continue
        if not is_folder:
            if _is_input_file(path):
                root_inputs.append(path)
            continue
        if wanted is not None and name not in wanted:
            continue
        problem = batch_name_problem(name) or _folder_problem(path, landing_real, entry.is_symlink())
        if problem is None:
            batch_dirs[name] = path
        else:
            refused[name] = problem
    return LandingListing(batch_dirs, refused, root_inputs)


def _sorted_entries(folder: Path) -> list[os.DirEntry[str]]:
    with os.scandir(folder) as listing:
        return sorted(listing, key=lambda entry: entry.name)


def _folder_problem(folder: Path, landing_real: Path, is_link: bool) -> str | None:
    """Why a batch folder cannot be listed, or None."""
    if is_link and not folder.resolve().is_relative_to(landing_real):
        return "it is a symbolic link to a folder outside the landing folder"
    try:
        with os.scandir(folder):
            return None
    except OSError as problem:
        return f"it could not be read: {problem.strerror or problem}"


def _folder_inputs(
    folder: Path, landing_dir: Path, landing_real: Path, batch_id: str, listed: set[Path]
) -> Iterator[LandingInput]:
    """Every input under `folder`, in name order. A sub-folder that cannot be read, or a linked
    one that leads outside the landing folder or back into a folder already listed, is one input
    whose listing_error says why, so it is quarantined rather than missing."""
    listed.add(folder.resolve())
    try:
        entries = _sorted_entries(folder)
    except OSError as problem:
        reason = f"folder could not be read: {problem.strerror or problem}"
        yield LandingInput(batch_id, _source_path(folder, landing_dir) + "/", folder, reason)
        return
    for entry in entries:
        path = Path(entry.path)
        try:
            is_folder = entry.is_dir()
        except OSError as problem:
            # A link whose target cannot be had (a loop) is an input only if named as one; the
            # read then records why. Anything else the listing cannot examine is recorded here.
            if _is_input_file(path):
                yield LandingInput(batch_id, _source_path(path, landing_dir), path)
            elif not entry.is_symlink():
                reason = f"could not be examined: {problem.strerror or problem}"
                yield LandingInput(batch_id, _source_path(path, landing_dir), path, reason)
            continue
        if not is_folder:
            if _is_input_file(path):
                yield LandingInput(batch_id, _source_path(path, landing_dir), path)
            continue
        target = path.resolve()
        reason = None
        if entry.is_symlink() and not target.is_relative_to(landing_real):
            reason = "symbolic link to a folder outside the landing folder"
        elif target in listed:
            reason = "symbolic link to a folder already listed"
        if reason is None:
            yield from _folder_inputs(path, landing_dir, landing_real, batch_id, listed)
        else:
            yield LandingInput(batch_id, _source_path(path, landing_dir) + "/", path, reason)


def _source_path(path: Path, landing_dir: Path) -> str:
    return name_as_text(path.relative_to(landing_dir).as_posix())


def list_landing_inputs(landing_dir: Path, batches: Iterable[str] | None = None) -> list[LandingInput]:
    """Every input of the chosen batches (all loadable batches when None), in a stable order:
    each batch folder's files, then those directly in the landing folder (batch ROOT_BATCH)."""
    landing_dir = Path(landing_dir)
    landing_real = landing_dir.resolve()
    wanted = set(batches) if batches is not None else None
    listing = read_landing_listing(landing_dir, wanted)
    inputs: list[LandingInput] = []
    for batch_id, batch_dir in listing.batch_dirs.items():
        inputs.extend(_folder_inputs(batch_dir, landing_dir, landing_real, batch_id, set()))
    if wanted is None or ROOT_BATCH in wanted:
        inputs.extend(LandingInput(ROOT_BATCH, name_as_text(path.name), path) for path in listing.root_inputs)
    return inputs


def list_batches(landing_dir: Path) -> list[str]:
    """The loadable batch folders' names, and ROOT_BATCH when input files lie directly in the
    folder; `read_landing_listing` also says which folders are refused, and why."""
    return read_landing_listing(landing_dir).batches


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

    With `landing_dir`, the file opened (all symlinks followed) must lie inside it.
    """
    descriptor = open_input(path, landing_dir)
    try:
        raw = _read_regular_file(descriptor)
    finally:
        os.close(descriptor)
    if path.name.lower().endswith(".gz"):
        return _gunzip_bounded(raw)
    return raw


def open_input(path: Path, landing_dir: Path | None) -> int:
    """A descriptor open for reading on the regular file at `path`; with `landing_dir`, checked
    to lie inside it.

    The check is on what was opened, not on the name: a link swapped between a check by name and
    the open would otherwise let an outside file in. The name is checked first too, so a link to
    an outside device is never opened (opening some devices acts on them). O_NONBLOCK because
    opening a FIFO for reading otherwise waits for a writer forever.
    """
    landing_real = landing_dir.resolve() if landing_dir is not None else None
    if landing_real is not None:
        _check_inside(_real_path(path), landing_real)
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise UnreadableInput("symlink loop") from error
        raise
    try:
        if landing_real is not None:
            _check_inside(_opened_path(descriptor, path), landing_real)
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise UnreadableInput("not a regular file")
    except BaseException:
        os.close(descriptor)
        raise
    return descriptor


def _opened_path(descriptor: int, path: Path) -> Path:
    """Where the open file really is: from /proc, or, without /proc, the path the name resolves
    to now, if that is the very file opened (same device and inode)."""
    try:
        return Path(os.readlink(f"/proc/self/fd/{descriptor}"))
    except OSError:
        resolved = _real_path(path)
        opened, named = os.fstat(descriptor), os.stat(resolved)
        if (opened.st_dev, opened.st_ino) != (named.st_dev, named.st_ino):
            raise UnreadableInput("file changed while opened (a swapped symlink)") from None
        return resolved


def _real_path(path: Path) -> Path:
    try:
        return path.resolve()
    # Python 3.11 reports a symlink loop as RuntimeError, later versions as OSError.
    except (RuntimeError, OSError) as error:
        raise UnreadableInput("symlink loop") from error


def _check_inside(real_path: Path, landing_real: Path) -> None:
    if not real_path.is_relative_to(landing_real):
        raise UnreadableInput("symlink pointing outside the landing folder")


def _read_regular_file(descriptor: int) -> bytes:
    """Read at most one byte past MAX_FILE_BYTES: a file may grow between the size check and
    the read."""
    size = os.fstat(descriptor).st_size
    if size > MAX_FILE_BYTES:
        raise UnreadableInput(f"file too large: {size} bytes > cap {MAX_FILE_BYTES}")
    raw = _read_at_most(descriptor, MAX_FILE_BYTES + 1)
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
    if item.listing_error is not None:
        return _ReadInput(item.source_path, None, item.listing_error, 0)
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
        descriptor = open_input(item.path, landing_dir)
    except UnreadableInput as problem:
        yield _ReadInput(item.source_path, None, str(problem), _size_or_zero(item.path))
        return
    except OSError as problem:
        reason = f"unreadable file: {problem.strerror or problem}"
        yield _ReadInput(item.source_path, None, reason, _size_or_zero(item.path))
        return
    size = os.fstat(descriptor).st_size
    for record in read_warc_records(os.fdopen(descriptor, "rb"), size, MAX_DECODED_BYTES):
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
            if is_warc(item.path) and item.listing_error is None:
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
