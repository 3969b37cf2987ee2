"""Story-date benchmark: `python -m bench.story_dates`.

Reads ``bench/data/story_dates/articles.jsonl`` (fictional articles written for this bench:
fresh news, fresh news that recalls history, republished or re-dated pages whose page date is
later than the story, and pages with no date at all; each with its true story date) and runs
the real extract stage and `pipeline.date_story` on each, then `time.estimate_story` for the
likely day. Reports:
- containment: how often the interval holds the true date (over all articles, an article
  with no interval counting as a miss, and over those with one);
- median and maximum interval width in days;
- `stale` accuracy where the expected value is known;
- median error in days of the likely day (`estimate_story_day`) against that of the day
  relative dates are counted from today (`Article.reference_date`, the interval's end).
Results: a table and ``bench/results/story_dates.json``.
"""

from __future__ import annotations

import json
import statistics
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

from dateline.extract import extract_article
from dateline.model import Document
from dateline.pipeline import date_story
from dateline.time import estimate_story

PROJECT = Path(__file__).resolve().parents[1]
DATA = PROJECT / "bench" / "data" / "story_dates" / "articles.jsonl"
RESULTS = PROJECT / "bench" / "results" / "story_dates.json"


def run_one(record: dict[str, Any]) -> dict[str, Any]:
    hints = {k: record[k] for k in ("published", "updated") if record.get(k)}
    hints["url"] = f"https://bench.example/{record['id']}"
    document = Document.from_bytes(
        record["text"].encode("utf-8"), hints["url"], "text/plain", hints
    )
    article = extract_article(document)
    date_story(article)
    likely = estimate_story(article)
    true = date.fromisoformat(record["true_date"])
    first, last = article.story_date_from, article.story_date_to
    reference = article.reference_date
    return {
        "id": record["id"],
        "kind": record["kind"],
        "true_date": true.isoformat(),
        "interval": [first.isoformat(), last.isoformat()] if first and last else None,
        "contains": bool(first and last and first <= true <= last),
        "width_days": (last - first).days + 1 if first and last else None,
        "stale": article.stale,
        "expected_stale": record.get("expected_stale"),
        "likely_day": likely.day.isoformat() if likely.day else None,
        "likely_day_error": abs((likely.day - true).days) if likely.day else None,
        "reference_day_error": abs((reference - true).days) if reference else None,
        "evidence": article.story_date_evidence,
    }


def summarise(rows: list[dict[str, Any]]) -> dict[str, Any]:
    dated = [r for r in rows if r["interval"]]
    widths = [r["width_days"] for r in dated]
    staled = [r for r in rows if r["expected_stale"] is not None]
    likely = [r["likely_day_error"] for r in rows if r["likely_day_error"] is not None]
    refs = [r["reference_day_error"] for r in rows if r["reference_day_error"] is not None]
    return {
        "articles": len(rows),
        "with_interval": len(dated),
        "containment_all": round(sum(r["contains"] for r in rows) / len(rows), 3),
        "containment_dated": round(sum(r["contains"] for r in dated) / len(dated), 3)
        if dated
        else None,
        "median_width_days": statistics.median(widths) if widths else None,
        "max_width_days": max(widths) if widths else None,
        "stale_accuracy": round(
            sum(r["stale"] is r["expected_stale"] for r in staled) / len(staled), 3
        )
        if staled
        else None,
        "likely_day_median_error_days": statistics.median(likely) if likely else None,
        "reference_day_median_error_days": statistics.median(refs) if refs else None,
    }


def main() -> None:
    records = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line]
    rows = [run_one(r) for r in records]
    kinds: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        kinds[row["kind"]].append(row)
    result = {
        "overall": summarise(rows),
        "by_kind": {k: summarise(v) for k, v in sorted(kinds.items())},
        "articles": rows,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    header = ("kind", "n", "contain", "contain*", "med.width", "stale ok", "day err", "ref err")
    print("story-date benchmark (contain* = over articles that got an interval)")
    print("".join(f"{h:>11}" for h in header))
    for name, s in [*result["by_kind"].items(), ("ALL", result["overall"])]:
        cells = (name, s["articles"], s["containment_all"], s["containment_dated"],
                 s["median_width_days"], s["stale_accuracy"], s["likely_day_median_error_days"],
                 s["reference_day_median_error_days"])  # fmt: skip
        print("".join(f"{c!s:>11}" for c in cells))
    for row in rows:
        if not row["contains"]:
            print(f"  miss: {row['id']} true {row['true_date']} interval {row['interval']}")
    print(f"wrote {RESULTS.relative_to(PROJECT)}")


if __name__ == "__main__":
    main()
