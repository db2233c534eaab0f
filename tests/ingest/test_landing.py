import gzip
import os
from pathlib import Path

import pytest

from etl.ingest import landing
from etl.ingest.landing import ROOT_BATCH, batch_bytes, list_batches, list_landing_inputs, read_landing_inputs

PAGE = b"<html><head><title>t</title></head><body><p>Hello</p></body></html>"


def _write(path: Path, content: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return path


def _outcomes(landing_dir: Path) -> dict[str, tuple[bytes | None, str | None, str | None]]:
    frame = read_landing_inputs(list_landing_inputs(landing_dir), landing_dir)
    return {
        row["source_path"]: (row["content"], row["ingest_error"], row["duplicate_of"])
        for row in frame.iter_rows(named=True)
    }


def test_lists_html_inputs_of_batch_folders_then_of_the_root_in_order(tmp_path: Path) -> None:
    _write(tmp_path / "2017-07-05" / "b.html", PAGE)
    _write(tmp_path / "2017-07-05" / "a.htm", PAGE + b" ")
    _write(tmp_path / "2017-07-04" / "c.html.gz", gzip.compress(PAGE))
    _write(tmp_path / "2017-07-04" / "notes.txt", b"not an input")
    _write(tmp_path / "stray.html", PAGE)

    inputs = list_landing_inputs(tmp_path)

    assert [(i.batch_id, i.source_path) for i in inputs] == [
        ("2017-07-04", "2017-07-04/c.html.gz"),
        ("2017-07-05", "2017-07-05/a.htm"),
        ("2017-07-05", "2017-07-05/b.html"),
        (ROOT_BATCH, "stray.html"),
    ]
    assert [i.source_path for i in list_landing_inputs(tmp_path, batches=["2017-07-05"])] == [
        "2017-07-05/a.htm",
        "2017-07-05/b.html",
    ]
    assert list_batches(tmp_path) == ["2017-07-04", "2017-07-05", ROOT_BATCH]
    assert batch_bytes(tmp_path, ROOT_BATCH) == len(PAGE)


def test_a_landing_folder_of_pages_only_is_one_batch(tmp_path: Path) -> None:
    _write(tmp_path / "a.html", PAGE)
    _write(tmp_path / "b.html.gz", gzip.compress(PAGE + b"b"))
    _write(tmp_path / "readme.txt", b"not an input")

    assert list_batches(tmp_path) == [ROOT_BATCH]
    assert [(i.batch_id, i.source_path) for i in list_landing_inputs(tmp_path, [ROOT_BATCH])] == [
        (ROOT_BATCH, "a.html"),
        (ROOT_BATCH, "b.html.gz"),
    ]


def test_gzip_is_decompressed_and_truncated_gzip_gets_a_reason(tmp_path: Path) -> None:
    compressed = gzip.compress(PAGE * 50)
    _write(tmp_path / "b1" / "whole.html.gz", compressed)
    _write(tmp_path / "b1" / "cut.html.gz", compressed[: len(compressed) // 2])

    outcomes = _outcomes(tmp_path)

    assert outcomes["b1/whole.html.gz"] == (PAGE * 50, None, None)
    content, error, _ = outcomes["b1/cut.html.gz"]
    assert content is None
    assert error is not None and error.startswith("truncated gzip")


def test_gzip_bomb_stops_at_the_cap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(landing, "MAX_DECODED_BYTES", 1_000_000)
    _write(tmp_path / "b1" / "bomb.html.gz", gzip.compress(b"\0" * 5_000_000))

    content, error, _ = _outcomes(tmp_path)["b1/bomb.html.gz"]

    assert content is None
    assert error == "gzip expands past the cap of 1000000 bytes"


def test_not_gzip_at_all_is_a_corrupt_gzip(tmp_path: Path) -> None:
    _write(tmp_path / "b1" / "fake.html.gz", PAGE)

    content, error, _ = _outcomes(tmp_path)["b1/fake.html.gz"]

    assert content is None
    assert error is not None and error.startswith("corrupt gzip")


def test_same_bytes_under_two_names_is_marked_duplicate(tmp_path: Path) -> None:
    _write(tmp_path / "b1" / "one.html", PAGE)
    _write(tmp_path / "b2" / "two.html", PAGE)

    outcomes = _outcomes(tmp_path)

    assert outcomes["b1/one.html"] == (PAGE, None, None)
    assert outcomes["b2/two.html"] == (PAGE, None, "b1/one.html")


def test_symlink_outside_the_landing_folder_is_not_followed(tmp_path: Path) -> None:
    secret = _write(tmp_path / "outside" / "secret.html", PAGE)
    landing_dir = tmp_path / "landing"
    (landing_dir / "b1").mkdir(parents=True)
    os.symlink(secret, landing_dir / "b1" / "link.html")

    content, error, _ = _outcomes(landing_dir)["b1/link.html"]

    assert content is None
    assert error == "symlink pointing outside the landing folder"


def test_file_over_the_size_cap_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(landing, "MAX_FILE_BYTES", 100)
    _write(tmp_path / "b1" / "big.html", PAGE * 10)

    content, error, _ = _outcomes(tmp_path)["b1/big.html"]

    assert content is None
    assert error == f"file too large: {len(PAGE) * 10} bytes > cap 100"


def test_a_gzipped_page_counts_its_decompressed_size_when_runs_are_planned(tmp_path: Path) -> None:
    page = b"<html><body>" + b"<p>The delegations met in Astana.</p>" * 2_000 + b"</body></html>"
    (tmp_path / "b1").mkdir()
    (tmp_path / "b1" / "page.html.gz").write_bytes(gzip.compress(page))

    assert batch_bytes(tmp_path, "b1") == len(page)
