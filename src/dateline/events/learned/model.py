"""A small sentence classifier for ACLED sub-event types: hashed bag of n-grams, softmax.

Why this design:
- *No source text is stored.* Words and word pairs are hashed (CRC-32) into a fixed number of
  buckets, and only the bucket weights are saved: a float16 matrix (buckets x labels), the label
  names (the taxonomy's own sub-event type names) and the training settings. There is no vocabulary
  or string table, so the training text cannot be read back from the files; `audit` checks that.
- *Small and fast on CPU.* numpy only; training on ~4,600 notes takes seconds, classifying a
  sentence well under a millisecond.

Files in a model directory: `weights.npz` (arrays `weights`, `bias`) and `meta.json`.
"""

from __future__ import annotations

import itertools
import json
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

FORMAT = "dateline-hashed-softmax/1"
_TOKEN = re.compile(r"[^\W\d_]+|\d+", re.UNICODE)
# ACLED-note furniture that never appears in news text: "[size=no report]", "(Oyam, Northern)".
_BRACKETS = re.compile(r"\[[^\]]*\]")


def tokens(text: str) -> list[str]:
    """Lower-cased words; every number becomes "0" (counts and dates are not type evidence)."""
    text = _BRACKETS.sub(" ", text)
    return ["0" if t.isdigit() else t for t in _TOKEN.findall(text.casefold())]


def feature_ids(text: str, buckets: int) -> np.ndarray:
    """Sorted unique hashed ids of the words and adjacent word pairs of a text."""
    toks = tokens(text)
    feats = [f"w {t}" for t in toks] + [f"b {a} {b}" for a, b in itertools.pairwise(toks)]
    ids = {zlib.crc32(f.encode("utf-8")) % buckets for f in feats}
    return np.fromiter(sorted(ids), dtype=np.int64, count=len(ids))


@dataclass
class _Batch:
    """Sparse binary rows, L2-normalised: concatenated ids, row offsets, per-id values."""

    ids: np.ndarray
    offsets: np.ndarray  # len = rows + 1
    values: np.ndarray

    @classmethod
    def of(cls, rows: Sequence[np.ndarray]) -> _Batch:
        lengths = np.array([len(r) for r in rows], dtype=np.int64)
        offsets = np.concatenate([[0], np.cumsum(lengths)])
        ids = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)
        norms = np.sqrt(np.maximum(lengths, 1)).astype(np.float32)
        values = np.repeat(1.0 / norms, lengths).astype(np.float32)
        return cls(ids, offsets, values)

    @property
    def rows(self) -> int:
        return len(self.offsets) - 1

    def row_index(self) -> np.ndarray:
        return np.repeat(np.arange(self.rows), np.diff(self.offsets))


def _logits(weights: np.ndarray, bias: np.ndarray, batch: _Batch) -> np.ndarray:
    out = np.tile(bias.astype(np.float32), (batch.rows, 1))
    if len(batch.ids):
        contrib = weights[batch.ids].astype(np.float32) * batch.values[:, None]
        np.add.at(out, batch.row_index(), contrib)
    return out


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


@dataclass
class TrainConfig:
    buckets: int = 2**18
    epochs: int = 20
    batch_size: int = 32
    learning_rate: float = 0.5
    l2: float = 1e-6
    # class weights ~ frequency^-balance (0: none, 1: fully balanced); helps rare types.
    balance: float = 0.75
    seed: int = 0


@dataclass
class HashedClassifier:
    """Softmax regression over hashed word/word-pair features."""

    labels: list[str]
    weights: np.ndarray  # (buckets, labels)
    bias: np.ndarray  # (labels,)
    meta: dict = field(default_factory=dict)

    @property
    def buckets(self) -> int:
        return int(self.weights.shape[0])

    # ------------------------------------------------------------------ training

    @classmethod
    def train(
        cls, texts: Sequence[str], labels: Sequence[str], config: TrainConfig | None = None
    ) -> HashedClassifier:
        """Fit on (text, label) pairs with mini-batch Adagrad; deterministic for a seed."""
        config = config or TrainConfig()
        if len(texts) != len(labels) or not texts:
            raise ValueError("need as many labels as texts, and at least one of each")
        names = sorted(set(labels))
        index = {n: i for i, n in enumerate(names)}
        y = np.array([index[v] for v in labels], dtype=np.int64)
        rows = [feature_ids(t, config.buckets) for t in texts]
        counts = np.bincount(y, minlength=len(names)).astype(np.float64)
        class_w = (counts.max() / counts) ** config.balance
        sample_w = class_w[y].astype(np.float32)
        sample_w *= len(y) / sample_w.sum()

        weights = np.zeros((config.buckets, len(names)), dtype=np.float32)
        bias = np.log(counts / counts.sum()).astype(np.float32)
        g2_w = np.full_like(weights, 1e-8)
        g2_b = np.full_like(bias, 1e-8)
        rng = np.random.default_rng(config.seed)
        for _epoch in range(config.epochs):
            order = rng.permutation(len(y))
            for start in range(0, len(order), config.batch_size):
                pick = order[start : start + config.batch_size]
                batch = _Batch.of([rows[i] for i in pick])
                probs = _softmax(_logits(weights, bias, batch))
                probs[np.arange(len(pick)), y[pick]] -= 1.0
                delta = probs * sample_w[pick, None] / len(pick)
                grad_b = delta.sum(axis=0)
                touched, inverse = np.unique(batch.ids, return_inverse=True)
                grad_w = np.zeros((len(touched), len(names)), dtype=np.float32)
                np.add.at(grad_w, inverse, delta[batch.row_index()] * batch.values[:, None])
                grad_w += config.l2 * weights[touched]
                g2_w[touched] += grad_w**2
                weights[touched] -= config.learning_rate * grad_w / np.sqrt(g2_w[touched])
                g2_b += grad_b**2
                bias -= config.learning_rate * grad_b / np.sqrt(g2_b)
        meta = {
            "format": FORMAT,
            "buckets": config.buckets,
            "labels": names,
            "label_counts": {n: int(c) for n, c in zip(names, counts, strict=True)},
            "trained_on": len(y),
            "config": {k: v for k, v in vars(config).items()},
        }
        return cls(names, weights, bias, meta)

    # ------------------------------------------------------------------ prediction

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        batch = _Batch.of([feature_ids(t, self.buckets) for t in texts])
        return _softmax(_logits(self.weights, self.bias, batch))

    def classify(self, text: str) -> list[tuple[str, float]]:
        """(sub-event type, probability) for every label, most probable first."""
        probs = self.predict_proba([text])[0]
        order = np.argsort(-probs, kind="stable")
        return [(self.labels[i], float(probs[i])) for i in order]

    def predict(self, texts: Sequence[str]) -> list[str]:
        return [self.labels[i] for i in self.predict_proba(texts).argmax(axis=1)]

    # ------------------------------------------------------------------ files

    def save(self, directory: Path) -> Path:
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(
            directory / "weights.npz",
            weights=self.weights.astype(np.float16),
            bias=self.bias.astype(np.float32),
        )
        (directory / "meta.json").write_text(
            json.dumps(self.meta, indent=1, sort_keys=True) + "\n", encoding="utf-8"
        )
        return directory

    @classmethod
    def load(cls, directory: Path) -> HashedClassifier:
        directory = Path(directory)
        meta = json.loads((directory / "meta.json").read_text(encoding="utf-8"))
        if meta.get("format") != FORMAT:
            raise ValueError(f"{directory}: not a {FORMAT} model")
        with np.load(directory / "weights.npz", allow_pickle=False) as data:
            weights = data["weights"].astype(np.float32)
            bias = data["bias"].astype(np.float32)
        return cls(list(meta["labels"]), weights, bias, meta)


def model_size(directory: Path) -> int:
    return sum(p.stat().st_size for p in Path(directory).iterdir() if p.is_file())


def _strings(value: object) -> list[str]:
    """Every string value in a JSON document, and every key of its mappings."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (k, *_strings(v))]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


# The meta file's own key names and format string: not leaks even when a text holds them.
_META_KEYS = {
    "format", "dateline", "hashed", "softmax", "buckets", "labels", "label", "counts", "trained",
    "config", "epochs", "batch", "size", "learning", "rate", "balance", "seed", "training",
    "seconds", "data", "records",
}  # fmt: skip


def audit(directory: Path, texts: Sequence[str], allowed: Sequence[str] = ()) -> list[str]:
    """What of the training texts can be read in the saved model (should be nothing).

    Checks every file: only numeric arrays in `weights.npz` (no string or object arrays, so no
    vocabulary), only `weights.npz` and `meta.json` in the directory, and no training word of
    four letters or more among the strings of `meta.json` apart from the allowed ones (the label
    names) and the file's own key names. Returns the findings, empty when no text is stored.
    """
    directory = Path(directory)
    findings: list[str] = []
    with np.load(directory / "weights.npz", allow_pickle=False) as data:
        for name in data.files:
            if data[name].dtype.kind not in "fiu":
                findings.append(f"weights.npz:{name} has dtype {data[name].dtype}")
    meta = json.loads((directory / "meta.json").read_text(encoding="utf-8"))
    strings = [s.casefold() for s in _strings(meta)]
    allowed_folded = {a.casefold() for a in allowed}
    words = {w for s in strings if s not in allowed_folded for w in tokens(s)}
    vocab = {t for text in texts for t in tokens(text) if len(t) >= 4}
    leaked = sorted((vocab & words) - _META_KEYS)
    findings += [f"meta.json holds the training word {w!r}" for w in leaked]
    extra = [p.name for p in directory.iterdir() if p.name not in ("weights.npz", "meta.json")]
    findings += [f"unexpected file {name}" for name in extra]
    return findings
