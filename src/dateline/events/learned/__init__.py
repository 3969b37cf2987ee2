"""A learned second opinion on the sub-event type of a rule-detected mention (optional).

- `classify(sentence_text) -> [(sub_event_type, prob), ...]`, most probable first; an empty list
  when no model is installed.
- `review_mention(mention, sentence_text)`: the detector's one hook. With a model and a mode
  other than "off" it confirms the rule's type (confidence up) or, when the classifier is sure
  of another type it was trained on, re-types the mention. Without a model it does nothing, so
  the detector behaves exactly as the rules alone (tests stay deterministic).

Where the model is looked for: `$DATELINE_CLASSIFIER_DIR`, else `<cache dir>/classifier`
(`$DATELINE_CACHE_DIR`, else `$XDG_CACHE_HOME/dateline`, else `~/.cache/dateline`). It is
loaded lazily, once per process and directory. Train one with
`python -m dateline.events.learned.train`.

Settings (environment): `DATELINE_CLASSIFIER_MODE` = off | confirm | retype (default
`DEFAULT_MODE`), `DATELINE_CLASSIFIER_THRESHOLD` (probability a re-typing needs, default
`DEFAULT_THRESHOLD`).
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from dateline.events.learned.model import HashedClassifier

# Chosen on 5-fold ACLED runs (`python -m bench.acled --cv 5`, each fold coded with a
# classifier trained without it), never on CASE. Session 4, on the rules of then, re-typing at
# p >= 0.8 / 0.7 / 0.6 / 0.5 gave event_type 0.898 / 0.901 / 0.909 / 0.909 and sub-event type
# macro-F1 0.622 / 0.635 / 0.673 / 0.673; at the end of that session the rules alone scored
# 0.888 / 0.599 and the rules with the classifier at 0.6 0.910 / 0.673.
DEFAULT_MODE = "retype"
DEFAULT_THRESHOLD = 0.6
CONFIRM_BONUS = 0.05
MODES = ("off", "confirm", "retype")


def classifier_dir() -> Path:
    explicit = os.environ.get("DATELINE_CLASSIFIER_DIR")
    if explicit:
        return Path(explicit)
    cache = os.environ.get("DATELINE_CACHE_DIR")
    if cache:
        return Path(cache) / "classifier"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "dateline" / "classifier"


@lru_cache(maxsize=4)
def _load(directory: str) -> HashedClassifier | None:
    path = Path(directory)
    if not (path / "meta.json").is_file():
        return None
    return HashedClassifier.load(path)


def get_model() -> HashedClassifier | None:
    """The installed classifier, or None when there is none."""
    return _load(str(classifier_dir()))


def classify(sentence_text: str) -> list[tuple[str, float]]:
    """(ACLED sub-event type, probability) pairs, most probable first; [] without a model."""
    model = get_model()
    return model.classify(sentence_text) if model is not None else []


def mode() -> str:
    value = os.environ.get("DATELINE_CLASSIFIER_MODE", DEFAULT_MODE).strip().lower()
    return value if value in MODES else DEFAULT_MODE


def threshold() -> float:
    try:
        return float(os.environ.get("DATELINE_CLASSIFIER_THRESHOLD", DEFAULT_THRESHOLD))
    except ValueError:
        return DEFAULT_THRESHOLD


def review_mention(mention: Any, sentence_text: str) -> None:
    """Confirm or re-type one rule mention in place (see the module docstring)."""
    how = mode()
    if how == "off":
        return
    model = get_model()
    if model is None:
        return
    ranked = model.classify(sentence_text)
    best, prob = ranked[0]
    rule = mention.sub_event_type
    if best == rule:
        mention.confidence = min(0.99, mention.confidence + CONFIRM_BONUS)
        mention.reasons.append(f"classifier agrees ({best}, p={prob:.2f})")
        return
    if how != "retype" or rule not in model.labels or prob < threshold():
        return
    from dateline.events.taxonomy import event_type_of

    mention.sub_event_type, mention.event_type = best, event_type_of(best)
    mention.reasons.append(f"re-typed by the classifier: {rule} -> {best} (p={prob:.2f})")


__all__ = ["classifier_dir", "classify", "get_model", "review_mention"]
