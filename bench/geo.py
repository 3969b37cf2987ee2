"""Geoparsing benchmark: `python -m bench.geo [FILES...]`.

Reads public geoparsing gold corpora (default: ``../shared/eval/geo/*.dev.xml``; skipped with a
message when absent) and runs the real pipeline on each article's raw text:
``dateline.nlp.load_nlp()(text)`` then ``dateline.geo.resolve_places(doc, Article(...))``.

Formats (see ``../shared/eval/README.md``):
- TR-News / LGL: ``<toponym>`` with ``<phrase>``, ``<start>``/``<end>`` and
  ``<gaztag geonameid=…>`` holding ``<lat>``/``<lon>``;
- GeoWebNews: ``<extractedName>``, ``<type>``, ``<start>``/``<end>`` and, for real places only,
  ``<geonamesID>``, ``<latitude>``, ``<longitude>``.

Scoring, per corpus:
- Recognition (span overlap): a gold toponym *with coordinates* is found when a predicted span
  overlaps it (each prediction pairs with at most one gold toponym, and vice versa). A
  prediction overlapping only gold expressions that carry no coordinates (GeoWebNews' literal
  expressions, people demonyms, …) is neither right nor wrong: the corpus does not score them.
  Every other prediction is a false positive. All three corpora annotate adjectival demonyms
  ("Turkish" -> Turkey, "American" -> United States) and places inside organisation names
  ("Texas Department of Health") as toponyms, so the pipeline is asked for every mention
  (``resolve_places(..., every_mention=True)``); the event pipeline keeps demonyms as context
  only and leaves organisation names alone.
- Resolution, over the recognised gold toponyms: accuracy within 161 km (100 miles) of the gold
  point and exact GeoNames id.
- Baseline: the same recognised spans, each resolved to its most populous gazetteer candidate.
- Time: wall-clock seconds per article (language pipeline + resolution).
Results: a Rich table and ``bench/results/geo.json``.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.scoring import Counts, rounded

PROJECT = Path(__file__).resolve().parents[1]
SHARED_GEO = PROJECT.parent / "shared" / "eval" / "geo"
RESULTS = PROJECT / "bench" / "results" / "geo.json"
KM_THRESHOLD = 161.0


# ---------------------------------------------------------------- gold


@dataclass
class GoldToponym:
    start: int
    end: int
    phrase: str
    geonameid: int | None = None
    lat: float | None = None
    lon: float | None = None

    @property
    def scored(self) -> bool:
        return self.lat is not None and self.lon is not None


@dataclass
class GoldArticle:
    docid: str
    text: str
    toponyms: list[GoldToponym] = field(default_factory=list)


def _float(text: str | None) -> float | None:
    try:
        return float(text) if text not in (None, "") else None
    except ValueError:
        return None


def _int(text: str | None) -> int | None:
    try:
        return int(text) if text not in (None, "") else None
    except ValueError:
        return None


def parse_toponym(el: ET.Element) -> GoldToponym | None:
    start, end = _int(el.findtext("start")), _int(el.findtext("end"))
    if start is None or end is None:
        return None
    gaz = el.find("gaztag")
    if gaz is not None or el.find("phrase") is not None:  # TR-News / LGL
        phrase = el.findtext("phrase") or ""
        if gaz is None:
            return GoldToponym(start, end, phrase)
        return GoldToponym(
            start, end, phrase, _int(gaz.get("geonameid")),
            _float(gaz.findtext("lat")), _float(gaz.findtext("lon")),
        )  # fmt: skip
    return GoldToponym(  # GeoWebNews
        start, end, el.findtext("extractedName") or "", _int(el.findtext("geonamesID")),
        _float(el.findtext("latitude")), _float(el.findtext("longitude")),
    )  # fmt: skip


def parse_corpus(path: Path) -> list[GoldArticle]:
    root = ET.parse(path).getroot()
    out: list[GoldArticle] = []
    for n, art in enumerate(root.iter("article")):
        docid = art.get("docid") or art.get("file") or str(n)
        text = art.findtext("text") or ""
        toponyms = [t for el in art.iter("toponym") if (t := parse_toponym(el)) is not None]
        out.append(GoldArticle(docid, text, toponyms))
    return out


def corpus_name(path: Path) -> str:
    return path.name.split(".")[0]


# ---------------------------------------------------------------- scoring


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


@dataclass
class Prediction:
    start: int
    end: int
    geonameid: int | None
    lat: float | None
    lon: float | None
    baseline: tuple[int | None, float | None, float | None] | None = None  # (id, lat, lon)
    text: str = ""


def _overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    return max(0, min(a_end, b_end) - max(a_start, b_start))


def match_spans(
    gold: list[GoldToponym], preds: list[Prediction]
) -> tuple[list[tuple[int, int]], set[int]]:
    """Pairs (gold index, prediction index) of overlapping spans (largest overlaps first, one
    to one) among scored gold toponyms, and the predictions that overlap only unscored gold."""
    options = []
    for gi, g in enumerate(gold):
        if not g.scored:
            continue
        for pi, p in enumerate(preds):
            ov = _overlap(g.start, g.end, p.start, p.end)
            if ov:
                options.append((-ov, gi, pi))
    options.sort()
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, gi, pi in options:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        pairs.append((gi, pi))
    ignored = set()
    for pi, p in enumerate(preds):
        if pi in used_p:
            continue
        hits = [g for g in gold if _overlap(g.start, g.end, p.start, p.end)]
        if hits and not any(g.scored for g in hits):
            ignored.add(pi)
    return sorted(pairs), ignored


@dataclass
class CorpusScore:
    name: str
    articles: int = 0
    seconds: float = 0.0
    recognition: Counts = field(default_factory=Counts)
    resolved: int = 0  # recognised gold toponyms (denominator of the accuracies)
    within: int = 0
    exact: int = 0
    baseline_within: int = 0
    baseline_exact: int = 0
    errors: list[dict] = field(default_factory=list)

    def add_article(self, gold: list[GoldToponym], preds: list[Prediction],
                    keep_errors: int = 400) -> None:  # fmt: skip
        pairs, ignored = match_spans(gold, preds)
        self.articles += 1
        n_gold = sum(g.scored for g in gold)
        self.recognition.add(tp=len(pairs), pred=len(preds) - len(ignored), gold=n_gold)
        for gi, pi in pairs:
            g, p = gold[gi], preds[pi]
            self.resolved += 1
            ok = p.lat is not None and haversine_km(g.lat, g.lon, p.lat, p.lon) <= KM_THRESHOLD
            self.within += ok
            self.exact += p.geonameid is not None and p.geonameid == g.geonameid
            if p.baseline is not None:
                bid, blat, blon = p.baseline
                self.baseline_within += (
                    blat is not None and haversine_km(g.lat, g.lon, blat, blon) <= KM_THRESHOLD
                )
                self.baseline_exact += bid is not None and bid == g.geonameid
            if not ok and len(self.errors) < keep_errors:
                self.errors.append(
                    {"gold": g.phrase, "gold_id": g.geonameid, "pred": p.text,
                     "pred_id": p.geonameid, "km": None if p.lat is None else
                     round(haversine_km(g.lat, g.lon, p.lat, p.lon))}
                )  # fmt: skip

    def _share(self, n: int) -> float | None:
        return n / self.resolved if self.resolved else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "recognition": self.recognition.as_dict(),
            "resolved": self.resolved,
            "acc_161km": rounded(self._share(self.within)),
            "exact_id": rounded(self._share(self.exact)),
            "baseline_acc_161km": rounded(self._share(self.baseline_within)),
            "baseline_exact_id": rounded(self._share(self.baseline_exact)),
            "seconds_per_article": rounded(self.seconds / self.articles if self.articles else None),
            "resolution_errors": self.errors,
        }


# ---------------------------------------------------------------- running


def predict(text: str, docid: str) -> list[Prediction]:
    from dateline.geo import get_gazetteer, resolve_places
    from dateline.model import Article
    from dateline.nlp import load_nlp

    doc = load_nlp()(text)
    places = resolve_places(doc, Article(document_id=docid, text=text), every_mention=True)
    gaz = get_gazetteer()
    out = []
    for place in places:
        cands = gaz.lookup(place.text) or gaz.lookup(place.name)
        base = max(cands, key=lambda c: c.population) if cands else None
        out.append(
            Prediction(
                place.start, place.end, place.geonameid, place.lat, place.lon,
                (base.geonameid, base.lat, base.lon) if base else (None, None, None), place.text,
            )
        )  # fmt: skip
    return out


def evaluate(paths: list[Path]) -> dict[str, CorpusScore]:
    from dateline.geo import get_gazetteer
    from dateline.nlp import load_nlp

    load_nlp()
    get_gazetteer()
    scores: dict[str, CorpusScore] = {}
    for path in paths:
        score = scores.setdefault(corpus_name(path), CorpusScore(corpus_name(path)))
        for art in parse_corpus(path):
            started = time.perf_counter()
            preds = predict(art.text, art.docid)
            score.seconds += time.perf_counter() - started
            score.add_article(art.toponyms, preds)
    return scores


def fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def print_report(scores: dict[str, CorpusScore]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="geo · toponym recognition (span overlap) and resolution")
    columns = ("corpus", "articles", "P", "R", "F1", "resolved", "acc@161km", "exact id",
               "base acc@161", "base exact", "s/article")  # fmt: skip
    for column in columns:
        table.add_column(column, justify="left" if column == "corpus" else "right")
    for s in scores.values():
        d = s.as_dict()
        r = d["recognition"]
        table.add_row(
            s.name, str(s.articles), fmt(r["precision"]), fmt(r["recall"]), fmt(r["f1"]),
            str(s.resolved), fmt(d["acc_161km"]), fmt(d["exact_id"]),
            fmt(d["baseline_acc_161km"]), fmt(d["baseline_exact_id"]),
            fmt(d["seconds_per_article"]),
        )  # fmt: skip
    Console(width=max(Console().width, 130)).print(table)


def default_files() -> list[Path]:
    return sorted(SHARED_GEO.glob("*.dev.xml")) if SHARED_GEO.is_dir() else []


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.geo", description=__doc__.split("\n")[0])
    parser.add_argument("files", nargs="*", type=Path, help="gold XML files (default: dev sets)")
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    paths = args.files or default_files()
    if not paths:
        print(f"geo benchmark skipped: no gold corpora in {SHARED_GEO}", file=sys.stderr)
        return 0
    missing = [p for p in paths if not p.is_file()]
    if missing:
        print(f"no such gold file: {', '.join(map(str, missing))}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    scores = evaluate(paths)
    print_report(scores)
    result = {
        "benchmark": "geo",
        "seconds": round(time.perf_counter() - started, 1),
        "gold_files": [str(p) for p in paths],
        "corpora": {name: s.as_dict() for name, s in scores.items()},
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(
        json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
