"""The committed corpus is exactly what the generator builds, and the generator is deterministic."""

import datetime as dt
from pathlib import Path

from sample_corpus import CORPUS_DIR, EXPECTED_PATH, LANDING_DIR
from sample_corpus.build import crawl_date, write_corpus


def _tree(root: Path) -> dict[str, bytes]:
    """The generated files under root: the generator's own modules and data sit beside them."""
    generated = [root / EXPECTED_PATH.name, *(root / LANDING_DIR.name).rglob("*")]
    return {str(path.relative_to(root)): path.read_bytes() for path in sorted(generated) if path.is_file()}


def test_committed_corpus_equals_a_fresh_build(tmp_path: Path) -> None:
    write_corpus(tmp_path)
    fresh, committed = _tree(tmp_path), _tree(CORPUS_DIR)
    assert sorted(fresh) == sorted(committed)
    changed = [name for name in fresh if fresh[name] != committed[name]]
    assert changed == [], "rerun: uv run python -m sample_corpus.build"


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    write_corpus(tmp_path / "first")
    write_corpus(tmp_path / "second")
    assert _tree(tmp_path / "first") == _tree(tmp_path / "second")


def test_crawler_picks_up_pages_on_the_next_monday_wednesday_or_friday() -> None:
    tuesday = dt.date(2017, 7, 4)
    assert crawl_date(tuesday) == dt.date(2017, 7, 5)
    assert crawl_date(dt.date(2017, 7, 7)) == dt.date(2017, 7, 10)
    for offset in range(7):
        published = tuesday + dt.timedelta(days=offset)
        assert 1 <= (crawl_date(published) - published).days <= 3
