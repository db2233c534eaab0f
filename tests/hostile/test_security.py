"""Parsing resolves no external entity and fetches nothing; SQL values are bound, never spliced;
the CLI answers bad arguments, missing or locked warehouses and unknown names in one line."""

import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from etl import cli
from etl.parse import ParsedArticle, parse_html
from etl.settings import LOCK_WAIT_ENV
from etl.warehouse import database
from etl.warehouse.database import write_transaction
from etl.warehouse.load import load_batches, refresh_marts, table_fingerprints
from etl.warehouse.queries import run_named_query
from tests.hostile.bad_corpus import xxe_page
from tests.warehouse.builders import article, mention, staged

CANARY = "CANARY-7f3c-the-entity-was-resolved"
INJECTION = "iran' OR '1'='1"


class ListeningSocket:
    """A local TCP port that records every connection made to it."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.settimeout(0.2)
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.getsockname()[1]}/entity"

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self.server.accept()
            except TimeoutError:
                continue
            self.connections += 1
            connection.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self.server.close()


@pytest.fixture
def listener() -> Iterator[ListeningSocket]:
    listening = ListeningSocket()
    yield listening
    listening.close()


def test_external_entities_are_neither_read_nor_fetched(
    tmp_path: Path, listener: ListeningSocket, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(CANARY)
    attempts: list[object] = []

    def refuse(self: socket.socket, address: object) -> None:
        attempts.append(address)
        raise OSError("network access during parsing")

    page = xxe_page(file_url=secret.as_uri(), http_url=listener.url)
    monkeypatch.setattr(socket.socket, "connect", refuse)

    parsed = parse_html(page)

    assert isinstance(parsed, ParsedArticle)
    assert "أستانا" in parsed.body
    assert CANARY not in parsed.body and CANARY not in (parsed.title or "")
    assert attempts == []
    # libxml2 would fetch from C, past the monkeypatch; the listener sees that too.
    assert listener.connections == 0


def test_etc_passwd_entity_stays_unexpanded() -> None:
    parsed = parse_html(xxe_page())

    assert isinstance(parsed, ParsedArticle)
    assert "root:" not in parsed.body and "/bin/" not in parsed.body


# ---------------------------------------------------------------------------------------- CLI


@pytest.fixture(scope="module")
def small_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "news.duckdb"
    body = "Iran spoke. Iran again."
    load = staged(
        [article("a1", "2017-07-04", date(2017, 7, 4), body)],
        [mention("a1", "iran", body, "Iran"), mention("a1", "iran", body, "Iran", occurrence=1)],
    )
    with write_transaction(path) as connection:
        load_batches(connection, load, datetime(2017, 7, 5, tzinfo=UTC))
        refresh_marts(connection)
    return path


def _run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "etl.cli", *args], capture_output=True, text=True, timeout=120, check=False
    )


def _answers_in_one_line(result: subprocess.CompletedProcess[str]) -> str:
    """The error line, after checking the exit code and that no traceback was printed."""
    assert result.returncode == cli.USAGE_ERROR, result.stderr
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("newsetl")]
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.mark.parametrize(
    ("args", "phrase"),
    [
        ((), "required: command"),
        (("query", "--format", "xml"), "invalid choice: 'xml'"),
        (("query", "no_such_query"), "unknown query 'no_such_query'"),
        (("query", "../../etc/passwd"), "unknown query '../../etc/passwd'"),
        (("query", "load_summary; DROP TABLE fact_article"), "unknown query"),
        (("query", "mentions_per_actor_per_week", "--param", "nokey"), "expects key=value"),
        (("query", "mentions_per_actor_per_week", "--param", "bogus=1"), "has no parameter bogus"),
        (("query", "mentions_per_actor_per_week", "--param", "limit=abc"), "not a valid INTEGER"),
        (("chart", "nope", "--out", "x.png"), "cannot be charted"),
    ],
)
def test_bad_arguments_and_unknown_names_get_one_line(
    small_warehouse: Path, args: tuple[str, ...], phrase: str
) -> None:
    takes_warehouse = args and args[0] in {"query", "chart"}
    line = _answers_in_one_line(
        _run_cli(*args, *(("--warehouse", str(small_warehouse)) if takes_warehouse else ()))
    )

    assert phrase in line


def test_missing_warehouse_and_landing_get_one_line(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "news.duckdb"

    assert "no warehouse at" in _answers_in_one_line(
        _run_cli("query", "load_summary", "--warehouse", str(missing))
    )
    assert "landing folder not found" in _answers_in_one_line(
        _run_cli("run", "--landing", str(tmp_path / "no-landing"), "--warehouse", str(missing))
    )
    assert not missing.exists()


def test_locked_warehouse_gets_one_line(
    small_warehouse: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys; c = duckdb.connect(sys.argv[1]); print('held', flush=True);"
            " sys.stdin.read()",
            str(small_warehouse),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        monkeypatch.setenv(LOCK_WAIT_ENV, "1")
        exit_code = cli.main(["query", "load_summary", "--warehouse", str(small_warehouse)])
    finally:
        holder.communicate("", timeout=30)

    error = capsys.readouterr().err
    assert exit_code == cli.USAGE_ERROR
    assert error.strip() == f"newsetl: warehouse {small_warehouse} is locked by another process (waited 1 s)"


def test_query_values_are_bound_not_spliced(small_warehouse: Path) -> None:
    with database.read_connection(small_warehouse) as connection:
        before = table_fingerprints(connection)

    honest = _run_cli(
        "query", "mentions_per_actor_per_week", "--param", "actor=iran", "--format", "csv",
        "--warehouse", str(small_warehouse),
    )  # fmt: skip
    injected = _run_cli(
        "query", "mentions_per_actor_per_week", "--param", f"actor={INJECTION}", "--format", "csv",
        "--warehouse", str(small_warehouse),
    )  # fmt: skip

    assert honest.returncode == 0, honest.stderr
    assert len(honest.stdout.splitlines()) == 2 and "iran" in honest.stdout
    # No actor is called that: the CLI says so (an actor is looked up by name, never spliced) ...
    assert injected.returncode == 2 and injected.stdout == ""
    assert injected.stderr.startswith(f"newsetl: unknown actor {INJECTION!r}")
    with database.read_connection(small_warehouse) as connection:
        # ... and the query itself binds the value: no row matches it.
        assert run_named_query(connection, "mentions_per_actor_per_week", {"actor": INJECTION}).is_empty()
        assert table_fingerprints(connection) == before
