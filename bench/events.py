"""Event-coding benchmark: `python -m bench.events [GOLD_FILES...]`.

Runs `dateline.analyze` on every gold-coded document and scores the event mentions it finds
against the gold events, field by field, per dataset:

- ``shared``: ``../shared/eval/events/*.gold.json`` (real news; skipped when absent). Their
  ``document`` paths are relative to ``../shared``; a ``.jsonl`` document is its one line.
- ``samples``: ``samples/gold/*.gold.json`` (the bundled fictional pages; paths relative to the
  project root, ``record`` picks a JSONL line, counting from 1).
- ``passages``: ``bench/data/passages.jsonl`` (short passages written for the project, every
  ACLED sub-event type plus hard cases whose right answer is often "no event").

Alignment: a predicted mention is paired with a gold event when their evidence sentences
overlap (gold evidence, or one of its ``evidence_also`` sentences). The event is *found* when
the pair also agrees on the sub-event type (or an ``accept`` alternative) and, for a gold
background event, the mention is flagged background. A non-background mention that finds no
gold event is a false positive; background mentions without gold, further mentions of an
already-found event and mentions of ``optional`` gold events are not counted either way.
Results: a Rich table per dataset and ``bench/results/events.json``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from bench.scoring import (
    Counts,
    date_within,
    field_outcome,
    fold_name,
    macro_f1,
    normalize_text,
    rounded,
    texts_overlap,
)

PROJECT = Path(__file__).resolve().parents[1]
SHARED = PROJECT.parent / "shared"
SHARED_GOLD = SHARED / "eval" / "events"
SAMPLES_GOLD = PROJECT / "samples" / "gold"
PASSAGES = PROJECT / "bench" / "data" / "passages.jsonl"
RESULTS = PROJECT / "bench" / "results" / "events.json"

EVENT_FIELDS = [
    "found",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "place",
    "date",
    "fatalities",
    "background",
]
QUOTE_FIELDS = ["quote", "quote_speaker"]


# ---------------------------------------------------------------- loading gold documents


@dataclass
class GoldDoc:
    """One document to analyse, with the gold events and quotes it should yield."""

    dataset: str
    name: str
    source: str | None  # the text or HTML handed to `analyze`
    url: str | None = None
    published: str | None = None
    events: list[dict] = field(default_factory=list)
    quotes: list[dict] | None = None  # None: quotes not annotated
    error: str | None = None


def dataset_of(path: Path) -> str:
    path = path.resolve()
    if path.suffix == ".jsonl":
        return "passages"
    if PROJECT / "samples" in path.parents:
        return "samples"
    return "shared"


def find_document(relative: str, gold_path: Path) -> Path | None:
    """A gold file's `document`: relative to the project, to ../shared, or to the gold file."""
    for base in (PROJECT, SHARED, gold_path.parent):
        candidate = base / relative
        if candidate.is_file():
            return candidate
    return None


def read_source(path: Path, record: int | None) -> tuple[str, str | None, str | None]:
    """(text or HTML, url, published) of a file, or of line `record` (from 1) of a JSONL file."""
    if path.suffix == ".jsonl":
        lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
        row = json.loads(lines[(record or 1) - 1])
        return row.get("html") or row.get("text") or "", row.get("url"), row.get("published")
    return path.read_text(encoding="utf-8"), path.resolve().as_uri(), None


def load_gold_file(path: Path) -> GoldDoc:
    gold = json.loads(path.read_text(encoding="utf-8"))
    name = path.name.removesuffix(".gold.json")
    doc = GoldDoc(dataset_of(path), name, None, events=gold.get("events", []))
    doc.quotes = gold.get("quotes")
    source = find_document(gold.get("document", ""), path)
    if source is None:
        doc.error = f"document {gold.get('document')!r} not found"
        return doc
    try:
        doc.source, doc.url, doc.published = read_source(source, gold.get("record"))
    except (OSError, ValueError, IndexError) as exc:
        doc.error = f"cannot read {source}: {exc}"
    return doc


def load_passages(path: Path) -> list[GoldDoc]:
    docs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        events = [{"id": f"G{i}", **e} for i, e in enumerate(row.get("events", []), 1)]
        docs.append(GoldDoc("passages", row["id"], row["text"], None, row.get("published"), events))
    return docs


def default_gold_files() -> list[Path]:
    files: list[Path] = []
    if SHARED_GOLD.is_dir():
        files += sorted(SHARED_GOLD.glob("*.gold.json"))
    else:
        print(f"[skip] {SHARED_GOLD} is absent: shared evaluation data not scored")
    if PASSAGES.is_file():
        files.append(PASSAGES)
    files += sorted(SAMPLES_GOLD.glob("*.gold.json"))
    return files


def load_all(paths: list[Path]) -> list[GoldDoc]:
    docs: list[GoldDoc] = []
    for path in paths:
        if path.suffix == ".jsonl":
            docs += load_passages(path)
        else:
            docs.append(load_gold_file(path))
    return docs


# ---------------------------------------------------------------- predictions


@dataclass
class Pred:
    """The fields of one predicted mention that the benchmark scores."""

    event_type: str | None
    sub_event_type: str | None
    actor1: str | None
    actor2: str | None
    place: dict | None
    date: date | None
    fatalities: int | None
    background: bool
    evidence: str
    evidence_also: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "sub_event_type": self.sub_event_type,
            "actor1": self.actor1,
            "actor2": self.actor2,
            "place": self.place and self.place.get("name"),
            "date": self.date.isoformat() if self.date else None,
            "fatalities": self.fatalities,
            "background": self.background,
            "evidence": self.evidence[:160],
        }


def actor_name(actor: Any) -> str | None:
    if actor is None:
        return None
    return getattr(actor, "name", None) or (actor if isinstance(actor, str) else None)


def as_pred(mention: Any) -> Pred:
    place = getattr(mention, "place", None)
    when = getattr(mention, "date", None)
    if isinstance(when, datetime):
        when = when.date()
    evidence = getattr(mention, "evidence", None)
    return Pred(
        event_type=getattr(mention, "event_type", None),
        sub_event_type=getattr(mention, "sub_event_type", None),
        actor1=actor_name(getattr(mention, "actor1", None)),
        actor2=actor_name(getattr(mention, "actor2", None)),
        place=None
        if place is None
        else {
            "geonameid": getattr(place, "geonameid", None),
            "name": getattr(place, "name", None),
            "text": getattr(place, "text", None),
        },
        date=when,
        fatalities=getattr(mention, "fatalities", None),
        background=bool(getattr(mention, "background", False)),
        evidence=getattr(evidence, "text", evidence) or "",
        evidence_also=tuple(span.text for span in getattr(mention, "evidence_also", [])),
    )


def run_analyze(doc: GoldDoc, analyze: Any) -> tuple[list[Pred], list[Any], str | None]:
    """(mentions, quotes, error) of one document; an exception becomes the error."""
    if doc.error or doc.source is None:
        return [], [], doc.error or "no source"
    try:
        article = analyze(doc.source, url=doc.url, published=doc.published)
    except Exception as exc:  # the benchmark reports failures, it does not stop on them
        return [], [], f"{type(exc).__name__}: {exc}"
    mentions = [as_pred(m) for m in getattr(article, "mentions", []) or []]
    return mentions, list(getattr(article, "quotes", []) or []), None


# ---------------------------------------------------------------- matching one document


def accepted(gold: dict, name: str) -> list:
    """The gold value of a field followed by its `accept` alternatives."""
    return [gold.get(name), *gold.get("accept", {}).get(name, [])]


def evidence_of(gold: dict) -> list[str]:
    return [gold.get("evidence") or "", *gold.get("evidence_also", [])]


def same_actor(predicted: str, gold: str) -> bool:
    """Equal names, ignoring case, accents and ACLED's period suffix; "Civilians" matches
    "Civilians (Syria)" when one side leaves the country out."""
    p, g = fold_name(predicted), fold_name(gold)
    if p == g:
        return True
    bare_p, bare_g = predicted.split("(")[0], gold.split("(")[0]
    one_bare = ("(" in predicted) != ("(" in gold)
    return one_bare and fold_name(bare_p) == fold_name(bare_g)


def same_place(predicted: dict, gold: dict) -> bool:
    if predicted.get("geonameid") and gold.get("geonameid"):
        return int(predicted["geonameid"]) == int(gold["geonameid"])
    names = {fold_name(predicted.get(k) or "") for k in ("name", "text")} - {""}
    return bool(gold.get("location")) and fold_name(gold["location"]) in names


def same_type(predicted: str, gold: str) -> bool:
    return normalize_text(predicted) == normalize_text(gold)


def type_ok(pred: Pred, gold: dict) -> bool:
    return any(
        g and pred.sub_event_type and same_type(pred.sub_event_type, g)
        for g in accepted(gold, "sub_event_type")
    )


def is_found(pred: Pred, gold: dict) -> bool:
    return type_ok(pred, gold) and (pred.background or not gold.get("background"))


def pair_score(pred: Pred, gold: dict) -> tuple[int, int, int, int] | None:
    """Priority of pairing a mention with a gold event, or None when the evidence differs."""
    sentences = evidence_of(gold)
    primary = texts_overlap(pred.evidence, sentences[0])
    told = (pred.evidence, *pred.evidence_also)
    if not primary and not any(texts_overlap(p, s) for p in told for s in sentences):
        return None
    return (
        int(is_found(pred, gold)),
        int(type_ok(pred, gold)),
        int(primary),
        int(pred.background == bool(gold.get("background"))),
    )


def align(golds: list[dict], preds: list[Pred]) -> tuple[dict[int, int], set[int]]:
    """Greedy best-first pairing: ({pred index: gold index}, indices of free predictions).

    Free predictions count nowhere: further mentions of an event already paired (same type),
    mentions of optional gold events, and background mentions that pair with nothing.
    """
    candidates = []
    for pi, pred in enumerate(preds):
        for gi, gold in enumerate(golds):
            score = pair_score(pred, gold)
            if score is not None:
                candidates.append((score, -pi, -gi, pi, gi))
    candidates.sort(reverse=True)
    pairs: dict[int, int] = {}
    taken: set[int] = set()
    for _score, _npi, _ngi, pi, gi in candidates:
        if pi in pairs or gi in taken:
            continue
        pairs[pi] = gi
        taken.add(gi)
    free: set[int] = set()
    for pi, pred in enumerate(preds):
        if pi in pairs:
            if golds[pairs[pi]].get("optional"):
                free.add(pi)
            continue
        overlapping = [g for g in golds if pair_score(pred, g) is not None]
        if any(g.get("optional") or type_ok(pred, g) for g in overlapping) or (
            pred.background and not overlapping
        ):
            free.add(pi)
    return pairs, free


def field_values(name: str, pred: Pred | None, gold: dict | None) -> tuple[list, Any, Any]:
    """(accepted gold values, predicted value, comparison) of one field."""
    same = {"actor1": same_actor, "actor2": same_actor, "place": same_place}.get(
        name, lambda p, g: p == g
    )
    golds: list = []
    if name == "place":
        if gold is not None:
            has = gold.get("geonameid") or gold.get("location")
            golds = [
                {
                    "geonameid": gold.get("geonameid"),
                    "name": gold.get("location"),
                    "location": gold.get("location"),
                }
                if has
                else None
            ]
        value = pred.place if pred else None
        if value and not (value.get("geonameid") or value.get("name")):
            value = None
    elif name == "date":
        golds = accepted(gold, "date") if gold else []
        value, same = (pred.date if pred else None), date_within
    elif name == "fatalities":
        golds = [v or 0 for v in accepted(gold, "fatalities")] if gold else []
        value = (pred.fatalities or 0) if pred else None
    else:
        golds = accepted(gold, name) if gold else []
        value = getattr(pred, name) if pred else None
    return golds, value, same


ANNOTATION_KEYS = {"place": ("geonameid", "location"), "date": ("date",)}


def annotated(name: str, gold: dict) -> bool:
    """Whether a gold event codes this field at all (the passage set codes no place or date)."""
    keys = ANNOTATION_KEYS.get(name)
    return keys is None or any(k in gold for k in keys)


def score_events(golds: list[dict], preds: list[Pred]) -> tuple[dict[str, Counts], dict, dict]:
    """Per-field counts, per-sub-type counts and a readable account of one document."""
    counts = {name: Counts() for name in EVENT_FIELDS}
    labels: dict[str, Counts] = defaultdict(Counts)
    pairs, free = align(golds, preds)
    by_gold = {gi: pi for pi, gi in pairs.items()}
    detail: dict[str, list] = {"found": [], "missed": [], "wrong_type": [], "false_positive": []}

    for gi, gold in enumerate(golds):
        if gold.get("optional"):
            continue
        pi = by_gold.get(gi)
        pred = preds[pi] if pi is not None else None
        found = pred is not None and is_found(pred, gold)
        counts["found"].add(tp=found, gold=1)
        sub = gold.get("sub_event_type") or "?"
        labels[sub].add(tp=found, gold=1)
        if pred is not None and not found:
            labels[pred.sub_event_type or "?"].add(pred=1)
        for name in ("event_type", "sub_event_type", "background"):
            gold_value = bool(gold.get("background")) if name == "background" else None
            tp = pred is not None and (
                type_ok(pred, gold)
                if name == "sub_event_type"
                else pred.background == gold_value
                if name == "background"
                else pred.event_type == gold.get("event_type")
            )
            counts[name].add(tp=tp, gold=1)
        for name in ("actor1", "actor2", "place", "date", "fatalities"):
            if not annotated(name, gold):
                continue
            golds_v, value, same = field_values(name, pred if found else None, gold)
            tp, _p, g = field_outcome(golds_v, value, same)
            counts[name].add(tp=tp, gold=g)
        gid = gold.get("id", f"#{gi}")
        if found:
            detail["found"].append(gid)
        elif pred is not None:
            detail["wrong_type"].append(
                {
                    "gold": gid,
                    "expected": sub,
                    "background": gold.get("background", False),
                    "predicted": pred.as_dict(),
                }
            )
        else:
            detail["missed"].append(
                {
                    "gold": gid,
                    "expected": sub,
                    "background": gold.get("background", False),
                    "evidence": (gold.get("evidence") or "")[:160],
                }
            )

    for pi, pred in enumerate(preds):
        if pi in free:
            continue
        gold = golds[pairs[pi]] if pi in pairs else None
        found = gold is not None and is_found(pred, gold)
        counts["found"].add(pred=1)
        for name in ("event_type", "sub_event_type", "background"):
            counts[name].add(pred=1)
        for name in ("actor1", "actor2", "place", "date", "fatalities"):
            if not (annotated(name, gold) if gold else any(annotated(name, g) for g in golds)):
                continue
            golds_v, value, same = field_values(name, pred, gold if found else None)
            _t, p, _g = field_outcome(golds_v if found else [], value, same)
            counts[name].add(pred=p)
        if gold is None:
            labels[pred.sub_event_type or "?"].add(pred=1)
            detail["false_positive"].append(pred.as_dict())
        elif found:  # counted under the gold label it was accepted for (maybe an alternative)
            labels[gold.get("sub_event_type") or "?"].add(pred=1)
    return counts, dict(labels), detail


def same_speaker(predicted: str | None, gold: str | None) -> bool:
    if not predicted or not gold:
        return False
    p, g = fold_name(predicted).split(), fold_name(gold).split()
    return bool(p and g) and (g[-1] in p or p[-1] in g)


def score_quotes(golds: list[dict] | None, quotes: list[Any]) -> dict[str, Counts]:
    """Quote found (its start is in a predicted quote) and found with the right speaker."""
    counts = {name: Counts() for name in QUOTE_FIELDS}
    if golds is None:
        return counts
    texts = [normalize_text(getattr(q, "text", "") or "") for q in quotes]
    used: set[int] = set()
    for gold in golds:
        start = normalize_text(gold.get("starts", ""))
        hit = next((i for i, t in enumerate(texts) if i not in used and start and start in t), None)
        if hit is not None:
            used.add(hit)
        speaker_ok = hit is not None and same_speaker(
            getattr(quotes[hit], "speaker", None), gold.get("speaker")
        )
        counts["quote"].add(tp=hit is not None, gold=1)
        counts["quote_speaker"].add(tp=speaker_ok, gold=1)
    counts["quote"].add(pred=len(quotes))
    counts["quote_speaker"].add(pred=sum(1 for q in quotes if getattr(q, "speaker", None)))
    return counts


# ---------------------------------------------------------------- running and reporting


@dataclass
class DatasetScore:
    name: str
    documents: int = 0
    errors: int = 0
    fields: dict[str, Counts] = field(
        default_factory=lambda: {n: Counts() for n in EVENT_FIELDS + QUOTE_FIELDS}
    )
    labels: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    details: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "errors": self.errors,
            "fields": {n: c.as_dict() for n, c in self.fields.items() if c.gold or c.pred},
            "sub_event_type_macro_f1": rounded(macro_f1(self.labels)),
            "sub_event_types": {k: v.as_dict() for k, v in sorted(self.labels.items())},
            "documents_detail": self.details,
        }


def load_analyze() -> tuple[Any, str | None]:
    try:
        from dateline import analyze
    except Exception as exc:  # the pipeline may be half-built; report, don't crash
        return None, f"cannot import dateline.analyze: {type(exc).__name__}: {exc}"
    return analyze, None


def evaluate(docs: list[GoldDoc]) -> dict[str, DatasetScore]:
    analyze, import_error = load_analyze()
    scores: dict[str, DatasetScore] = {}
    for doc in docs:
        ds = scores.setdefault(doc.dataset, DatasetScore(doc.dataset))
        if analyze is None:
            preds, quotes, error = [], [], import_error
        else:
            preds, quotes, error = run_analyze(doc, analyze)
        counts, labels, detail = score_events(doc.events, preds)
        counts.update(score_quotes(doc.quotes, quotes))
        ds.documents += 1
        ds.errors += bool(error)
        for name, c in counts.items():
            ds.fields[name] += c
        for label, c in labels.items():
            ds.labels[label] += c
        ds.details.append({"document": doc.name, "error": error, **detail})
    return scores


def fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def print_report(scores: dict[str, DatasetScore]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    for ds in scores.values():
        macro = macro_f1(ds.labels)
        table = Table(
            title=f"events · {ds.name}: {ds.documents} documents, {ds.errors} errors"
            + (f" · sub-event type macro-F1 {fmt(macro)}" if ds.name == "passages" else "")
        )
        for column in ("field", "P", "R", "F1", "tp", "pred", "gold"):
            table.add_column(column, justify="left" if column == "field" else "right")
        for name, c in ds.fields.items():
            if not (c.gold or c.pred):
                continue
            table.add_row(
                name,
                fmt(c.precision),
                fmt(c.recall),
                fmt(c.f1),
                str(c.tp),
                str(c.pred),
                str(c.gold),
            )
        console.print(table)
        errors = {d["error"] for d in ds.details if d["error"]}
        for error in sorted(errors)[:5]:
            console.print(f"  [red]error[/red] {error}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.events", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "gold", nargs="*", type=Path, help="*.gold.json files or a passages .jsonl (default: all)"
    )
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    paths = args.gold or default_gold_files()
    missing = [p for p in paths if not p.is_file()]
    if missing:
        print(f"no such gold file: {', '.join(map(str, missing))}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    scores = evaluate(load_all(paths))
    print_report(scores)
    result = {
        "benchmark": "events",
        "seconds": round(time.perf_counter() - started, 1),
        "gold_files": [str(p) for p in paths],
        "datasets": {name: ds.as_dict() for name, ds in scores.items()},
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(
        json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
