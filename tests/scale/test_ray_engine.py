"""The Ray engine on a real local Ray (2 CPUs, no dashboard), started once per session.

The corpus mixes sample pages, a JSONL feed, a WARC archive (HTML records and a PDF), an
empty file, a binary file posing as HTML and an unsupported file type. Checked: Parquet is
written by Ray, broken documents are rows with their reasons, `dateline load` stores the same
events as a serial `dateline ingest`, a second load adds nothing, a crashed actor is retried.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

ray = pytest.importorskip("ray", reason="Ray is not installed: pip install 'dateline[ray]'")

from dateline.cli import app  # noqa: E402
from dateline.scale import ray_engine, rows  # noqa: E402
from tests.conftest import SAMPLES, write_warc  # noqa: E402

runner = CliRunner()
PAGES = ("mali-menaka.html", "kabul-bank-bombing.txt", "ukraine-kharkiv-shelling.html",
         "news-feed.jsonl")  # fmt: skip


@pytest.fixture(scope="session")
def local_ray() -> Iterator[None]:
    """One local Ray for the whole session: starting one costs seconds."""
    started = not ray.is_initialized()
    if started:
        ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    if started:
        ray.shutdown()


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("corpus")
    for name in PAGES:
        shutil.copy(SAMPLES / "pages" / name, root / name)
    write_warc(root / "crawl.warc.gz")
    (root / "empty.txt").write_bytes(b"")
    (root / "blob.html").write_bytes(bytes(range(256)) * 64)
    (root / "scan.pdf").write_bytes(b"%PDF-1.7 not a page")
    return root


@pytest.fixture(scope="session")
def run_dir(local_ray: None, corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("run") / "parquet"
    report = ray_engine.run([corpus], out)
    assert report.files == 8
    return out


def read_table(out: Path) -> list[dict]:
    return pq.read_table(out, schema=rows.SCHEMA).to_pylist()


def test_ray_writes_one_parquet_table(run_dir: Path) -> None:
    files = sorted(run_dir.glob("*.parquet"))
    assert files
    assert pq.read_schema(files[0]).names == rows.SCHEMA.names
    table = read_table(run_dir)
    documents = [r for r in table if r["kind"] == "document"]
    articles = {r["document_id"]: r for r in table if r["kind"] == "article"}
    mentions = [r for r in table if r["kind"] == "mention"]
    analysed = [r for r in documents if r["status"] == "analyzed"]
    # 3 pages, the JSONL feed's records and two WARC HTML records were analysed
    assert {"https://news.example/mali/kidal", "https://news.example/mali/kidal-2"} <= {
        r["uri"] for r in analysed
    }
    assert len(analysed) >= 6
    assert set(articles) == {r["document_id"] for r in analysed}
    assert sum(a["mention_count"] for a in articles.values()) == len(mentions) > 0
    assert all(m["document_id"] in articles and m["sub_event_type"] for m in mentions)
    kidal = next(r for r in analysed if r["uri"].endswith("mali-menaka.html"))
    assert kidal["raw"] == (SAMPLES / "pages" / "mali-menaka.html").read_bytes()


def test_broken_documents_are_rows_with_reasons(run_dir: Path) -> None:
    documents = {r["uri"]: r for r in read_table(run_dir) if r["kind"] == "document"}
    by_name = {uri.rsplit("/", 1)[-1]: row for uri, row in documents.items()}
    for name in ("empty.txt", "blob.html"):
        row = by_name[name]
        assert row["status"] == "failed", name
        assert row["error_stage"] in ("ingest", "extract")
        assert row["error"]
    assert by_name["scan.pdf"]["status"] == "skipped"
    assert "not read" in by_name["scan.pdf"]["error"]
    pdf = documents["https://news.example/report.pdf"]
    assert pdf["status"] == "skipped" and "not HTML" in pdf["error"]


def events_of(db: Path) -> list[tuple]:
    query = (
        "select e.sub_event_type, e.location, e.event_date, e.fatalities, "
        "(select count(*) from event_sources s where s.event_id = e.id) "
        "from events e order by 1, 2, 3, 4, 5"
    )
    with sqlite3.connect(db) as conn:
        return conn.execute(query).fetchall()


def statuses_of(db: Path) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        query = "select id, status, error_stage from documents order by id"
        return conn.execute(query).fetchall()


def test_load_stores_what_a_serial_ingest_stores(
    run_dir: Path, corpus: Path, tmp_path: Path
) -> None:
    loaded, serial = tmp_path / "loaded.db", tmp_path / "serial.db"
    first = runner.invoke(app, ["load", str(run_dir), "--db", f"sqlite:///{loaded}"])
    assert first.exit_code == 0, first.output
    direct = runner.invoke(app, ["ingest", str(corpus), "--db", f"sqlite:///{serial}"])
    assert direct.exit_code == 0, direct.output
    events = events_of(loaded)
    assert events and events == events_of(serial)
    assert statuses_of(loaded) == statuses_of(serial)
    assert "failed" in {status for _, status, _ in statuses_of(loaded)}

    again = runner.invoke(app, ["load", str(run_dir), "--db", f"sqlite:///{loaded}"])
    assert again.exit_code == 0, again.output
    assert "new                    │   0" in again.output
    assert events_of(loaded) == events
    assert statuses_of(loaded) == statuses_of(serial)


def test_load_rejects_a_folder_without_parquet(tmp_path: Path) -> None:
    result = runner.invoke(app, ["load", str(tmp_path), "--db", f"sqlite:///{tmp_path}/x.db"])
    assert result.exit_code == 1
    assert "no Parquet files" in " ".join(result.output.split())


def test_ray_engine_needs_out(corpus: Path) -> None:
    result = runner.invoke(app, ["ingest", "--engine", "ray", str(corpus)])
    assert result.exit_code != 0
    assert "--out" in result.output


class CrashOnce(ray_engine.Analyzer):
    """Kills its worker process on the first batch it sees (once per marker file)."""

    marker = ""

    def __call__(self, batch):  # type: ignore[no-untyped-def]
        marker = Path(self.marker)
        if not marker.exists():
            marker.write_text("crashed")
            os._exit(1)
        return super().__call__(batch)


def test_a_crashed_actor_is_restarted_and_its_batch_retried(
    local_ray: None, tmp_path: Path
) -> None:
    marker = tmp_path / "crashed"
    # A class made here travels to the workers by value, the marker path with it.
    crash_once = type("CrashOnceHere", (CrashOnce,), {"marker": str(marker)})
    pages = [SAMPLES / "pages" / n for n in PAGES[:2]]
    report = ray_engine.run(pages, tmp_path / "out", analyzer=crash_once)
    assert marker.read_text() == "crashed"  # the first attempt did die
    assert report.analyzed == 2 and report.failed == 0
