"""Charsets: BOM, HTTP header, <meta charset>, http-equiv, then detection; Arabic code pages
with and without a declaration; undecodable input is reported, never guessed."""

from __future__ import annotations

import codecs

import pytest

from etl.parse import ParseFailure, UndecodableError, decode_html, parse_html

ARABIC_TEXT = (
    "انطلقت أعمال الجولة الخامسة من اجتماعات أستانا بين المعارضة السورية والنظام في "
    "العاصمة الكازاخستانية بعد وصول الوفود المشاركة في الاجتماعات"
)


def page(declaration: str = "") -> str:
    return f"<html><head>{declaration}<title>أستانا</title></head><body><p>{ARABIC_TEXT}</p></body></html>"


@pytest.mark.parametrize("codec", ["cp1256", "iso8859-6"])
def test_arabic_code_page_without_declaration_is_detected(codec: str) -> None:
    text, used = decode_html(page().encode(codec))

    assert used == codec
    assert ARABIC_TEXT in text


@pytest.mark.parametrize(
    ("declaration", "codec"),
    [
        ('<meta charset="windows-1256">', "cp1256"),
        ('<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">', "cp1256"),
        ('<meta charset="ISO-8859-6">', "iso8859-6"),
        ('<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-6">', "iso8859-6"),
    ],
)
def test_arabic_code_page_with_declaration(declaration: str, codec: str) -> None:
    text, used = decode_html(page(declaration).encode(codec))

    assert used == codec
    assert ARABIC_TEXT in text


def test_http_charset_comes_before_the_meta_declaration() -> None:
    raw = page('<meta charset="iso-8859-6">').encode("cp1256")

    assert decode_html(raw, http_charset="windows-1256")[1] == "cp1256"


@pytest.mark.parametrize(
    ("bom", "codec"),
    [(codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le")],
)
def test_byte_order_mark_wins(bom: bytes, codec: str) -> None:
    raw = bom + page('<meta charset="windows-1256">').encode(codec)

    text, used = decode_html(raw)

    assert used == codec
    assert ARABIC_TEXT in text


def test_stale_single_byte_declaration_over_utf8_bytes() -> None:
    text, used = decode_html(page('<meta charset="windows-1256">').encode("utf-8"))

    assert used == "utf-8"
    assert ARABIC_TEXT in text


def test_bytes_that_fit_no_encoding_raise_undecodable() -> None:
    garbage = bytes(range(0x80, 0x100)) * 40

    with pytest.raises(UndecodableError, match="undecodable"):
        decode_html(b"<html><body>" + garbage + b"</body></html>")


def test_undecodable_page_is_quarantined_with_the_reason() -> None:
    garbage = bytes(range(0x80, 0x100)) * 40

    result = parse_html(b"<html><body>" + garbage + b"</body></html>")

    assert isinstance(result, ParseFailure)
    assert result.reason.startswith("undecodable:")
    assert result.stage == "parse"


def test_parsed_article_names_the_charset_used() -> None:
    result = parse_html(page().encode("cp1256"))

    assert not isinstance(result, ParseFailure)
    assert result.charset == "cp1256"
    assert result.body == ARABIC_TEXT
