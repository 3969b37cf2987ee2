"""Shared helpers of the single-label benchmarks (bench.case2021, bench.acled).

- `LabelScores`: accuracy, macro-F1, weighted F1 and the commonest confusions of one
  gold/predicted label list, built on `bench.scoring.Counts`;
- `primary_mention`: the one mention a single-event text is coded by (CASE snippets);
- `lead_mention`: the event a report leads with (ACLED notes);
- `use_classifier`: point `dateline.events.learned` at a model directory and mode.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.scoring import Counts, rounded

NO_EVENT = "no event"


@dataclass
class LabelScores:
    """Scores of one gold/predicted label pairing.

    - accuracy: share of rows whose prediction equals the gold label;
    - macro-F1: mean F1 over the labels that occur in gold (a label only ever predicted, such
      as "no event", lowers the precision of nothing and is not averaged in);
    - weighted F1: the same F1s weighted by their gold support (scikit-learn's "weighted").
    """

    pairs: list[tuple[str, str]] = field(default_factory=list)

    def add(self, gold: str, pred: str | None) -> None:
        self.pairs.append((gold, pred or NO_EVENT))

    def per_label(self) -> dict[str, Counts]:
        labels: dict[str, Counts] = {}
        for gold, pred in self.pairs:
            labels.setdefault(gold, Counts()).add(tp=gold == pred, gold=1)
            labels.setdefault(pred, Counts()).add(pred=1)
        return labels

    @property
    def n(self) -> int:
        return len(self.pairs)

    @property
    def accuracy(self) -> float | None:
        return sum(g == p for g, p in self.pairs) / self.n if self.pairs else None

    @property
    def macro_f1(self) -> float | None:
        gold = [c for c in self.per_label().values() if c.gold]
        return sum(c.f1 or 0.0 for c in gold) / len(gold) if gold else None

    @property
    def weighted_f1(self) -> float | None:
        gold = [c for c in self.per_label().values() if c.gold]
        total = sum(c.gold for c in gold)
        return sum((c.f1 or 0.0) * c.gold for c in gold) / total if total else None

    def confusions(self, top: int = 5) -> list[tuple[str, str, int]]:
        """The commonest (gold, predicted, count) mistakes, ties broken by name."""
        counts = Counter((g, p) for g, p in self.pairs if g != p)
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        return [(g, p, n) for (g, p), n in ranked[:top]]

    def as_dict(self, top: int = 5) -> dict[str, Any]:
        return {
            "n": self.n,
            "accuracy": rounded(self.accuracy),
            "macro_f1": rounded(self.macro_f1),
            "weighted_f1": rounded(self.weighted_f1),
            "per_label": {k: v.as_dict() for k, v in sorted(self.per_label().items())},
            "confusions": [{"gold": g, "pred": p, "count": n} for g, p, n in self.confusions(top)],
        }


def rate(hits: Iterable[bool]) -> float | None:
    values = list(hits)
    return rounded(sum(values) / len(values)) if values else None


def _news(mentions: Sequence[Any]) -> list[Any]:
    return [m for m in mentions if not getattr(m, "background", False)]


def primary_mention(mentions: Sequence[Any], allow_background: bool = False) -> Any:
    """The highest-confidence non-background mention (the first on a tie); with
    `allow_background`, the highest-confidence mention of any kind when no news mention exists.
    None when there is no such mention."""
    pool = _news(mentions) or (list(mentions) if allow_background else [])
    if not pool:
        return None
    return max(pool, key=lambda m: getattr(m, "confidence", 0.0))


def lead_mention(mentions: Sequence[Any]) -> Any:
    """The first news mention in text order (a report leads with its event; later sentences
    add follow-ups such as the arrest of suspects); without one, as `primary_mention` with
    background allowed."""
    news = _news(mentions)
    if news:
        return min(news, key=lambda m: m.evidence.start)
    return primary_mention(mentions, allow_background=True)


def use_classifier(directory: Path | None, mode: str | None) -> dict[str, Any]:
    """Point the learned hook at a model directory and mode (None: leave the environment);
    returns what is in use, for the results file."""
    if directory is not None:
        os.environ["DATELINE_CLASSIFIER_DIR"] = str(directory)
    if mode is not None:
        os.environ["DATELINE_CLASSIFIER_MODE"] = mode
    try:
        from dateline.events import learned
    except ImportError:  # the learned module is optional
        return {"model": None, "mode": "off"}
    model = learned.get_model()
    return {
        "model": str(learned.classifier_dir()) if model is not None else None,
        "mode": learned.mode() if model is not None else "off (no model)",
    }
