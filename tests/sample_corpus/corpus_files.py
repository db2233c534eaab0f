"""Reading the committed sample corpus the way the tests need it."""

import gzip
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from sample_corpus import EXPECTED_PATH, LANDING_DIR

REPO_ROOT = Path(__file__).resolve().parents[2]


@cache
def expected_pages() -> list[dict[str, Any]]:
    return yaml.safe_load(EXPECTED_PATH.read_text(encoding="utf-8"))["pages"]


def loaded_pages() -> list[dict[str, Any]]:
    return [page for page in expected_pages() if page["outcome"] == "loaded"]


def landing_bytes(entry: dict[str, Any]) -> bytes:
    return (LANDING_DIR / entry["path"]).read_bytes()


def page_html(entry: dict[str, Any]) -> str:
    """The page as text, decoded with what expected.yaml says about its bytes."""
    data = landing_bytes(entry)
    if entry["gzipped"]:
        data = gzip.decompress(data)
    return data.decode("cp1256" if entry["encoding"] == "windows-1256" else "utf-8")
