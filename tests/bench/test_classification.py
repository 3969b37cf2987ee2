"""bench.classification: label scores and the choice of a text's primary mention."""

from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

ROOT = str(Path(__file__).resolve().parents[2])
if ROOT not in sys.path:  # `bench` is a top-level folder of the project, not an installed package
    sys.path.insert(0, ROOT)

from bench.classification import NO_EVENT, LabelScores, lead_mention, primary_mention  # noqa: E402


def test_label_scores_by_hand() -> None:
    scores = LabelScores()
    for gold, pred in [("A", "A"), ("A", "B"), ("B", "B"), ("C", None)]:
        scores.add(gold, pred)
    # A: P 1/1, R 1/2 -> F1 2/3; B: P 1/2, R 1/1 -> 2/3; C: nothing predicted -> 0
    assert scores.accuracy == pytest.approx(0.5)
    assert scores.macro_f1 == pytest.approx((2 / 3 + 2 / 3 + 0) / 3)
    assert scores.weighted_f1 == pytest.approx((2 / 3 * 2 + 2 / 3 * 1 + 0) / 4)
    assert scores.confusions() == [("A", "B", 1), ("C", NO_EVENT, 1)]
    labels = scores.per_label()
    assert (labels["A"].tp, labels["A"].pred, labels["A"].gold) == (1, 1, 2)
    assert (labels[NO_EVENT].tp, labels[NO_EVENT].pred, labels[NO_EVENT].gold) == (0, 1, 0)


def test_perfect_and_empty() -> None:
    scores = LabelScores()
    for label in ["X", "Y", "Y"]:
        scores.add(label, label)
    assert (scores.accuracy, scores.macro_f1, scores.weighted_f1) == (1.0, 1.0, 1.0)
    assert scores.confusions() == []
    empty = LabelScores()
    assert (empty.accuracy, empty.macro_f1, empty.weighted_f1) == (None, None, None)


def test_confusions_ranked_by_count_then_name() -> None:
    scores = LabelScores()
    for gold, pred in [("B", "A")] * 2 + [("A", "C"), ("A", "B")] + [("C", "A")] * 3:
        scores.add(gold, pred)
    assert scores.confusions(3) == [("C", "A", 3), ("B", "A", 2), ("A", "B", 1)]


def test_primary_mention() -> None:
    def m(conf: float, background: bool = False) -> SimpleNamespace:
        return SimpleNamespace(confidence=conf, background=background)

    news, old = m(0.6), m(0.9, background=True)
    assert primary_mention([old, news]) is news
    assert primary_mention([old]) is None
    assert primary_mention([old], allow_background=True) is old
    first, second = m(0.7), m(0.7)
    assert primary_mention([first, second]) is first
    assert primary_mention([]) is None


def test_lead_mention_is_the_first_news_mention_in_the_text() -> None:
    def m(start: int, conf: float, background: bool = False) -> SimpleNamespace:
        return SimpleNamespace(
            confidence=conf, background=background, evidence=SimpleNamespace(start=start)
        )

    attack, arrest, history = m(0, 0.6), m(90, 0.8), m(40, 0.9, background=True)
    assert lead_mention([arrest, history, attack]) is attack
    assert lead_mention([history]) is history  # only background: the best of it
    assert lead_mention([]) is None
