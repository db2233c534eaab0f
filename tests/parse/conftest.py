from __future__ import annotations

from collections.abc import Callable

import pytest

from etl.parse import ParsedArticle

from .support import fixture_bytes, parsed


@pytest.fixture
def parse_fixture() -> Callable[..., ParsedArticle]:
    def parse(name: str, encoding: str = "utf-8", **options: object) -> ParsedArticle:
        return parsed(fixture_bytes(name, encoding), **options)  # type: ignore[arg-type]

    return parse
