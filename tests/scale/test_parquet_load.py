"""`load` without Ray: Parquet written here with pyarrow in the cluster run's layout."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import pytest

from dateline import analyze
from dateline.model import Document, Failure
from dateline.scale import rows
from dateline.scale.parquet_load import load, parquet_files
from dateline.store import connect, count_documents, count_events, document_status
from tests.conftest import SAMPLES


def rows_of(name: str) -> list[dict]:
    raw = (SAMPLES / "pages" / name).read_bytes()
    media = "text/html" if name.endswith(".html") else "text/plain"
    document = Document.from_bytes(raw, f"file:{name}", media, {"source": "test"})
    source = rows.input_row(document)
    return list(rows.output_rows(source, analyze(document)))


def test_rows_round_trip_documents_and_failures() -> None:
    document = Document.from_bytes(b"<p>x</p>", "a.html", "text/html", {"url": "https://x"})
    assert rows.document_of(rows.input_row(document)) == document
    failure = Failure("f" * 64, "b.txt", "ingest", "empty file", b"", "text/plain")
    row = next(rows.output_rows(rows.input_row(failure), None))
    assert row["status"] == "failed"
    assert rows.failure_of(row) == failure


def test_rows_pair_up_in_any_order_and_load_is_idempotent(tmp_path: Path) -> None:
    kabul, mali = rows_of("kabul-bank-bombing.txt"), rows_of("mali-menaka.html")
    assert [r["kind"] for r in kabul][:2] == ["document", "article"]
    failure = Failure("e" * 64, "empty.txt", "ingest", "the file is empty")
    broken = next(rows.output_rows(rows.input_row(failure), None))
    out = tmp_path / "run"
    out.mkdir()
    # The article row of kabul comes before its document row, and in another file.
    pq.write_table(rows.to_table([kabul[1], *mali]), out / "w_000000-0.parquet")
    pq.write_table(rows.to_table([kabul[0], *kabul[2:], broken]), out / "w_000002-0.parquet")
    engine = connect(f"sqlite:///{tmp_path / 'db.sqlite'}")
    report = load(out, engine)
    assert (report.new, report.failed, report.known, report.incomplete) == (2, 1, 0, [])
    with engine.connect() as conn:
        events = count_events(conn)
        assert events > 0
        assert document_status(conn, kabul[0]["document_id"]) == "analyzed"
        assert document_status(conn, "e" * 64) == "failed"
    again = load(out, engine)
    assert (again.new, again.known, again.failed) == (0, 2, 1)
    with engine.connect() as conn:
        assert count_events(conn) == events and count_documents(conn) == 3


def test_an_article_row_missing_is_reported(tmp_path: Path) -> None:
    kabul = rows_of("kabul-bank-bombing.txt")
    pq.write_table(rows.to_table([kabul[0]]), tmp_path / "w_000000-0.parquet")
    report = load(tmp_path, connect(f"sqlite:///{tmp_path / 'db.sqlite'}"))
    assert report.incomplete == ["file:kabul-bank-bombing.txt"] and report.new == 0


def test_files_are_read_in_task_order(tmp_path: Path) -> None:
    for name in ("u_000010-0.parquet", "u_000002-1.parquet", "u_000002-0.parquet"):
        pq.write_table(rows.to_table([]), tmp_path / name)
    assert [p.name for p in parquet_files(tmp_path)] == [
        "u_000002-0.parquet", "u_000002-1.parquet", "u_000010-0.parquet"
    ]  # fmt: skip


def test_a_folder_without_parquet_is_an_error(tmp_path: Path) -> None:
    from dateline.errors import StoreError

    with pytest.raises(StoreError, match="no Parquet files"):
        parquet_files(tmp_path)


def test_the_core_never_imports_ray() -> None:
    import subprocess
    import sys

    code = (
        "import sys, dateline, dateline.cli, dateline.scale.parquet_load, dateline.scale.rows\n"
        "print(sorted(m for m in sys.modules if m == 'ray' or m.startswith('ray.')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
