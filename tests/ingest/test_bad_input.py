"""Bad input is recorded as failed with a reason a user can act on; the batch always goes on."""

from __future__ import annotations

import json
import os
import re
import tempfile
import time
import tracemalloc
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from typer.testing import CliRunner

from dateline.cli import app, ingest_items
from dateline.errors import ExtractError
from dateline.ingest import iter_inputs
from dateline.model import Article, Document, Failure
from dateline.settings import Settings
from dateline.store import connect, count_documents, save_result
from dateline.store.schema import documents

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
GOOD = "Police arrested 5 protesters in Nairobi on Monday, witnesses said."


def simple_analyzer(document: Document) -> Article:
    """Stands in for `analyze` where the test is about ingest and storage only."""
    if not document.raw.strip():
        raise ExtractError("document is empty: nothing to analyse")
    return Article(document_id=document.id, text=document.raw.decode("utf-8", "replace"))


def stored(url: str) -> dict[str, dict]:
    """uri -> row of every stored document."""
    engine = connect(url)
    with engine.connect() as conn:
        rows = {r.uri: dict(r._mapping) for r in conn.execute(select(documents))}
    engine.dispose()
    return rows


# --- readers on their own -----------------------------------------------------------------


def test_reader_only_reads_bytes(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "image.txt").write_bytes(PNG)
    (tmp_path / "latin1.txt").write_bytes("Café in Zürich".encode("latin-1"))
    docs = list(iter_inputs([tmp_path]))
    assert all(isinstance(d, Document) for d in docs)
    assert {Path(d.uri).name: d.raw for d in docs}["image.txt"] == PNG


def test_huge_file_fails_fast_keeps_only_the_limit_and_stays_small(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    block = b"All quiet in the capital today. " * 32768  # 1 MiB
    with big.open("wb") as handle:
        for _ in range(50):
            handle.write(block)
    (tmp_path / "small.txt").write_text(GOOD)
    limit = 1024 * 1024
    tracemalloc.start()
    started = time.monotonic()
    items = list(iter_inputs([tmp_path], Settings().replace(max_document_bytes=limit)))
    seconds = time.monotonic() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    failure, small = items
    assert isinstance(failure, Failure) and failure.stage == "ingest"
    assert len(failure.raw) == limit
    assert "52,428,800 bytes" in failure.reason
    assert "DATELINE_MAX_DOCUMENT_BYTES" in failure.reason
    assert "first 1,048,576 bytes are kept" in failure.reason
    assert isinstance(small, Document)
    assert peak < 8 * limit
    assert seconds < 10


def test_default_limit_comes_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATELINE_MAX_DOCUMENT_BYTES", "10")
    (tmp_path / "a.txt").write_bytes(b"x" * 11)
    (item,) = iter_inputs([tmp_path])
    assert isinstance(item, Failure) and item.raw == b"x" * 10


def test_broken_jsonl_line_is_reported_and_the_next_lines_go_on(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_bytes(
        b'{"text": "one", "url": "https://e/1"}\n'
        b'{"text": "two" "url": "https://e/2"}\n'
        b'{"url": "https://e/3"}\n'
        b'{"text": "caf\xe9"}\n'
        b'"just a string"\n'
        b'{"text": "six"}'  # no final newline
    )
    items = list(iter_inputs([path]))
    assert [type(i).__name__ for i in items] == [
        "Document",
        "Failure",
        "Failure",
        "Failure",
        "Failure",
        "Document",
    ]
    broken = items[1]
    assert broken.reason == (
        "line 2: invalid JSON (Expecting ',' delimiter at column 16): fix or remove the line"
    )
    assert broken.uri == f"{path.as_posix()}#L2"
    assert broken.raw == b'{"text": "two" "url": "https://e/2"}'
    assert items[2].uri == "https://e/3"
    assert 'neither a "text" nor an "html"' in items[2].reason
    assert "line 4: not valid UTF-8" in items[3].reason
    assert "line 5: expected a JSON object" in items[4].reason
    assert items[5].raw == b"six"


def test_overlong_jsonl_line_is_cut_and_the_next_line_read(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps({"text": "x" * 5000}) + "\n" + json.dumps({"text": "ok"}) + "\n")
    items = list(iter_inputs([path], Settings().replace(max_document_bytes=1000)))
    assert isinstance(items[0], Failure) and len(items[0].raw) == 1000
    assert "line 1:" in items[0].reason and "DATELINE_MAX_DOCUMENT_BYTES" in items[0].reason
    assert isinstance(items[1], Document) and items[1].raw == b"ok"


def test_unreadable_entries_fail_even_as_root(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("a")
    (tmp_path / "b.txt").symlink_to(tmp_path / "does-not-exist.txt")
    os.mkfifo(tmp_path / "c.txt")  # reading would block: must not be opened
    (tmp_path / "d.txt").write_text("d")
    items = list(iter_inputs([tmp_path]))
    assert [Path(i.uri).name for i in items] == ["a.txt", "b.txt", "c.txt", "d.txt"]
    assert isinstance(items[1], Failure) and "broken symlink" in items[1].reason
    assert isinstance(items[2], Failure) and "not a regular file" in items[2].reason
    assert isinstance(items[3], Document)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_permission_denied_is_reported(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("x")
    secret.chmod(0)
    try:
        (item,) = iter_inputs([secret])
    finally:
        secret.chmod(0o644)
    assert isinstance(item, Failure) and "permissions" in item.reason


# --- the whole batch through analyze and the store -------------------------------------------


def bad_batch(root: Path) -> None:
    root.mkdir()
    (root / "01-good.txt").write_text(GOOD)
    (root / "02-empty.txt").write_bytes(b"")
    (root / "03-binary.txt").write_bytes(PNG)
    (root / "04-nul.txt").write_bytes(os.urandom(2000) + b"\x00" * 64)
    (root / "05-invalid-utf8.txt").write_bytes(b"Police arrested \xff\xfe 5 in Nairobi \xc3\x28.")
    (root / "06-broken.html").write_bytes(b"<html><body><p")
    (root / "07-unclosed.html").write_bytes(b"<html><body><p>Police arrested <b>5 <div>people")
    (root / "08-feed.jsonl").write_bytes(
        b'{"text": "' + GOOD.encode() + b' Again.", "url": "https://e/1"}\n{"text": "x" "y"}\n'
    )
    (root / "09-dangling.txt").symlink_to(root / "missing.txt")
    (root / "10-big.txt").write_bytes(b"word " * 400_000)  # 2 MB, limit set to 1 MB below
    (root / "11-last.txt").write_text(GOOD + " Later.")


def test_bad_batch_through_the_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Real `analyze`: each bad input is stored as failed with its reason; good ones go on."""
    monkeypatch.setenv("DATELINE_MAX_DOCUMENT_BYTES", str(1024 * 1024))
    root = tmp_path / "in"
    bad_batch(root)
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    # something already stored must survive the batch
    engine = connect(url)
    earlier = Document.from_bytes(b"stored earlier", "earlier.txt", "text/plain")
    with engine.begin() as conn:
        save_result(conn, earlier, Article(document_id=earlier.id, text="stored earlier"), None)
    engine.dispose()

    result = CliRunner().invoke(app, ["ingest", str(root), "--db", url])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    rows = stored(url)

    def row(name: str) -> dict:
        return next(r for uri, r in rows.items() if uri.endswith(name))

    assert row("earlier.txt")["status"] == "analyzed"
    for name in ("01-good.txt", "11-last.txt"):
        assert row(name)["status"] == "analyzed"
    assert rows["https://e/1"]["status"] == "analyzed"
    for name, stage in [
        ("02-empty.txt", "extract"),
        ("03-binary.txt", "extract"),
        ("04-nul.txt", "extract"),
        ("06-broken.html", "extract"),
        ("08-feed.jsonl#L2", "ingest"),
        ("09-dangling.txt", "ingest"),
        ("10-big.txt", "ingest"),
    ]:
        failed = row(name)
        assert failed["status"] == "failed", name
        assert failed["error_stage"] == stage, name
        assert len(failed["error"]) > 20, name
    assert "invalid JSON" in row("08-feed.jsonl#L2")["error"]
    assert "DATELINE_MAX_DOCUMENT_BYTES" in row("10-big.txt")["error"]
    assert len(zlib.decompress(row("10-big.txt")["raw"])) == 1024 * 1024
    assert zlib.decompress(row("03-binary.txt")["raw"]) == PNG
    # recoverable input is the extract stage's call; either way it is stored, never lost
    for name in ("05-invalid-utf8.txt", "07-unclosed.html"):
        assert row(name)["status"] in ("analyzed", "failed")
        assert row(name)["status"] == "analyzed" or row(name)["error"]

    again = CliRunner().invoke(app, ["ingest", str(root), "--db", url])
    assert again.exit_code == 0
    assert stored(url).keys() == rows.keys()
    analyzed = sum(r["status"] == "analyzed" for r in rows.values()) - 1  # minus "earlier"
    assert re.search(r"already known\W+(\d+)", again.output).group(1) == str(analyzed)
    assert re.search(r"new\W+(\d+)", again.output).group(1) == "0"


def test_same_input_twice_adds_nothing(tmp_path: Path) -> None:
    root = tmp_path / "in"
    bad_batch(root)
    engine = connect(f"sqlite:///{tmp_path / 'db.sqlite'}")
    limited = Settings().replace(max_document_bytes=1024 * 1024)
    first = ingest_items(engine, iter_inputs([root], limited), simple_analyzer)
    with engine.connect() as conn:
        total = count_documents(conn)
    second = ingest_items(engine, iter_inputs([root], limited), simple_analyzer)
    with engine.connect() as conn:
        assert count_documents(conn) == total
    engine.dispose()
    assert first.new > 0
    assert second.new == 0
    assert second.known == first.new
    assert second.failed == first.failed
    assert first.read == second.read == 12


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(data=st.binary(max_size=4096), name=st.sampled_from(["x.txt", "x.html", "x.jsonl"]))
def test_arbitrary_bytes_never_raise_out_of_ingest_and_save(data: bytes, name: str) -> None:
    from dateline import analyze

    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / name
        path.write_bytes(data)
        items = list(iter_inputs([path]))
        engine = connect("sqlite://")
        summary = ingest_items(engine, items, analyze)
        with engine.connect() as conn:
            assert count_documents(conn) == len({i.id for i in items})
        engine.dispose()
    assert summary.read == summary.new + summary.failed + summary.known
