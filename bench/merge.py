"""Merging benchmark: `python -m bench.merge`.

Ingests the short articles in ``bench/data/merge/articles/`` (fictional reports of 11 events
from different outlets, with republished wire copies and later stories recalling an event)
through the real pipeline (``analyze`` then ``store.save_result``) into a temporary SQLite
database, then scores against ``bench/data/merge/gold.json``:

- Event merge, pairwise: a mention is labelled with the gold event whose snippet its evidence
  sentence contains (unlabelled mentions are counted, not scored). Over labelled mentions, a
  predicted pair is two mentions linked to the same stored event; a gold pair two mentions
  labelled with the same event. Precision, recall and F1 of the pairs. Missed pairs are broken
  down by why they could not merge (another sub-event type, another place, another day, no
  event).
- Cluster figures: gold events, stored events holding labelled mentions, gold events told by
  exactly one stored event (with all its labelled mentions), sources counted per gold event
  vs the distinct outlets-and-copies that told it.
- Story clusters (near-duplicates): pairwise P/R of articles sharing `story_cluster` against
  the gold copies.
- Idempotence and order: a second ingest of the same files adds nothing; ingesting in reverse
  order gives the pairwise figures shown as `reverse_order`.
Results: a table and ``bench/results/merge.json``.
"""

from __future__ import annotations

import json
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from dateline.pipeline import analyze, as_document
from dateline.resolve.dedup import pairs
from dateline.store import connect, count_events, save_result
from dateline.store.schema import articles, events, mentions

PROJECT = Path(__file__).resolve().parents[1]
DATA = PROJECT / "bench" / "data" / "merge"
RESULTS = PROJECT / "bench" / "results" / "merge.json"


def load_articles() -> list[tuple[str, dict[str, str], str]]:
    """(name, header fields, body) of every article file, in name order."""
    found = []
    for path in sorted((DATA / "articles").glob("*.txt")):
        head, body = path.read_text(encoding="utf-8").split("\n\n", 1)
        meta = dict(line.split(": ", 1) for line in head.splitlines() if ": " in line)
        found.append((path.stem, meta, body))
    return found


def ingest(items: list[tuple[str, dict[str, str], str]], url: str) -> tuple[Any, dict[str, str]]:
    """Analyse and store every article; the engine and document id -> article name."""
    engine = connect(url)
    names: dict[str, str] = {}
    for name, meta, body in items:
        document = as_document(body, url=meta.get("url"), published=meta.get("published"))
        names[document.id] = name
        article = analyze(document)
        with engine.begin() as conn:
            save_result(conn, document, article, None)
    return engine, names


def prf(tp: int, pred: int, gold: int) -> dict[str, float | int]:
    p = tp / pred if pred else 0.0
    r = tp / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3), "tp": tp,
            "predicted_pairs": pred, "gold_pairs": gold}  # fmt: skip


def score(engine: Any, names: dict[str, str], gold: dict[str, Any]) -> dict[str, Any]:
    with engine.connect() as conn:
        rows = [dict(r) for r in conn.execute(select(mentions).order_by(mentions.c.id)).mappings()]
        clusters = dict(
            conn.execute(select(articles.c.document_id, articles.c.story_cluster)).all()
        )
        stored_events = {
            r.id: r.sources for r in conn.execute(select(events.c.id, events.c.sources))
        }
    labelled: dict[int, str] = {}
    unlabelled = 0
    for row in rows:
        snippets = gold["mentions"].get(names[row["document_id"]], [])
        label = next((e for e, s in snippets if s in row["evidence"]), None)
        if label is None:
            unlabelled += 1
        else:
            labelled[row["id"]] = label
    by_id = {r["id"]: r for r in rows}
    ids = sorted(labelled)
    gold_pairs = pairs([[i for i in ids if labelled[i] == e] for e in set(labelled.values())])
    predicted_groups: dict[Any, list[int]] = defaultdict(list)
    for i in ids:
        event_id = by_id[i]["event_id"]
        predicted_groups[event_id if event_id is not None else f"none-{i}"].append(i)
    pred_pairs = pairs(predicted_groups.values())
    merge = prf(len(gold_pairs & pred_pairs), len(pred_pairs), len(gold_pairs))

    why: dict[str, int] = defaultdict(int)
    for pair in gold_pairs - pred_pairs:
        a, b = (by_id[i] for i in sorted(pair))
        if a["event_id"] is None or b["event_id"] is None:
            why["no event (background not attached or unplaced)"] += 1
        elif a["sub_event_type"] != b["sub_event_type"]:
            why["different sub-event type"] += 1
        elif a["geonameid"] != b["geonameid"]:
            why["different place"] += 1
        elif a["event_date"] != b["event_date"]:
            why["different date"] += 1
        else:
            why["other"] += 1

    per_gold: dict[str, dict[str, Any]] = {}
    exact = 0
    for event in sorted(set(labelled.values()), key=lambda e: int(e[1:])):
        members = [i for i in ids if labelled[i] == event]
        stored = {by_id[i]["event_id"] for i in members if by_id[i]["event_id"] is not None}
        told_by = {
            clusters.get(by_id[i]["document_id"]) or by_id[i]["document_id"] for i in members
        }
        whole = len(stored) == 1 and all(by_id[i]["event_id"] in stored for i in members)
        pure = all(labelled.get(m["id"]) in (None, event) for m in rows if m["event_id"] in stored)
        exact += whole and pure
        main = (
            max(stored, key=lambda s: sum(by_id[i]["event_id"] == s for i in members))
            if stored
            else None
        )
        per_gold[event] = {
            "mentions": len(members),
            "stored_events": len(stored),
            "sources_counted": stored_events.get(main),
            "sources_expected": len(told_by),
        }

    copies = pairs(gold["copies"])
    by_cluster: dict[str, list[str]] = defaultdict(list)
    for doc_id, cluster in clusters.items():
        by_cluster[cluster or doc_id].append(names[doc_id])
    story_pairs = pairs(by_cluster.values())
    return {
        "mentions": len(rows),
        "labelled_mentions": len(labelled),
        "unlabelled_mentions": unlabelled,
        "merge_pairwise": merge,
        "missed_pairs_by_reason": dict(why),
        "gold_events": len(per_gold),
        "stored_events_with_labelled_mentions": len(
            {by_id[i]["event_id"] for i in ids if by_id[i]["event_id"] is not None}
        ),
        "gold_events_told_by_exactly_one_stored_event": exact,
        "per_gold_event": per_gold,
        "story_clusters_pairwise": prf(len(story_pairs & copies), len(story_pairs), len(copies)),
        "story_clusters": len(by_cluster),
    }


def main() -> None:
    gold = json.loads((DATA / "gold.json").read_text(encoding="utf-8"))
    items = load_articles()
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        engine, names = ingest(items, f"sqlite:///{Path(tmp) / 'merge.db'}")
        seconds = time.perf_counter() - started
        result = score(engine, names, gold)
        with engine.connect() as conn:
            before = (
                count_events(conn),
                conn.execute(select(func.count()).select_from(mentions)).scalar(),
            )
        again, _ = ingest(items, str(engine.url))
        with again.connect() as conn:
            after = (
                count_events(conn),
                conn.execute(select(func.count()).select_from(mentions)).scalar(),
            )
        engine.dispose()
        again.dispose()
        reverse, rnames = ingest(list(reversed(items)), f"sqlite:///{Path(tmp) / 'reverse.db'}")
        reversed_result = score(reverse, rnames, gold)
        reverse.dispose()
    result["articles"] = len(items)
    result["seconds_per_article"] = round(seconds / len(items), 3)
    result["second_ingest_adds_nothing"] = before == after
    result["reverse_order"] = {
        "merge_pairwise": reversed_result["merge_pairwise"],
        "story_clusters_pairwise": reversed_result["story_clusters_pairwise"],
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")

    m, s = result["merge_pairwise"], result["story_clusters_pairwise"]
    rm = result["reverse_order"]["merge_pairwise"]
    print(f"merge benchmark: {len(items)} articles, {result['gold_events']} gold events")
    print(f"{'figure':<46}{'value':>10}")
    rows = [
        ("mentions (labelled / unlabelled)", f"{result['labelled_mentions']}/"
         f"{result['unlabelled_mentions']}"),
        ("merge pairwise precision", m["precision"]),
        ("merge pairwise recall", m["recall"]),
        ("merge pairwise F1", m["f1"]),
        ("  reverse order P / R", f"{rm['precision']}/{rm['recall']}"),
        ("stored events holding labelled mentions", result["stored_events_with_labelled_mentions"]),
        ("gold events told by exactly one event",
         f"{result['gold_events_told_by_exactly_one_stored_event']}/{result['gold_events']}"),
        ("story clusters pairwise precision", s["precision"]),
        ("story clusters pairwise recall", s["recall"]),
        ("second ingest adds nothing", result["second_ingest_adds_nothing"]),
        ("seconds per article", result["seconds_per_article"]),
    ]  # fmt: skip
    for label, value in rows:
        print(f"{label:<46}{value!s:>10}")
    for reason, n in sorted(result["missed_pairs_by_reason"].items()):
        print(f"  missed pairs, {reason}: {n}")
    print(f"wrote {RESULTS.relative_to(PROJECT)}")


if __name__ == "__main__":
    main()
