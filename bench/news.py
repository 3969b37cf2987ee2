"""Event coding on real news: `python -m bench.news [GOLD_FILES...]`.

Real articles that nobody on the project wrote, coded by hand with every event an ACLED coder
would code and nothing else (``../shared/eval/news/*.dev.jsonl``; most articles report no event
at all). A coder tuned on event-only benchmarks cannot see a false event there; this one can.

Per source and overall:

- event precision and recall (a mention is right when its evidence sentence overlaps a gold
  event's and the sub-event type agrees; background mentions and optional events count neither
  way: the alignment of ``bench.events``);
- false events per article that reports none (no required gold event);
- place within 161 km and date of the events found (a predicted range is right when it overlaps
  the gold day, month or range and is no wider than a month or the gold interval);
- ``bench/results/news-errors.txt``: every false and every missed event with its sentence, and
  the wrong date or place of an event found.

Results: a table and ``bench/results/news.json``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from bench.events import GoldDoc, align, as_pred, is_found, load_analyze
from bench.geo import KM_THRESHOLD, haversine_km
from bench.scoring import Counts, parse_interval, rounded

PROJECT = Path(__file__).resolve().parents[1]
NEWS_GOLD = PROJECT.parent / "shared" / "eval" / "news"
RESULTS = PROJECT / "bench" / "results" / "news.json"
WIDEST_RANGE_DAYS = 31


def load_news(path: Path) -> list[GoldDoc]:
    """The articles of one news gold file, each named by its id and grouped by its corpus."""
    docs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        events = [{"id": f"{row['id']}#{i}", **e} for i, e in enumerate(row["events"], 1)]
        dataset = row["id"].split(":")[0]
        docs.append(GoldDoc(dataset, row["id"], row["text"], row.get("url"),
                            row.get("published"), events))  # fmt: skip
    return docs


# ---------------------------------------------------------------- analysing (in worker processes)


def analyse(doc: GoldDoc) -> tuple[list[dict], str | None]:
    """The scored fields of every mention of one article (plain data, to cross processes)."""
    analyze, error = load_analyze()
    if analyze is None:
        return [], error
    try:
        article = analyze(doc.source, url=doc.url, published=doc.published)
    except Exception as exc:  # reported per article; the benchmark goes on
        return [], f"{type(exc).__name__}: {exc}"
    out = []
    for m in article.mentions:
        place = m.place
        out.append({
            "pred": as_pred(m),
            "date_to": m.date_to,
            "lat": getattr(place, "lat", None),
            "lon": getattr(place, "lon", None),
            "country": getattr(place, "country", None),
            "reasons": list(m.reasons),
        })  # fmt: skip
    return out, None


# ---------------------------------------------------------------- scoring


def gold_point(gold: dict) -> tuple[float, float] | None:
    """The gold place's coordinates from its GeoNames id (the project's own gazetteer)."""
    if not gold.get("geonameid"):
        return None
    from dateline.geo.gazetteer import get_gazetteer

    entry = get_gazetteer().by_id(int(gold["geonameid"]))
    return None if entry is None else (entry.lat, entry.lon)


def place_right(mention: dict, gold: dict) -> bool | None:
    """Within 161 km of the gold place; None when the gold codes no place it can check."""
    point = gold_point(gold)
    if point is None:
        return None
    if mention["lat"] is None:
        return False
    return haversine_km(point[0], point[1], mention["lat"], mention["lon"]) <= KM_THRESHOLD


def date_right(mention: dict, gold: dict) -> bool | None:
    """The predicted day or range overlaps the gold interval and is no vaguer than a month
    (or the gold interval itself); None when the gold codes no date."""
    interval = parse_interval(gold.get("date"))
    if interval is None:
        return None
    first: date | None = mention["pred"].date
    if first is None:
        return False
    last = mention["date_to"] or first
    if hasattr(last, "date"):
        last = last.date()
    width = (last - first).days
    gold_width = (interval[1] - interval[0]).days
    overlaps = first <= interval[1] and interval[0] <= last
    return overlaps and width <= max(WIDEST_RANGE_DAYS, gold_width)


@dataclass
class SourceScore:
    """Event-level counts of one corpus (or of all)."""

    articles: int = 0
    errors: int = 0
    quiet_articles: int = 0  # articles with no required event
    false_in_quiet: int = 0
    events: Counts = field(default_factory=Counts)
    place: Counts = field(default_factory=Counts)
    date: Counts = field(default_factory=Counts)

    def add(self, other: SourceScore) -> None:
        for name in ("articles", "errors", "quiet_articles", "false_in_quiet"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.events += other.events
        self.place += other.place
        self.date += other.date

    def as_dict(self) -> dict[str, Any]:
        quiet = self.false_in_quiet / self.quiet_articles if self.quiet_articles else None
        return {
            "articles": self.articles,
            "errors": self.errors,
            "precision": rounded(self.events.precision),
            "recall": rounded(self.events.recall),
            "f1": rounded(self.events.f1),
            "tp": self.events.tp,
            "pred": self.events.pred,
            "gold": self.events.gold,
            "quiet_articles": self.quiet_articles,
            "false_per_quiet_article": rounded(quiet),
            "place_161km": rounded(self.place.recall),
            "place_scored": self.place.gold,
            "date": rounded(self.date.recall),
            "date_scored": self.date.gold,
        }


def required(gold: dict) -> bool:
    return not gold.get("optional") and not gold.get("background")


def score_article(doc: GoldDoc, mentions: list[dict]) -> tuple[SourceScore, list[str]]:
    """The article's counts and a readable line for each false or missed event.

    Recall counts the required gold events (neither optional nor background); precision
    counts the mentions told as news, less those `align` leaves free (a second mention of an
    event already found, a mention of an optional event). A news mention of a background
    event is false: it reports history as new.
    """
    preds = [m["pred"] for m in mentions]
    pairs, free = align(doc.events, preds)
    score = SourceScore(articles=1)
    found: set[int] = set()
    lines = []
    for pi, m in enumerate(mentions):
        p = m["pred"]
        if p.background or pi in free:
            continue
        gold = doc.events[pairs[pi]] if pi in pairs else None
        right = gold is not None and required(gold) and is_found(p, gold)
        score.events.add(tp=right, pred=1)
        if right:
            found.add(pairs[pi])
            for counter, check in ((score.place, place_right), (score.date, date_right)):
                ok = check(m, gold)
                if ok is not None:
                    counter.add(tp=ok, gold=1)
            if date_right(m, gold) is False:
                lines.append(f"DATE   {doc.name}  gold {gold.get('date')}, coded {p.date} to "
                             f"{m['date_to']}\n       {p.evidence}")  # fmt: skip
            if place_right(m, gold) is False:
                name = p.place and p.place.get("name")
                lines.append(f"PLACE  {doc.name}  gold {gold.get('location')}, coded {name}\n"
                             f"       {p.evidence}")  # fmt: skip
            continue
        why = "; ".join(m["reasons"][:3])
        told = "" if gold is None else f" (gold {gold['sub_event_type']}"
        told += "" if gold is None else (", background)" if gold.get("background") else ")")
        lines.append(f"FALSE  {doc.name}  {p.sub_event_type}{told}  [{why}]\n       {p.evidence}")
    for gi, gold in enumerate(doc.events):
        if required(gold):
            score.events.add(gold=1)
            if gi not in found:
                lines.append(
                    f"MISSED {doc.name}  {gold['sub_event_type']}\n       {gold['evidence']}"
                )
    if not any(required(g) for g in doc.events):
        score.quiet_articles = 1
        score.false_in_quiet = score.events.pred - score.events.tp
    return score, lines


def evaluate(docs: list[GoldDoc], workers: int) -> tuple[dict[str, SourceScore], list[str]]:
    with ProcessPoolExecutor(workers) as pool:
        analysed = list(pool.map(analyse, docs, chunksize=4))
    scores: dict[str, SourceScore] = defaultdict(SourceScore)
    errors: list[str] = []
    for doc, (mentions, error) in zip(docs, analysed, strict=True):
        score, lines = score_article(doc, mentions)
        score.errors = int(error is not None)
        if error:
            lines.append(f"ERROR  {doc.name}  {error}")
        scores[doc.dataset].add(score)
        scores["all"].add(score)
        errors += lines
    return dict(scores), errors


def print_report(scores: dict[str, SourceScore]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="events on real news (hand-coded gold)")
    columns = ("source", "articles", "P", "R", "tp/pred/gold", "false per quiet article",
               "place@161km", "date")  # fmt: skip
    for column in columns:
        table.add_column(column, justify="left" if column == "source" else "right")

    def f(v: float | None) -> str:
        return "—" if v is None else f"{v:.3f}"

    for name in sorted(scores, key=lambda n: (n == "all", n)):
        d = scores[name].as_dict()
        table.add_row(name, str(d["articles"]), f(d["precision"]), f(d["recall"]),
                      f"{d['tp']}/{d['pred']}/{d['gold']}",
                      f"{f(d['false_per_quiet_article'])} ({d['quiet_articles']})",
                      f"{f(d['place_161km'])} ({d['place_scored']})",
                      f"{f(d['date'])} ({d['date_scored']})")  # fmt: skip
    Console(width=120).print(table)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.news", description=__doc__.split("\n")[0]
    )
    parser.add_argument("gold", nargs="*", type=Path, help="news gold .jsonl files (default: all)")
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    paths = args.gold or sorted(NEWS_GOLD.glob("*.dev.jsonl"))
    if not paths:
        print(f"[skip] {NEWS_GOLD} is absent: real-news gold not scored")
        return 0
    missing = [p for p in paths if not p.is_file()]
    if missing:
        print(f"no such gold file: {', '.join(map(str, missing))}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    docs = [doc for path in paths for doc in load_news(path)]
    scores, lines = evaluate(docs, args.workers)
    print_report(scores)
    result = {
        "benchmark": "news",
        "seconds": round(time.perf_counter() - started, 1),
        "gold_files": [str(p) for p in paths],
        "sources": {name: s.as_dict() for name, s in sorted(scores.items())},
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    listing = args.output.with_name(args.output.stem + "-errors.txt")
    listing.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {args.output} and {listing} ({len(lines)} false, mistyped or missed events)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
