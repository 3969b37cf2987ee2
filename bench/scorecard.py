"""The project scorecard: `python -m bench.scorecard [RESULTS_DIR]`.

Reads the benchmark results (``bench/results/*.json``) and prints one table: every figure
beside its target, and whether it meets it. A benchmark that has not been run shows "not run".
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parents[1]
RESULTS = PROJECT / "bench" / "results"


@dataclass(frozen=True)
class Target:
    benchmark: str  # the results file's stem
    label: str
    paths: tuple[str, ...]  # dotted paths into the results JSON, first found wins
    target: float
    higher_is_better: bool = True
    unit: str = ""

    def meets(self, value: float) -> bool:
        return value >= self.target if self.higher_is_better else value <= self.target


def _t(bench: str, label: str, *paths: str, target: float, lower: bool = False, unit: str = ""):
    return Target(bench, label, paths, target, not lower, unit)


TARGETS: list[Target] = [
    # real news coded by hand, most of it with no event (`python -m bench.news`)
    _t("news", "news event precision", "sources.all.precision", target=0.85),
    _t("news", "news event recall", "sources.all.recall", target=0.80),
    _t(
        "news",
        "news false events per quiet article",
        "sources.all.false_per_quiet_article",
        target=0.03,
        lower=True,
    ),
    _t("news", "news place within 161 km (found)", "sources.all.place_161km", target=0.85),
    _t("news", "news date (events found)", "sources.all.date", target=0.85),
    _t("case2021", "CASE 2021 weighted F1 (ACLED types)", "scores.weighted_f1", target=0.85),
    _t("case2021", "CASE 2021 non-ACLED rows kept out", "scores.non_acled_kept_out", target=0.90),
    _t("acled", "ACLED event_type accuracy", "scores.fields.event_type", target=0.90),
    _t("acled", "ACLED sub_event_type macro-F1", "scores.sub_event_type_macro_f1", target=0.75),
    _t("acled", "ACLED location within 161 km", "scores.fields.location_161km", target=0.85),
    _t("acled", "ACLED event_date exact", "scores.fields.event_date", target=0.95),
    _t("acled", "ACLED fatalities exact", "scores.fields.fatalities", target=0.85),
    _t("acled", "ACLED inter1", "scores.fields.inter1", target=0.85),
    _t("acled", "ACLED inter2", "scores.fields.inter2", target=0.85),
    _t("acled", "ACLED inter codes (both)", "scores.fields.inter_both", target=0.85),
    # the same records coded with the learned second opinion, each fold by a classifier trained
    # without it (`python -m bench.acled --cv 5 --output bench/results/acled-cv.json`)
    _t("acled-cv", "ACLED+classifier event_type", "scores.fields.event_type", target=0.90),
    _t(
        "acled-cv",
        "ACLED+classifier sub-type macro-F1",
        "scores.sub_event_type_macro_f1",
        target=0.75,
    ),
    _t("acled-cv", "ACLED+classifier inter1", "scores.fields.inter1", target=0.85),
    _t("acled-cv", "ACLED+classifier inter2", "scores.fields.inter2", target=0.85),
    _t(
        "events",
        "events passages sub-type macro-F1",
        "datasets.passages.sub_event_type_macro_f1",
        target=0.85,
    ),
    _t("geo", "geo acc@161 km TR-News", "corpora.TR-News.acc_161km", target=0.90),
    _t("geo", "geo acc@161 km LGL", "corpora.lgl.acc_161km", "corpora.LGL.acc_161km", target=0.80),
    _t("geo", "geo acc@161 km GWN", "corpora.GWN.acc_161km", target=0.90),
    _t("geo", "geo recognition F1 TR-News", "corpora.TR-News.recognition.f1", target=0.80),
    _t(
        "geo",
        "geo recognition F1 LGL",
        "corpora.lgl.recognition.f1",
        "corpora.LGL.recognition.f1",
        target=0.80,
    ),
    _t("geo", "geo recognition F1 GWN", "corpora.GWN.recognition.f1", target=0.80),
    # the web app under load: 20 clients, filtered list, histogram, CSV export and one event
    # (`python -m bench.load`; `make bench` runs it short, on 2,000 events for 10 s)
    # (the first run, 1 worker by default, then the run on 2 workers when one was made)
    *(
        _t("load", f"web {what}, {run}", path, target=target, lower=lower, unit=unit)
        for run, prefix in (("first run", ""), ("2 workers", "runs.2."))
        for what, path, target, lower, unit in (
            ("requests/s", f"{prefix}total.requests_per_s", 300, False, ""),
            ("filtered list p99", f"{prefix}endpoints.list_filtered.p99_ms", 150, True, " ms"),
            ("histogram p99", f"{prefix}endpoints.histogram.p99_ms", 150, True, " ms"),
        )
    ),
    _t(
        "throughput",
        "throughput vs spaCy alone",
        "vs_spacy",
        "ratio_to_spacy",
        "fraction_of_spacy",
        "summary.vs_spacy",
        target=0.70,
    ),
    _t(
        "throughput",
        "parallel speed-up",
        "speedup",
        "speed_up",
        "summary.speedup",
        target=1.8,
        unit="x",
    ),
    _t(
        "throughput",
        "memory per worker (GB)",
        "gb_per_worker",
        "rss_gb_per_worker",
        "peak_rss_gb",
        "summary.gb_per_worker",
        target=1.5,
        lower=True,
        unit=" GB",
    ),
]


def lookup(data: Any, path: str) -> Any:
    """The value at a dotted path ("scores.fields.event_type"), or None. Keys may hold dots
    only as separators; a key with a hyphen ("TR-News") is fine."""
    node = data
    for key in path.split("."):
        if not isinstance(node, dict) or key not in node:
            return None
        node = node[key]
    return node


def load_results(directory: Path) -> dict[str, dict]:
    results = {}
    for path in sorted(directory.glob("*.json")):
        try:
            results[path.stem] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            results[path.stem] = {"_unreadable": True}
    return results


@dataclass
class Line:
    target: Target
    value: float | None
    status: str  # "pass", "FAIL", "not run", "missing"


def scorecard(results: dict[str, dict]) -> list[Line]:
    lines = []
    for t in TARGETS:
        data = results.get(t.benchmark)
        if data is None:
            lines.append(Line(t, None, "not run"))
            continue
        value = next(
            (v for v in (lookup(data, p) for p in t.paths) if isinstance(v, int | float)), None
        )
        if value is None:
            lines.append(Line(t, None, "missing"))
        else:
            lines.append(Line(t, float(value), "pass" if t.meets(float(value)) else "FAIL"))
    return lines


def print_scorecard(lines: list[Line]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="dateline scorecard")
    for column in ("benchmark", "measure", "value", "target", ""):
        table.add_column(column, justify="right" if column in ("value", "target") else "left")
    colour = {"pass": "green", "FAIL": "red"}
    for line in lines:
        t = line.target
        value = "—" if line.value is None else f"{line.value:.3f}{t.unit}"
        goal = f"{'≥' if t.higher_is_better else '≤'} {t.target:g}{t.unit}"
        style = colour.get(line.status, "dim")
        table.add_row(t.benchmark, t.label, value, goal, f"[{style}]{line.status}[/{style}]")
    console = Console()
    console.print(table)
    passed = sum(line.status == "pass" for line in lines)
    scored = sum(line.status in ("pass", "FAIL") for line in lines)
    console.print(f"{passed} of {scored} scored targets met ({len(lines) - scored} not scored)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.scorecard", description=__doc__.split("\n")[0]
    )
    parser.add_argument("results", nargs="?", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    print_scorecard(scorecard(load_results(args.results)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
