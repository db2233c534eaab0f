"""Ingest over landing entries that are not plain files: every one becomes a row with a reason,
none hangs the reader, and nothing outside the landing folder is read."""

import gzip
import os
import threading
from pathlib import Path

import polars as pl
import pytest

from etl.ingest import landing, list_batches, list_landing_inputs, read_landing_inputs
from etl.ingest.landing import name_as_text, read_landing_listing

PAGE = b"<html><body><p>" + b"A page of text. " * 20 + b"</p></body></html>"
READ_TIMEOUT_SECONDS = 10.0


def _read_all(landing_dir: Path, batches: list[str] | None = None) -> pl.DataFrame:
    """read_landing_inputs in a thread, so a reader that blocks fails the test instead of hanging it."""
    frames: list[pl.DataFrame] = []
    reader = threading.Thread(
        target=lambda: frames.append(
            read_landing_inputs(list_landing_inputs(landing_dir, batches), landing_dir)
        ),
        daemon=True,
    )
    reader.start()
    reader.join(READ_TIMEOUT_SECONDS)
    assert frames, f"reading the landing folder took longer than {READ_TIMEOUT_SECONDS} s"
    return frames[0]


def _errors(frame: pl.DataFrame) -> dict[str, str | None]:
    return dict(frame.select("source_path", "ingest_error").iter_rows())


def test_a_fifo_and_a_symlink_to_it_are_refused_without_blocking(tmp_path: Path) -> None:
    batch = tmp_path / "b1"
    batch.mkdir()
    os.mkfifo(batch / "pipe.html")
    os.symlink("pipe.html", batch / "to_pipe.html")

    assert _errors(_read_all(tmp_path)) == {
        "b1/pipe.html": "not a regular file",
        "b1/to_pipe.html": "not a regular file",
    }


def test_a_symlink_loop_is_a_reason_not_an_exception(tmp_path: Path) -> None:
    batch = tmp_path / "b1"
    batch.mkdir()
    os.symlink("b.html", batch / "a.html")
    os.symlink("a.html", batch / "b.html")
    (batch / "ok.html").write_bytes(PAGE)

    assert _errors(_read_all(tmp_path)) == {
        "b1/a.html": "symlink loop",
        "b1/b.html": "symlink loop",
        "b1/ok.html": None,
    }


def test_symlinked_folders_leading_outside_or_back_are_recorded_not_entered(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.html").write_bytes(PAGE)
    landing = tmp_path / "landing"
    (landing / "b1" / "folder.html").mkdir(parents=True)
    os.symlink(outside, landing / "b1" / "linked")
    os.symlink(outside, landing / "linked_batch")
    os.symlink(landing / "b1" / "folder.html", landing / "b1" / "to_folder.html")

    frame = _read_all(landing)

    assert list_batches(landing) == ["b1"]
    assert read_landing_listing(landing).refused == {
        "linked_batch": "it is a symbolic link to a folder outside the landing folder"
    }
    assert _errors(frame) == {
        "b1/linked/": "symbolic link to a folder outside the landing folder",
        "b1/to_folder.html/": "symbolic link to a folder already listed",
    }
    assert frame["content"].to_list() == [None, None]


def test_a_name_that_is_not_utf8_is_kept_with_escapes(tmp_path: Path) -> None:
    batch_name = os.fsdecode(b"b\xe9")
    (tmp_path / batch_name).mkdir()
    (tmp_path / batch_name / os.fsdecode(b"p\xff.html")).write_bytes(PAGE)

    frame = _read_all(tmp_path, batches=[name_as_text(batch_name)])

    assert list_batches(tmp_path) == ["b\\xe9"]
    assert frame.select("batch_id", "source_path", "content").rows() == [
        ("b\\xe9", "b\\xe9/p\\xff.html", PAGE)
    ]


def test_warc_archives_that_are_loops_fifos_or_outside_get_reasons(tmp_path: Path) -> None:
    outside = tmp_path / "outside.warc"
    outside.write_bytes(b"WARC/1.0\r\n")
    batch = tmp_path / "landing" / "b1"
    batch.mkdir(parents=True)
    os.symlink("b.warc", batch / "a.warc")
    os.symlink("a.warc", batch / "b.warc")
    os.mkfifo(batch / "pipe.warc.gz")
    os.symlink(outside, batch / "out.warc")

    assert _errors(_read_all(tmp_path / "landing")) == {
        "b1/a.warc": "symlink loop",
        "b1/b.warc": "symlink loop",
        "b1/out.warc": "symlink pointing outside the landing folder",
        "b1/pipe.warc.gz": "not a regular file",
    }


def test_every_member_of_a_multi_member_gzip_is_read_under_one_cap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    batch = tmp_path / "b1"
    batch.mkdir()
    (batch / "two.html.gz").write_bytes(gzip.compress(PAGE) + gzip.compress(b"<p>second member</p>"))
    (batch / "cut.html.gz").write_bytes(gzip.compress(PAGE) + gzip.compress(PAGE)[:20])
    (batch / "over.html.gz").write_bytes(gzip.compress(b"a" * 600) + gzip.compress(b"b" * 600))
    monkeypatch.setattr(landing, "MAX_DECODED_BYTES", 1000)

    frame = _read_all(tmp_path)

    assert dict(frame.select("source_path", "content").iter_rows())["b1/two.html.gz"] == (
        PAGE + b"<p>second member</p>"
    )
    assert _errors(frame) == {
        "b1/cut.html.gz": "truncated gzip: stream ends before its end marker",
        "b1/over.html.gz": "gzip expands past the cap of 1000 bytes",
        "b1/two.html.gz": None,
    }
