"""Reusable scoring helpers for dateline's benchmarks: counts, P/R/F1, text and value matching.

Small pure functions so that every benchmark (events, geo, extract, ...) scores the same way.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u00a0": " ",
    }
)
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w+")
_PERIOD = re.compile(r"\s*\(\d{4}-(?:\d{4})?\)\s*$")  # ACLED's "(2021-)" period suffix


@dataclass
class Counts:
    """True positives, predicted and gold totals of one field (or one label)."""

    tp: int = 0
    pred: int = 0
    gold: int = 0

    def add(self, tp: int | bool = 0, pred: int | bool = 0, gold: int | bool = 0) -> None:
        self.tp += int(tp)
        self.pred += int(pred)
        self.gold += int(gold)

    def __iadd__(self, other: Counts) -> Counts:
        self.add(other.tp, other.pred, other.gold)
        return self

    @property
    def precision(self) -> float | None:
        return self.tp / self.pred if self.pred else None

    @property
    def recall(self) -> float | None:
        return self.tp / self.gold if self.gold else None

    @property
    def f1(self) -> float | None:
        return f1(self.precision, self.recall)

    def as_dict(self) -> dict[str, float | int | None]:
        return {
            "precision": rounded(self.precision),
            "recall": rounded(self.recall),
            "f1": rounded(self.f1),
            "tp": self.tp,
            "pred": self.pred,
            "gold": self.gold,
        }


def f1(precision: float | None, recall: float | None) -> float | None:
    """Harmonic mean; None when either side is undefined, 0.0 when both are zero."""
    if precision is None or recall is None:
        return None
    if precision + recall == 0:
        return 0.0
    return 2 * precision * recall / (precision + recall)


def rounded(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits)


def macro_f1(per_label: dict[str, Counts]) -> float | None:
    """Mean F1 over labels seen in gold or predictions (an undefined F1 counts as 0)."""
    labels = [c for c in per_label.values() if c.gold or c.pred]
    if not labels:
        return None
    return sum(c.f1 or 0.0 for c in labels) / len(labels)


def normalize_text(text: str) -> str:
    """Curly quotes and dashes made plain, whitespace collapsed, case folded."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    return _SPACE.sub(" ", text).strip().casefold()


def fold_name(text: str) -> str:
    """A name for comparison: accents, punctuation, case and ACLED period suffix ignored."""
    text = _PERIOD.sub("", text.strip())
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(_WORD.findall(text.casefold().translate(_QUOTES)))


def words(text: str) -> list[str]:
    return _WORD.findall(normalize_text(text))


def texts_overlap(a: str, b: str, min_share: float = 0.6) -> bool:
    """True when one text contains the other (after normalising) or they share most words.

    Gold evidence may be a sentence prefix, and a predicted sentence may carry a dateline
    ("BAMAKO, Mali — ...") or be split differently, so containment either way counts, and
    otherwise the share of the shorter text's words found in the longer one.
    """
    na, nb = normalize_text(a), normalize_text(b)
    if not na or not nb:
        return False
    if na in nb or nb in na:
        return True
    wa, wb = words(a), words(b)
    short, long_ = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    if len(short) < 4:
        return False
    pool = set(long_)
    return sum(w in pool for w in short) / len(short) >= min_share


def parse_interval(value: str | list | tuple | None) -> tuple[date, date] | None:
    """A gold date ("YYYY", "YYYY-MM", "YYYY-MM-DD" or [first, last]) as (first, last) days."""
    if value is None:
        return None
    if isinstance(value, list | tuple):
        first, last = parse_interval(value[0]), parse_interval(value[-1])
        if first is None or last is None:
            return None
        return first[0], last[1]
    value = str(value).strip()
    if re.fullmatch(r"\d{4}", value):
        year = int(value)
        return date(year, 1, 1), date(year, 12, 31)
    if re.fullmatch(r"\d{4}-\d{2}", value):
        year, month = map(int, value.split("-"))
        nxt = date(year + month // 12, month % 12 + 1, 1)
        return date(year, month, 1), date.fromordinal(nxt.toordinal() - 1)
    day = date.fromisoformat(value[:10])
    return day, day


def date_within(predicted: date | None, gold: str | list | None) -> bool:
    interval = parse_interval(gold)
    if predicted is None or interval is None:
        return False
    return interval[0] <= predicted <= interval[1]


def field_outcome(accepted: Iterable, predicted, same) -> tuple[int, int, int]:
    """(tp, pred, gold) for one field of one aligned event.

    `accepted` lists the gold value first and then any alternatives (None among them means
    "leaving it empty is also right"). A correct empty prediction counts nowhere.
    """
    accepted = list(accepted)
    values = [v for v in accepted if v is not None]
    if predicted is not None and any(same(predicted, v) for v in values):
        return 1, 1, 1
    if predicted is None and (None in accepted or not values):
        return 0, 0, 0
    return 0, int(predicted is not None), int(bool(values))
