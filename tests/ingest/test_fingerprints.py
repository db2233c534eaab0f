"""Batch fingerprints: the same files give the same digest; a file added, rewritten or removed
changes its own batch's digest and no other."""

import os
from pathlib import Path

from etl.ingest import ROOT_BATCH, list_batches
from etl.ingest.fingerprints import batch_fingerprints, changed_batches
from etl.settings import SAMPLE_LANDING_DIR


def _landing(tmp_path: Path) -> Path:
    landing = tmp_path / "landing"
    for batch, names in {"a": ["1.html", "sub/2.html.gz"], "b": ["3.html"]}.items():
        for name in names:
            (landing / batch / name).parent.mkdir(parents=True, exist_ok=True)
            (landing / batch / name).write_bytes(f"<p>{name}</p>".encode())
    (landing / "root.htm").write_bytes(b"<p>root</p>")
    (landing / "b" / "notes.txt").write_text("not an input")
    return landing


def test_each_change_moves_only_its_batch(tmp_path: Path) -> None:
    landing = _landing(tmp_path)
    before = batch_fingerprints(landing)
    assert sorted(before) == ["a", "b", ROOT_BATCH]
    assert batch_fingerprints(landing) == before

    (landing / "a" / "sub" / "late.html").write_bytes(b"<p>late</p>")
    added = batch_fingerprints(landing)
    assert changed_batches(before, added) == ["a"]

    rewritten = landing / "b" / "3.html"
    rewritten.write_bytes(b"<p>3, corrected</p>")
    assert changed_batches(added, batch_fingerprints(landing)) == ["b"]

    touched = batch_fingerprints(landing)
    os.utime(landing / "root.htm", ns=(1, 1))
    assert changed_batches(touched, batch_fingerprints(landing)) == [ROOT_BATCH]

    (landing / "b" / "notes.txt").write_text("still not an input, whatever it says")
    assert changed_batches(touched, batch_fingerprints(landing)) == [ROOT_BATCH]


def test_unknown_and_gone_batches_are_not_changed(tmp_path: Path) -> None:
    landing = _landing(tmp_path)
    current = batch_fingerprints(landing)
    assert changed_batches({}, current) == []
    assert changed_batches({**current, "gone": "0" * 16}, current) == []


def test_the_batches_are_the_listings() -> None:
    assert sorted(batch_fingerprints(SAMPLE_LANDING_DIR)) == list_batches(SAMPLE_LANDING_DIR)
