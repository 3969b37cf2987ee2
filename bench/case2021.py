"""CASE 2021 task 2 benchmark: `python -m bench.case2021 [FILE]`.

Fine-grained event classification on real news snippets (default file
``../shared/eval/events/case2021-task2.dev.tsv``, columns ``id``, ``EventSnippet``,
``SubType``; skipped with a message when absent). Each snippet goes through `dateline.analyze`
(no page date); its predicted type is the sub-event type of its highest-confidence
non-background mention, or "no event" when it has none.

Scores:
- over the rows whose SubType is one of ACLED's 25 (codes mapped to ACLED names with the
  taxonomy's `case2021` field): accuracy, macro-F1 (mean over the gold types) and weighted F1
  (by gold support, as the shared task ranked systems); "no event" is a miss;
- over the rows of the five non-ACLED types (ORG_CRIME, NATURAL_DISASTER, MAN_MADE_DISASTER,
  DIPLO, ATTRIB): the share kept out of ACLED (predicted "no event"), overall and per type;
- the five commonest confusions over all rows.
Results: a table and ``bench/results/case2021.json`` (row ids and labels, no snippet text).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.classification import NO_EVENT, LabelScores, primary_mention, rate, use_classifier
from bench.scoring import rounded

PROJECT = Path(__file__).resolve().parents[1]
DEFAULT_FILE = PROJECT.parent / "shared" / "eval" / "events" / "case2021-task2.dev.tsv"
RESULTS = PROJECT / "bench" / "results" / "case2021.json"


@dataclass
class Row:
    id: str
    text: str
    code: str  # the task's SubType code
    gold: str | None  # ACLED name, None for a non-ACLED type


def read_rows(path: Path) -> list[Row]:
    from dateline.events.taxonomy import name_from_code

    rows = []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        for raw in reader:
            code = (raw.get("SubType") or "").strip()
            text = (raw.get("EventSnippet") or "").strip()
            if not code or not text:
                continue
            rows.append(Row(str(raw.get("id", len(rows) + 1)), text, code, name_from_code(code)))
    return rows


@dataclass
class CaseScore:
    acled: LabelScores = field(default_factory=LabelScores)
    mistakes: Counter = field(default_factory=Counter)  # (gold, predicted) -> count
    kept_out: dict[str, list[bool]] = field(default_factory=lambda: defaultdict(list))
    predictions: list[dict] = field(default_factory=list)
    errors: int = 0
    seconds: float = 0.0

    def add(self, row: Row, pred: str | None) -> None:
        pred = pred or NO_EVENT
        if row.gold is not None:
            self.acled.add(row.gold, pred)
            if pred != row.gold:
                self.mistakes[(row.gold, pred)] += 1
        else:
            self.kept_out[row.code].append(pred == NO_EVENT)
            if pred != NO_EVENT:
                self.mistakes[(f"{row.code} (not ACLED)", pred)] += 1
        self.predictions.append({"id": row.id, "gold": row.code, "pred": pred})

    @property
    def kept_out_rate(self) -> float | None:
        return rate(v for values in self.kept_out.values() for v in values)

    def confusions(self, top: int = 5) -> list[dict]:
        """The commonest mistakes over all rows (a non-ACLED row is wrong when it gets an
        ACLED type), ties broken by name."""
        ranked = sorted(self.mistakes.items(), key=lambda kv: (-kv[1], kv[0]))
        return [{"gold": g, "pred": p, "count": n} for (g, p), n in ranked[:top]]

    def as_dict(self) -> dict[str, Any]:
        acled = self.acled.as_dict()
        n = len(self.predictions)
        return {
            "rows": n,
            "errors": self.errors,
            "acled_rows": acled["n"],
            "accuracy": acled["accuracy"],
            "macro_f1": acled["macro_f1"],
            "weighted_f1": acled["weighted_f1"],
            "no_event_on_acled_rows": sum(p == NO_EVENT for _, p in self.acled.pairs),
            "non_acled_rows": sum(len(v) for v in self.kept_out.values()),
            "non_acled_kept_out": self.kept_out_rate,
            "non_acled_kept_out_by_type": {k: rate(v) for k, v in sorted(self.kept_out.items())},
            "confusions": self.confusions(),
            "per_label": acled["per_label"],
            "seconds": round(self.seconds, 1),
            "seconds_per_row": round(self.seconds / n, 4) if n else None,
        }


def evaluate(rows: list[Row]) -> CaseScore:
    from dateline import analyze

    score = CaseScore()
    started = time.perf_counter()
    for row in rows:
        try:
            mention = primary_mention(analyze(row.text).mentions)
        except Exception:  # scored as "no event" and counted
            score.errors += 1
            mention = None
        score.add(row, mention.sub_event_type if mention is not None else None)
    score.seconds = time.perf_counter() - started
    return score


def print_report(result: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    s = result["scores"]
    table = Table(
        title=f"CASE 2021 task 2 · {s['rows']} snippets · {s['seconds']} s · "
        f"classifier {result['classifier']['mode']}"
    )
    table.add_column("measure")
    table.add_column("score", justify="right")
    table.add_column("rows", justify="right")
    for name in ("accuracy", "macro_f1", "weighted_f1"):
        table.add_row(f"ACLED types: {name}", _fmt(s[name]), str(s["acled_rows"]))
    table.add_row("non-ACLED kept out", _fmt(s["non_acled_kept_out"]), str(s["non_acled_rows"]))
    for code, value in s["non_acled_kept_out_by_type"].items():
        table.add_row(f"  {code}", _fmt(value), "")
    console.print(table)
    console.print(f"ACLED rows predicted 'no event': {s['no_event_on_acled_rows']}")
    console.print("commonest confusions (gold -> predicted):")
    for c in s["confusions"]:
        console.print(f"  {c['count']:4d}  {c['gold']} -> {c['pred']}")


def _fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.case2021", description=__doc__.split("\n")[0]
    )
    parser.add_argument("file", nargs="?", type=Path, default=DEFAULT_FILE)
    parser.add_argument("--classifier", type=Path, default=None, help="classifier directory")
    parser.add_argument("--mode", choices=["off", "confirm", "retype"], default=None)
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    if not args.file.is_file():
        print(f"CASE 2021 benchmark skipped: {args.file} is absent")
        return 0
    try:
        rows = read_rows(args.file)
    except (KeyError, csv.Error) as exc:
        print(f"cannot read {args.file}: {exc}", file=sys.stderr)
        return 2
    classifier = use_classifier(args.classifier, args.mode)
    score = evaluate(rows)
    result = {
        "benchmark": "case2021",
        "file": str(args.file),
        "classifier": classifier,
        "scores": {
            k: rounded(v) if isinstance(v, float) else v for k, v in score.as_dict().items()
        },
        "predictions": score.predictions,
    }
    print_report(result)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", "utf-8")
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
