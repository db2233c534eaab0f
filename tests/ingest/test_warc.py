"""WARC archives as landing inputs: written here with warcio, read by the real pipeline."""

import io
from pathlib import Path

import duckdb
import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from etl.ingest import list_landing_inputs, read_landing_inputs
from etl.runs import run_pipeline
from etl.settings import RunTargets

ARABIC_PARAGRAPHS = [
    "أعلن المبعوث الأممي ستيفان دي ميستورا أن جولة جديدة من المحادثات ستبدأ في جنيف الأسبوع المقبل.",
    "وقال دي ميستورا إن وفدي الحكومة والمعارضة أكدا مشاركتهما في المحادثات التي ترعاها الأمم المتحدة.",
    "وأضاف أن روسيا وتركيا وإيران تعمل على تثبيت مناطق خفض التصعيد في سوريا قبل انطلاق الجولة.",
]
ENGLISH_PARAGRAPHS = [
    "BEIRUT (Reuters) - Russia and Turkey agreed on Tuesday to extend the ceasefire in northern Syria.",
    "Russian Foreign Minister Sergey Lavrov said the deal would hold while the Astana talks continue.",
    "Turkish officials said the agreement covered Idlib province and parts of the Aleppo countryside.",
]


def _page(title: str, paragraphs: list[str], lang: str) -> str:
    body = "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
    return (
        f'<html lang="{lang}"><head><title>{title}</title>'
        '<meta property="article:published_time" content="2017-07-04T09:00:00Z"></head>'
        f"<body><article><h1>{title}</h1>{body}</article></body></html>"
    )


def _response(writer: WARCWriter, url: str, content_type: str, payload: bytes) -> None:
    headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
    writer.write_record(
        writer.create_warc_record(url, "response", payload=io.BytesIO(payload), http_headers=headers)
    )


def _write_archive(path: Path, truncate: bool) -> None:
    """An Arabic page in windows-1256 declared only by the HTTP header, an English page, a PNG,
    a request record, and (when asked) a last page cut off mid-record."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=path.name.endswith(".gz"))
    arabic = _page("محادثات جنيف", ARABIC_PARAGRAPHS, "ar").encode("cp1256")
    _response(writer, "https://news.example/ar/geneva", "text/html; charset=windows-1256", arabic)
    _response(writer, "https://news.example/en/ceasefire", "text/html; charset=utf-8",
              _page("Ceasefire extended", ENGLISH_PARAGRAPHS, "en").encode())  # fmt: skip
    _response(writer, "https://news.example/logo.png", "image/png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    writer.write_record(writer.create_warc_record("https://news.example/en/ceasefire", "request"))
    _response(
        writer, "https://news.example/en/late", "text/html", _page("Late", ENGLISH_PARAGRAPHS, "en").encode()
    )
    data = buffer.getvalue()
    if truncate:
        data = data[:-120]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_warc_records_become_inputs(tmp_path: Path, name: str) -> None:
    _write_archive(tmp_path / "2017-07-05" / name, truncate=False)

    frame = read_landing_inputs(list_landing_inputs(tmp_path), tmp_path)

    rows = frame.select("url", "http_charset", "skip_reason", "ingest_error").rows()
    assert rows == [
        ("https://news.example/ar/geneva", "windows-1256", None, None),
        ("https://news.example/en/ceasefire", "utf-8", None, None),
        ("https://news.example/logo.png", None, "not HTML (image/png)", None),
        ("https://news.example/en/late", None, None, None),
    ]
    assert all(path.startswith(f"2017-07-05/{name}@") for path in frame["source_path"])
    assert frame["source_path"].n_unique() == 4


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_truncated_record_is_quarantined(tmp_path: Path, name: str) -> None:
    _write_archive(tmp_path / "2017-07-05" / name, truncate=True)

    frame = read_landing_inputs(list_landing_inputs(tmp_path), tmp_path)

    assert frame["url"].to_list()[:3] == [
        "https://news.example/ar/geneva",
        "https://news.example/en/ceasefire",
        "https://news.example/logo.png",
    ]
    assert frame.height == 4
    last = frame.row(-1, named=True)
    assert last["content"] is None
    assert last["ingest_error"].startswith("truncated WARC")


def test_warc_through_the_pipeline(tmp_path: Path) -> None:
    landing = tmp_path / "landing"
    _write_archive(landing / "2017-07-05" / "crawl.warc.gz", truncate=True)
    targets = RunTargets(landing, tmp_path / "wh" / "news.duckdb")

    outcome = run_pipeline(targets)

    assert outcome.success, outcome.failed
    with duckdb.connect(str(targets.warehouse_path), read_only=True) as connection:
        outcomes = connection.execute(
            "SELECT outcome, count(*) FROM ingest_log GROUP BY 1 ORDER BY 1"
        ).fetchall()
        articles = connection.execute(
            "SELECT url, language, title, body FROM fact_article ORDER BY url"
        ).fetchall()
        actors = connection.execute("SELECT DISTINCT actor_id FROM fact_mention ORDER BY 1").fetchall()
    assert outcomes == [("loaded", 2), ("quarantined", 1), ("skipped_non_html", 1)]
    assert [(url, language, title) for url, language, title, _ in articles] == [
        ("https://news.example/ar/geneva", "ar", "محادثات جنيف"),
        ("https://news.example/en/ceasefire", "en", "Ceasefire extended"),
    ]
    assert ARABIC_PARAGRAPHS[0] in articles[0][3]
    assert ("staffan-de-mistura",) in actors and ("sergey-lavrov",) in actors
