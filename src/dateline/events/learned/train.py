"""Train the sub-event type classifier: `python -m dateline.events.learned.train [options]`.

Reads ACLED-style JSON lines (`notes` -> `sub_event_type`; default
``../shared/eval/events/acled-2022.dev.jsonl``), trains the hashed bag-of-n-grams classifier
(`dateline.events.learned.model`), saves it to ``--out`` (default: the classifier directory the
detector looks in, see `dateline.events.learned.classifier_dir`), checks that the saved files
hold none of the training text, and prints size and time. ``--folds K`` first reports K-fold
cross-validated accuracy and macro-F1 (each fold scored on records it was not trained on).

ACLED's terms: its records are used for evaluation and training only; the model stores no text.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from dateline.events.learned.model import HashedClassifier, TrainConfig, audit, model_size

PROJECT = Path(__file__).resolve().parents[4]
DEFAULT_DATA = PROJECT.parent / "shared" / "eval" / "events" / "acled-2022.dev.jsonl"


def read_records(path: Path) -> tuple[list[str], list[str]]:
    """(texts, labels) of a JSON-lines file with `notes` (or `text`) and `sub_event_type`."""
    texts, labels = [], []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        text = row.get("notes") or row.get("text")
        if text and row.get("sub_event_type"):
            texts.append(text)
            labels.append(row["sub_event_type"])
    return texts, labels


def fold_ids(n: int, k: int, seed: int = 0) -> np.ndarray:
    """The fold (0..k-1) of each of n records: a seeded shuffle cut into k near-equal parts."""
    order = np.random.default_rng(seed).permutation(n)
    folds = np.empty(n, dtype=np.int64)
    folds[order] = np.arange(n) % k
    return folds


def label_scores(gold: Sequence[str], pred: Sequence[str]) -> dict:
    """Accuracy, macro-F1 (over labels in gold or predictions) and weighted F1 (by support)."""
    labels = sorted(set(gold) | set(pred))
    f1s, support = {}, Counter(gold)
    for label in labels:
        tp = sum(g == p == label for g, p in zip(gold, pred, strict=True))
        n_pred, n_gold = sum(p == label for p in pred), support[label]
        prec = tp / n_pred if n_pred else 0.0
        rec = tp / n_gold if n_gold else 0.0
        f1s[label] = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    total = sum(support.values())
    return {
        "n": len(gold),
        "accuracy": round(sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold), 4)
        if gold
        else None,
        "macro_f1": round(sum(f1s.values()) / len(f1s), 4) if f1s else None,
        "weighted_f1": round(sum(f1s[k] * support[k] for k in support) / total, 4)
        if total
        else None,
    }


def cross_validate(
    texts: Sequence[str], labels: Sequence[str], k: int = 5, config: TrainConfig | None = None
) -> dict:
    """K-fold figures: every record predicted by the model trained without its fold."""
    folds = fold_ids(len(texts), k, (config or TrainConfig()).seed)
    pred: list[str] = [""] * len(texts)
    seconds = []
    for f in range(k):
        train = [i for i in range(len(texts)) if folds[i] != f]
        test = [i for i in range(len(texts)) if folds[i] == f]
        started = time.perf_counter()
        model = HashedClassifier.train(
            [texts[i] for i in train], [labels[i] for i in train], config
        )
        seconds.append(time.perf_counter() - started)
        for i, p in zip(test, model.predict([texts[i] for i in test]), strict=True):
            pred[i] = p
    result = label_scores(list(labels), pred)
    result["folds"] = k
    result["train_seconds_per_fold"] = round(sum(seconds) / k, 2)
    return result


def main(argv: list[str] | None = None) -> int:
    from dateline.events.learned import classifier_dir

    parser = argparse.ArgumentParser(
        prog="python -m dateline.events.learned.train", description=__doc__.split("\n")[0]
    )
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--out", type=Path, default=None, help="model directory")
    parser.add_argument("--folds", type=int, default=0, help="report K-fold figures first")
    parser.add_argument("--epochs", type=int, default=TrainConfig.epochs)
    parser.add_argument("--buckets", type=int, default=TrainConfig.buckets)
    parser.add_argument("--balance", type=float, default=TrainConfig.balance)
    args = parser.parse_args(argv)
    if not args.data.is_file():
        print(f"no training data: {args.data} is absent", file=sys.stderr)
        return 2
    texts, labels = read_records(args.data)
    if not texts:
        print(f"no records with notes and sub_event_type in {args.data}", file=sys.stderr)
        return 2
    config = TrainConfig(epochs=args.epochs, buckets=args.buckets, balance=args.balance)
    print(f"{len(texts)} records, {len(set(labels))} sub-event types from {args.data}")
    if args.folds > 1:
        cv = cross_validate(texts, labels, args.folds, config)
        print(f"{args.folds}-fold: " + ", ".join(f"{k} {v}" for k, v in cv.items()))
    started = time.perf_counter()
    model = HashedClassifier.train(texts, labels, config)
    model.meta["training_seconds"] = round(time.perf_counter() - started, 2)
    out = args.out or classifier_dir()
    model.save(out)
    findings = audit(out, texts, allowed=model.labels)
    for finding in findings:
        print(f"text check FAILED: {finding}", file=sys.stderr)
    per = _seconds_per_sentence(model, texts[:500])
    print(
        f"saved {out}: {model_size(out) / 1e6:.1f} MB, trained in "
        f"{model.meta['training_seconds']} s, {per * 1000:.2f} ms per sentence, "
        f"text check {'failed' if findings else 'passed (no training text stored)'}"
    )
    return 1 if findings else 0


def _seconds_per_sentence(model: HashedClassifier, texts: Sequence[str]) -> float:
    started = time.perf_counter()
    for text in texts:
        model.classify(text)
    return (time.perf_counter() - started) / max(len(texts), 1)


if __name__ == "__main__":
    raise SystemExit(main())
