"""Throughput benchmark: `python -m bench.throughput [--n 2000] [--seed 0] [--workers 1,2]`.

Runs the full pipeline (`dateline.pipeline.analyze`: extraction, story dates, the language
model, places, quotes, events) over N synthetic news articles (`bench.corpus`) on the process
pool (`dateline.scale.pool`) with 1 and 2 workers, then the language model alone
(`dateline.nlp.load_nlp()`, `nlp.pipe`) on the same texts in a fresh process. Timing starts
once every worker has loaded its models; nothing is stored (the database is not measured).

Reported per run: articles/s, words/s, and peak resident memory (VmHWM) of each worker.
Targets: the pipeline on one worker at >= 70% of the language model's throughput, >= 1.8x
speed-up from 1 to 2 workers, <= 1.5 GB peak per worker.

Engines are looked up by name in `ENGINES` (`--engines pool,ray`; the default runs Ray too
when the `ray` extra is installed). The Ray row runs `dateline.scale.ray_engine.run` on a local
Ray with one analysis actor per worker, over the articles written as JSON-lines files, and
writes Parquet like `dateline ingest --engine ray`; its time includes starting the actors
(their model loading, about 2 s) and writing the output, which the pool row leaves out.

Results: a Rich table and ``bench/results/throughput.json``.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import sys
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from bench.corpus import SyntheticArticle, generate
from dateline.model import Article, Document
from dateline.settings import Settings

PROJECT = Path(__file__).resolve().parents[1]
RESULTS = PROJECT / "bench" / "results" / "throughput.json"
TARGET_VS_SPACY = 0.70
TARGET_SPEEDUP = 1.8
TARGET_GB_PER_WORKER = 1.5
GB = 1024**3


@dataclass
class Run:
    """One engine over the corpus: how fast, how much memory, how much came out."""

    engine: str
    workers: int
    articles: int
    words: int
    seconds: float
    start_seconds: float  # starting the workers and loading their models (not in `seconds`)
    peak_rss_gb_per_worker: float
    analysed: int
    failed: int
    mentions: int

    @property
    def articles_per_s(self) -> float:
        return self.articles / self.seconds if self.seconds else 0.0

    @property
    def words_per_s(self) -> float:
        return self.words / self.seconds if self.seconds else 0.0

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["articles_per_s"] = round(self.articles_per_s, 2)
        data["words_per_s"] = round(self.words_per_s, 1)
        data["seconds"] = round(self.seconds, 2)
        data["start_seconds"] = round(self.start_seconds, 2)
        data["peak_rss_gb_per_worker"] = round(self.peak_rss_gb_per_worker, 3)
        return data


Engine = Callable[[list[SyntheticArticle], int], Run]
ENGINES: dict[str, Engine] = {}


def register_engine(name: str, engine: Engine) -> None:
    """Make an engine available to `run_engine` and `--engines` (the hook for a Ray row)."""
    ENGINES[name] = engine


def run_engine(name: str, articles: list[SyntheticArticle], workers: int) -> Run:
    """Run the full pipeline over `articles` on the engine called `name`."""
    if name not in ENGINES:
        raise SystemExit(f"unknown engine {name!r}: choose from {', '.join(sorted(ENGINES))}")
    return ENGINES[name](articles, workers)


def documents(articles: list[SyntheticArticle]) -> list[Document]:
    """The articles as the readers would deliver them (plain text with a publication date)."""
    return [
        Document.from_bytes(
            a.text.encode("utf-8"),
            f"synthetic://{a.id}",
            "text/plain",
            hints={"published": a.published.isoformat()},
        )
        for a in articles
    ]


def peak_rss_bytes(pid: int) -> int:
    """VmHWM (peak resident set) of a live process, from /proc; 0 where unavailable."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return 0


def run_pool(articles: list[SyntheticArticle], workers: int) -> Run:
    """The process pool of `dateline ingest --workers N`, without the database."""
    from dateline.scale.pool import Pool, analyse_all

    docs = documents(articles)
    pool = Pool(workers, Settings())
    try:
        started = time.perf_counter()
        pids = pool.start()
        ready = time.perf_counter()
        analysed = failed = mentions = 0
        for result in analyse_all(pool, docs):
            if isinstance(result, Article):
                analysed += 1
                mentions += len(result.mentions)
            else:
                failed += 1
        seconds = time.perf_counter() - ready
        peak = max((peak_rss_bytes(pid) for pid in pids), default=0)
    finally:
        pool.close()
    return Run(
        "pool",
        workers,
        len(articles),
        sum(a.words for a in articles),
        seconds,
        ready - started,
        peak / GB,
        analysed,
        failed,
        mentions,
    )


register_engine("pool", run_pool)


def _ray_analyzer(memory_dir: Path) -> type:
    """An `Analyzer` that records its process's peak memory after every batch (Ray's state
    API needs the dashboard, which the local run leaves off)."""
    from dateline.scale.ray_engine import Analyzer

    class MeasuredAnalyzer(Analyzer):
        def __call__(self, batch: Any) -> Any:
            out = super().__call__(batch)
            pid = os.getpid()
            (memory_dir / str(pid)).write_text(str(peak_rss_bytes(pid)))
            return out

    return MeasuredAnalyzer


def run_ray(articles: list[SyntheticArticle], workers: int) -> Run:
    """`dateline ingest --engine ray` on a local Ray with `workers` analysis actors."""
    import tempfile

    import ray

    from dateline.scale import ray_engine

    with tempfile.TemporaryDirectory(prefix="dateline-ray-bench-") as tmp:
        root = Path(tmp)
        inputs, memory = root / "in", root / "memory"
        inputs.mkdir()
        memory.mkdir()
        files = max(4 * workers, 20)
        for part in range(files):
            lines = [
                json.dumps(
                    {
                        "url": f"synthetic://{a.id}",
                        "text": a.text,
                        "published": a.published.isoformat(),
                    }
                )
                for a in articles[part::files]
            ]
            (inputs / f"part-{part:03d}.jsonl").write_text("\n".join(lines) + "\n")
        started = time.perf_counter()
        # One logical CPU per actor plus one for reading and writing, as on a real cluster.
        ray.init(num_cpus=workers + 1, include_dashboard=False, log_to_driver=False)
        try:
            ready = time.perf_counter()
            report = ray_engine.run(
                [inputs], root / "out", actors=workers, analyzer=_ray_analyzer(memory)
            )
            seconds = time.perf_counter() - ready
        finally:
            ray.shutdown()
        peaks = [int(f.read_text() or 0) for f in memory.iterdir()]
    return Run(
        "ray",
        workers,
        len(articles),
        sum(a.words for a in articles),
        seconds,
        ready - started,
        max(peaks, default=0) / GB,
        report.analyzed,
        report.failed,
        report.mentions,
    )


def _ray_installed() -> bool:
    import importlib.util

    return importlib.util.find_spec("ray") is not None


if _ray_installed():
    register_engine("ray", run_ray)


def _spacy_pipe(texts: list[str]) -> tuple[float, float, int]:
    """Runs in a fresh process: load the pipeline, then time `nlp.pipe` over every text."""
    from dateline.nlp import load_nlp

    started = time.perf_counter()
    nlp = load_nlp()
    nlp("Warm-up: soldiers clashed with rebels near Kidal on Tuesday.")
    ready = time.perf_counter()
    for _doc in nlp.pipe(texts):
        pass
    seconds = time.perf_counter() - ready
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux
    return seconds, ready - started, peak


def run_spacy_alone(articles: list[SyntheticArticle]) -> Run:
    """The language model alone on the same texts, in one fresh process."""
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(1, mp_context=context) as executor:
        seconds, start, peak = executor.submit(_spacy_pipe, [a.text for a in articles]).result()
    n = len(articles)
    return Run("spacy", 1, n, sum(a.words for a in articles), seconds, start, peak / GB, n, 0, 0)


def summarise(runs: list[Run], spacy: Run) -> dict[str, Any]:
    """The three figures the targets are about (None when a run is missing)."""
    pool = {r.workers: r for r in runs if r.engine == "pool"}
    one, two = pool.get(1), pool.get(2)
    vs_spacy = one.articles_per_s / spacy.articles_per_s if one and spacy.seconds else None
    speedup = two.articles_per_s / one.articles_per_s if one and two else None
    gb = max((r.peak_rss_gb_per_worker for r in runs), default=None)
    return {
        "vs_spacy": None if vs_spacy is None else round(vs_spacy, 3),
        "speedup": None if speedup is None else round(speedup, 3),
        "gb_per_worker": None if gb is None else round(gb, 3),
        "speedup_by_engine": speedups(runs),
    }


def speedups(runs: list[Run]) -> dict[str, float]:
    """Each engine's throughput with 2 workers over its throughput with 1."""
    by_engine: dict[str, dict[int, Run]] = {}
    for run in runs:
        by_engine.setdefault(run.engine, {})[run.workers] = run
    return {
        engine: round(pair[2].articles_per_s / pair[1].articles_per_s, 3)
        for engine, pair in by_engine.items()
        if 1 in pair and 2 in pair and pair[1].articles_per_s
    }


def verdicts(summary: dict[str, Any]) -> list[tuple[str, float | None, str, bool | None]]:
    """(label, value, target text, met?) for each target."""
    figures = [
        ("pipeline / spaCy alone (1 worker)", "vs_spacy", f">= {TARGET_VS_SPACY}"),
        ("speed-up 1 -> 2 workers", "speedup", f">= {TARGET_SPEEDUP}x"),
        ("peak RSS per worker (GB)", "gb_per_worker", f"<= {TARGET_GB_PER_WORKER}"),
    ]
    rows = []
    for label, key, target in figures:
        value = summary[key]
        if value is None:
            met = None
        elif key == "gb_per_worker":
            met = value <= TARGET_GB_PER_WORKER
        else:
            met = value >= (TARGET_VS_SPACY if key == "vs_spacy" else TARGET_SPEEDUP)
        rows.append((label, value, target, met))
    return rows


def print_report(runs: list[Run], spacy: Run, summary: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"throughput · {runs[0].articles if runs else spacy.articles} articles")
    for column in ("run", "workers", "articles/s", "words/s", "seconds", "start s", "GB/worker"):
        table.add_column(column, justify="left" if column == "run" else "right")
    table.add_column("failed", justify="right")
    for run in [*runs, spacy]:
        name = "spaCy alone (nlp.pipe)" if run.engine == "spacy" else f"pipeline · {run.engine}"
        table.add_row(
            name,
            str(run.workers),
            f"{run.articles_per_s:.2f}",
            f"{run.words_per_s:,.0f}",
            f"{run.seconds:.1f}",
            f"{run.start_seconds:.1f}",
            f"{run.peak_rss_gb_per_worker:.2f}",
            str(run.failed),
        )
    targets = Table(title="targets")
    for column in ("figure", "value", "target", ""):
        targets.add_column(column, justify="left" if column == "figure" else "right")
    for label, value, target, met in verdicts(summary):
        mark = "not run" if met is None else ("pass" if met else "FAIL")
        targets.add_row(label, "-" if value is None else f"{value:.2f}", target, mark)
    console = Console(width=max(Console().width, 110))
    console.print(table)
    console.print(targets)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.throughput", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--n", type=int, default=2000, help="number of synthetic articles")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", default="1,2", help="worker counts, comma-separated")
    parser.add_argument("--engines", default=",".join(ENGINES), help="engines, comma-separated")
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    if args.n < 1:
        print("--n must be at least 1", file=sys.stderr)
        return 2
    articles = generate(args.n, args.seed)
    words = sum(a.words for a in articles)
    print(f"{len(articles)} synthetic articles, {words:,} words, {os.cpu_count()} CPUs")
    started = time.perf_counter()
    runs = []
    for engine in args.engines.split(","):
        for workers in (int(w) for w in args.workers.split(",")):
            runs.append(run_engine(engine.strip(), articles, workers))
            print(f"  {engine} x{workers}: {runs[-1].articles_per_s:.2f} articles/s")
    spacy = run_spacy_alone(articles)
    print(f"  spaCy alone: {spacy.articles_per_s:.2f} articles/s")
    summary = summarise(runs, spacy)
    print_report(runs, spacy, summary)
    result = {
        "benchmark": "throughput",
        "seconds": round(time.perf_counter() - started, 1),
        "n": len(articles),
        "seed": args.seed,
        "words": words,
        "cpus": os.cpu_count(),
        **summary,
        "targets": {
            "vs_spacy": TARGET_VS_SPACY,
            "speedup": TARGET_SPEEDUP,
            "gb_per_worker": TARGET_GB_PER_WORKER,
        },
        "runs": [r.as_dict() for r in runs],
        "spacy_alone": spacy.as_dict(),
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
