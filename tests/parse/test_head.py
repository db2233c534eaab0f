"""head_fields on malformed heads: what libxml2's HTML parser makes of them is what we read."""

from __future__ import annotations

from etl.parse.head import head_fields


def test_meta_keys_are_every_naming_attribute_lowercased_in_document_order() -> None:
    head = head_fields(
        "<html><head><meta property=' OG:Title ' content='First'>"
        "<meta name='date' itemprop='datePublished' content='2024-05-04'>"
        "<meta name='og:title' content='Second'><meta name='author'></head><body>"
    )

    assert head.meta == {
        "og:title": ["First", "Second"],
        "date": ["2024-05-04"],
        "datepublished": ["2024-05-04"],
    }


def test_the_first_title_is_read_as_raw_text_with_entities_decoded() -> None:
    head = head_fields("<title> Talks <b>resume</b> &amp; stall </title><title>Second</title>")

    assert head.title == "Talks <b>resume</b> & stall"


def test_a_blank_title_lang_or_canonical_is_none() -> None:
    head = head_fields("<html lang=' '><title>  </title><link rel='canonical' href=' '></head>")

    assert (head.title, head.lang, head.canonical) == (None, None, None)


def test_a_misplaced_second_html_tag_gives_no_lang() -> None:
    assert head_fields("<html><html lang='en'><title>x</title>").lang is None
    assert head_fields("<html lang='ar-SY'><html lang='en'>").lang == "ar-SY"


def test_canonical_is_the_first_link_whose_rel_tokens_name_it() -> None:
    head = head_fields(
        "<link rel='canonicalx' href='/a'><LINK REL='Alternate CANONICAL' HREF=' /b '>"
        "<link rel='canonical' href='/c'>"
    )

    assert head.canonical == "/b"


def test_tags_after_the_body_starts_are_not_head_fields() -> None:
    head = head_fields("<head><title>Head</title></head><body><meta name='author' content='Body'>")

    assert head.meta == {}
