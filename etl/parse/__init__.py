"""The parse stage: raw news HTML to one typed article record (or a quarantine reason)."""

from etl.parse.article import parse_html
from etl.parse.charset import UndecodableError, decode_html
from etl.parse.records import PARSER_VERSION, ParsedArticle, ParseFailure

__all__ = [
    "PARSER_VERSION",
    "ParseFailure",
    "ParsedArticle",
    "UndecodableError",
    "decode_html",
    "parse_html",
]
