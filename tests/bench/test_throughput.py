"""bench.corpus makes varied, reproducible articles; bench.throughput turns runs into the three
figures the targets are about and runs end to end on a few articles."""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = str(Path(__file__).resolve().parents[2])
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

from bench.corpus import generate  # noqa: E402
from bench.throughput import ENGINES, Run, main, register_engine, summarise, verdicts  # noqa: E402
from dateline.pipeline import analyze  # noqa: E402


def test_corpus_is_deterministic_sized_and_varied() -> None:
    articles = generate(60, seed=7)
    assert [a.text for a in articles] == [a.text for a in generate(60, seed=7)]
    assert [a.text for a in articles] != [a.text for a in generate(60, seed=8)]
    assert all(300 <= a.words <= 1600 for a in articles)
    assert len({a.text.splitlines()[0] for a in articles}) > 30  # headlines differ
    assert len({a.published for a in articles}) > 30


def test_corpus_articles_hold_events_the_pipeline_finds() -> None:
    found = [analyze(a.text, published=a.published.isoformat()) for a in generate(5, seed=1)]
    assert all(article.mentions for article in found)
    assert len({m.sub_event_type for article in found for m in article.mentions}) >= 2


def run(engine: str, workers: int, seconds: float, gb: float = 0.5) -> Run:
    return Run(engine, workers, 100, 80_000, seconds, 1.0, gb, 100, 0, 10)


def test_summary_figures_and_verdicts() -> None:
    runs = [run("pool", 1, 20.0, 0.6), run("pool", 2, 10.5, 0.7), run("ray", 1, 22.0, 0.5)]
    runs.append(run("ray", 2, 12.0, 0.8))
    summary = summarise(runs, run("spacy", 1, 12.0))
    assert summary == {
        "vs_spacy": 0.6,
        "speedup": 1.905,
        "gb_per_worker": 0.8,
        "speedup_by_engine": {"pool": 1.905, "ray": 1.833},
    }
    met = {label: ok for label, _, _, ok in verdicts(summary)}
    assert list(met.values()) == [False, True, True]


def test_missing_runs_are_not_run() -> None:
    summary = summarise([run("pool", 1, 20.0)], run("spacy", 1, 12.0))
    assert summary["speedup"] is None
    assert [ok for *_, ok in verdicts(summary)] == [False, None, True]


def test_an_engine_is_one_registered_function(tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []

    def fake(articles: list, workers: int) -> Run:
        calls.append((len(articles), workers))
        return run("fake", workers, 1.0)

    register_engine("fake", fake)
    try:
        out = tmp_path / "throughput.json"
        argv = ["--n", "3", "--engines", "pool,fake", "--workers", "1", "--output", str(out)]
        assert main(argv) == 0
    finally:
        del ENGINES["fake"]
    assert calls == [(3, 1)]
    result = json.loads(out.read_text())
    assert [(r["engine"], r["analysed"]) for r in result["runs"]] == [("pool", 3), ("fake", 100)]
    assert result["spacy_alone"]["articles"] == 3
    assert result["vs_spacy"] > 0 and result["gb_per_worker"] > 0.05
