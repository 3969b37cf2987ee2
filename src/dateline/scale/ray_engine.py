"""Ray Data engine: analyse many input files on a Ray cluster and write Parquet.

The flow is one streaming Ray Data pipeline:

    file paths ─► flat_map(read one file) ─► map_batches(Analyzer actors) ─► write_parquet

- Inputs are listed on the driver (directories walked like `dateline ingest` does) and become
  a dataset of paths, so reading happens on the workers. One file can hold many documents
  (JSONL, WARC); a file that cannot be read becomes a failed row, never a lost partition.
- `Analyzer` is a callable class: each actor loads the language models once, then runs
  `analyze` on batch after batch. A document that fails is a row with its stage and reason.
- Output is ONE Parquet table with a `kind` column (`document`, `article`, `mention`; the
  columns are in `dateline.scale.rows`). One table keeps a single streaming write, and the
  rows of one document leave the same batch together. Order is preserved (files are named
  by task index), so `dateline load DIR` stores events exactly as a serial ingest would.
- Retries: a map task that raises is retried in place (`DataContext.retried_map_errors`,
  `max_map_retries`); an analysis actor that dies (OOM, a crash in native code) is restarted
  and its batch retried (`max_restarts`, `max_task_retries`). Ray logs every retry.
  When a batch still fails after its retries the run stops with `RayEngineError` naming the
  cause; documents that fail inside `analyze` never fail a task.

This is the only module that imports Ray (`pip install dateline[ray]`).
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

try:
    import ray
    import ray.data
except ImportError as error:  # pragma: no cover - exercised only without the extra
    raise ImportError("the Ray engine needs Ray: pip install 'dateline[ray]'") from error

from dateline.errors import DatelineError
from dateline.ingest import Skipped, read_path, skipped
from dateline.ingest.files import walk
from dateline.model import Article, Document, Failure
from dateline.nlp import load_nlp
from dateline.pipeline import analyze
from dateline.scale import rows
from dateline.scale.local import run_analyzer
from dateline.settings import Settings

RETRIES = 3
BATCH_SIZE = 16


class RayEngineError(DatelineError):
    """The cluster run could not finish (Ray not reachable, a batch failed after retries)."""

    stage = "ray"


@dataclass
class RunReport:
    """What a cluster run did: counts from the written Parquet, and where it went."""

    out: Path
    files: int
    actors: int
    documents: int = 0
    analyzed: int = 0
    failed: int = 0
    skipped: int = 0
    mentions: int = 0
    seconds: float = 0.0
    failures: list[tuple[str, str, str]] = field(default_factory=list)  # uri, stage, reason


def list_files(paths: Iterable[str | Path]) -> tuple[list[str], list[str]]:
    """Input files (directories walked, hidden entries left out) and paths that do not exist."""
    files: list[str] = []
    missing: list[str] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            files.extend(entry.as_posix() for entry in walk(path))
        elif path.exists() or path.is_symlink():
            files.append(path.as_posix())
        else:
            missing.append(path.as_posix())
    return files, missing


def read_rows(row: dict[str, Any], settings: Settings) -> list[dict[str, Any]]:
    """Every document (or failure) in one input file, as input rows."""
    path = Path(row["path"])
    if row.get("missing"):
        items: Iterable[Document | Failure] = [
            skipped(path.as_posix(), "no such file or directory: check the path")
        ]
    else:
        items = read_path(path, settings)
    return [rows.input_row(item, skipped=isinstance(item, Skipped)) for item in items]


class Analyzer:
    """A Ray Data actor: loads the models once, then analyses batch after batch."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        load_nlp()

    def _analyze(self, document: Document) -> Article:
        return analyze(document, settings=self.settings)

    def __call__(self, batch: pa.Table) -> pa.Table:
        out: list[dict[str, Any]] = []
        for source in batch.to_pylist():
            outcome = None
            if source["status"] == "pending":
                document = rows.document_of(source)
                outcome = run_analyzer(self._analyze, document)
            out.extend(rows.output_rows(source, outcome))
        return rows.to_table(out)


def start(address: str | None) -> None:
    """Join the cluster at `address`, or start a local Ray without a dashboard."""
    if ray.is_initialized():
        return
    try:
        if address:
            ray.init(address=address, log_to_driver=False)
        else:
            ray.init(include_dashboard=False, log_to_driver=False)
    except (ConnectionError, RuntimeError, ValueError) as error:
        where = f"at {address}" if address else "locally"
        raise RayEngineError(
            f"cannot start or reach Ray {where} ({type(error).__name__}: {error}); check "
            "--address HOST:PORT (the head's GCS port, usually 6379) and that the cluster runs"
        ) from None


def actor_count(requested: int | None = None) -> int:
    """Analysis actors: one per CPU of the cluster, one CPU left for reading and writing.

    More than that would hold every CPU and starve the read step: the run would never start.
    """
    cpus = int(ray.cluster_resources().get("CPU", 1))
    most = max(1, cpus - 1)
    return min(requested, most) if requested else most


def build(
    files: list[str],
    missing: list[str],
    settings: Settings,
    actors: int,
    analyzer: type = Analyzer,
) -> ray.data.Dataset:
    """The lazy pipeline: paths, read, analyse (nothing runs until it is written)."""
    items = [{"path": p, "missing": False} for p in files]
    items += [{"path": p, "missing": True} for p in missing]
    paths = ray.data.from_items(items, override_num_blocks=max(1, min(len(items), 200)))
    documents = paths.flat_map(read_rows, fn_kwargs={"settings": settings}, num_cpus=0.5)
    with warnings.catch_warnings():
        # Ray 2.60 deprecates passing actor options this way but offers no other way to bound
        # restarts; its default (-1, forever) would loop on a page that kills its worker.
        warnings.simplefilter("ignore", DeprecationWarning)
        return documents.map_batches(
            analyzer,
            fn_constructor_kwargs={"settings": settings},
            batch_size=BATCH_SIZE,
            batch_format="pyarrow",
            compute=ray.data.ActorPoolStrategy(size=actors),
            num_cpus=1,
            max_restarts=RETRIES,
            max_task_retries=RETRIES,
        )


def configure_retries() -> None:
    """Retry map tasks that raise (a flaky disk or network share) up to RETRIES times, and
    keep the input order."""
    context = ray.data.DataContext.get_current()
    context.retried_map_errors = True
    context.max_map_retries = RETRIES
    context.max_errored_blocks = 0  # a block that still fails stops the run: nothing is lost
    # Rows leave in input order, so `dateline load` merges events exactly as a serial ingest.
    context.execution_options.preserve_order = True


def run(
    paths: Iterable[str | Path],
    out: str | Path,
    settings: Settings | None = None,
    address: str | None = None,
    actors: int | None = None,
    analyzer: type = Analyzer,
) -> RunReport:
    """Analyse every input on Ray and write the Parquet table under `out`."""
    settings = settings or Settings()
    files, missing = list_files(paths)
    if not files and not missing:
        raise RayEngineError("no input files: give files or directories that hold some")
    out = Path(out)
    if out.exists() and any(out.glob("*.parquet")):
        raise RayEngineError(
            f"{out} already holds Parquet files; choose an empty folder with --out"
        )
    start(address)
    configure_retries()
    count = actor_count(actors)
    started = time.monotonic()
    dataset = build(files, missing, settings, count, analyzer)
    try:
        dataset.write_parquet(out.as_posix())
    except ray.exceptions.RayError as error:
        raise RayEngineError(
            f"the Ray run failed after {RETRIES} retries ({type(error).__name__}: "
            f"{first_line(error)}); {out} is incomplete: fix the cause and run again "
            "into an empty folder"
        ) from None
    report = summarise(out, files, count)
    report.files += len(missing)
    report.seconds = time.monotonic() - started
    return report


def first_line(error: BaseException) -> str:
    return (str(error).strip().splitlines() or [""])[-1][:300]


def summarise(out: Path, files: list[str], actors: int) -> RunReport:
    """Counts read back from the written Parquet (only the small columns)."""
    report = RunReport(out=out, files=len(files), actors=actors)
    columns = ["kind", "status", "uri", "error_stage", "error"]
    for batch in iter_batches(out, columns):
        for row in batch.to_pylist():
            if row["kind"] == "mention":
                report.mentions += 1
            elif row["kind"] == "document":
                report.documents += 1
                status = row["status"]
                if status == "analyzed":
                    report.analyzed += 1
                elif status == "skipped":
                    report.skipped += 1
                else:
                    report.failed += 1
                    report.failures.append((row["uri"], row["error_stage"], row["error"]))
    return report


def iter_batches(out: Path, columns: list[str]) -> Iterator[pa.RecordBatch]:
    for path in sorted(out.glob("*.parquet")):
        yield from pq.ParquetFile(path).iter_batches(columns=columns)


def shutdown() -> None:
    """Stop the local Ray this process started (no-op when it joined a cluster or none)."""
    if ray.is_initialized():
        ray.shutdown()


__all__ = ["Analyzer", "RayEngineError", "RunReport", "list_files", "run", "shutdown"]
