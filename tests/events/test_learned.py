"""dateline.events.learned: training on a tiny synthetic dataset written here, saving, loading
back, the no-text check, and the detector hook doing nothing without a model."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from dateline.events import learned
from dateline.events.learned.model import HashedClassifier, TrainConfig, audit, feature_ids, tokens
from dateline.events.learned.train import cross_validate, fold_ids, label_scores, main

PROTEST = [
    "Hundreds of teachers marched peacefully to demand higher wages.",
    "Students held a peaceful sit-in outside the ministry.",
    "Farmers rallied in the square against the new tax.",
    "Workers demonstrated peacefully outside the factory gates.",
    "Residents staged a peaceful march over water shortages.",
    "Nurses protested outside the hospital over unpaid salaries.",
]
STRIKE = [
    "Warplanes bombed a village, killing three people.",
    "A drone strike hit a car on the highway.",
    "Fighter jets carried out air strikes on the town.",
    "An airstrike destroyed a bridge near the border.",
    "Helicopters bombed positions held by the rebels.",
    "A drone struck a convoy, killing two fighters.",
]
TEXTS = PROTEST + STRIKE
LABELS = ["Peaceful protest"] * len(PROTEST) + ["Air/drone strike"] * len(STRIKE)
SMALL = TrainConfig(buckets=2**12, epochs=30)


@pytest.fixture
def model() -> HashedClassifier:
    return HashedClassifier.train(TEXTS, LABELS, SMALL)


def test_tokens_and_features() -> None:
    assert tokens("On 23 February 2022, locals marched. [size=no report]") == [
        "on", "0", "february", "0", "locals", "marched",
    ]  # fmt: skip
    ids = feature_ids("a b a", 64)
    assert list(ids) == sorted(set(ids)) and all(0 <= i < 64 for i in ids)
    assert len(ids) <= 4  # w a, w b, b a b, b b a


def test_learns_and_classifies(model: HashedClassifier) -> None:
    ranked = model.classify("Jets bombed the village overnight.")
    assert ranked[0][0] == "Air/drone strike"
    assert sum(p for _, p in ranked) == pytest.approx(1.0, abs=1e-5)
    assert [p for _, p in ranked] == sorted((p for _, p in ranked), reverse=True)
    assert model.predict(["Teachers marched peacefully."]) == ["Peaceful protest"]


def test_training_is_deterministic() -> None:
    a = HashedClassifier.train(TEXTS, LABELS, SMALL)
    b = HashedClassifier.train(TEXTS, LABELS, SMALL)
    assert (a.weights == b.weights).all()


def test_save_load_and_no_text(tmp_path: Path, model: HashedClassifier) -> None:
    directory = model.save(tmp_path / "clf")
    assert sorted(p.name for p in directory.iterdir()) == ["meta.json", "weights.npz"]
    back = HashedClassifier.load(directory)
    assert back.labels == model.labels
    text = "A drone struck the market."
    assert back.classify(text)[0][0] == model.classify(text)[0][0]
    assert audit(directory, TEXTS, allowed=model.labels) == []
    raw = b"".join(p.read_bytes() for p in directory.iterdir())
    for word in ("teachers", "warplanes", "hospital", "convoy"):
        assert word.encode() not in raw
    # the check does find text when some is stored
    meta = json.loads((directory / "meta.json").read_text())
    meta["example"] = "the teachers marched"
    (directory / "meta.json").write_text(json.dumps(meta))
    assert any("teachers" in f for f in audit(directory, TEXTS, allowed=model.labels))


def test_bad_input(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        HashedClassifier.train([], [])
    (tmp_path / "meta.json").write_text('{"format": "something else"}')
    with pytest.raises(ValueError):
        HashedClassifier.load(tmp_path)


def test_folds_and_scores() -> None:
    folds = fold_ids(10, 3)
    assert sorted(folds.tolist()) == [0, 0, 0, 0, 1, 1, 1, 2, 2, 2]
    s = label_scores(["A", "A", "B", "C"], ["A", "B", "B", "B"])
    assert s["accuracy"] == 0.5
    # A: P 1 R .5 -> .6667; B: P 1/3 R 1 -> .5; C: 0
    assert s["macro_f1"] == pytest.approx((2 / 3 + 0.5 + 0) / 3, abs=1e-4)
    assert s["weighted_f1"] == pytest.approx((2 / 3 * 2 + 0.5) / 4, abs=1e-4)
    cv = cross_validate(TEXTS, LABELS, k=3, config=SMALL)
    assert cv["n"] == len(TEXTS) and cv["folds"] == 3 and 0 <= cv["accuracy"] <= 1


def test_train_command(tmp_path: Path, capsys) -> None:
    data = tmp_path / "records.jsonl"
    data.write_text(
        "".join(
            json.dumps({"notes": t, "sub_event_type": s}) + "\n"
            for t, s in zip(TEXTS, LABELS, strict=True)
        )
    )
    out = tmp_path / "model"
    assert main([str(data), "--out", str(out), "--folds", "2", "--buckets", "4096"]) == 0
    printed = capsys.readouterr().out
    assert "2-fold" in printed and "text check passed" in printed
    assert HashedClassifier.load(out).labels == sorted(set(LABELS))
    assert main([str(tmp_path / "absent.jsonl"), "--out", str(out)]) == 2


def _mention(sub: str = "Peaceful protest") -> SimpleNamespace:
    return SimpleNamespace(sub_event_type=sub, event_type="Protests", confidence=0.5, reasons=[])


def test_hook_without_model_does_nothing(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("DATELINE_CLASSIFIER_DIR", str(tmp_path / "none"))
    monkeypatch.setenv("DATELINE_CLASSIFIER_MODE", "retype")
    assert learned.get_model() is None
    assert learned.classify("Warplanes bombed a village.") == []
    m = _mention()
    learned.review_mention(m, "Warplanes bombed a village.")
    assert (m.sub_event_type, m.confidence, m.reasons) == ("Peaceful protest", 0.5, [])


def test_hook_confirms_and_retypes(tmp_path: Path, monkeypatch, model) -> None:
    model.save(tmp_path / "clf")
    monkeypatch.setenv("DATELINE_CLASSIFIER_DIR", str(tmp_path / "clf"))
    assert learned.classify("Warplanes bombed a village.")[0][0] == "Air/drone strike"
    monkeypatch.setenv("DATELINE_CLASSIFIER_MODE", "confirm")
    m = _mention()
    learned.review_mention(m, "Teachers marched peacefully.")
    assert m.confidence > 0.5 and "agrees" in m.reasons[0]
    m = _mention()
    learned.review_mention(m, "Warplanes bombed a village, killing three people.")
    assert m.sub_event_type == "Peaceful protest"  # confirm mode never re-types
    monkeypatch.setenv("DATELINE_CLASSIFIER_MODE", "retype")
    monkeypatch.setenv("DATELINE_CLASSIFIER_THRESHOLD", "0.5")
    learned.review_mention(m, "Warplanes bombed a village, killing three people.")
    assert (m.sub_event_type, m.event_type) == ("Air/drone strike", "Explosions/Remote violence")
    unknown = _mention("Arrests")  # a type the model never saw is left alone
    learned.review_mention(unknown, "Warplanes bombed a village, killing three people.")
    assert unknown.sub_event_type == "Arrests"
    monkeypatch.setenv("DATELINE_CLASSIFIER_MODE", "off")
    m = _mention()
    learned.review_mention(m, "Warplanes bombed a village.")
    assert m.sub_event_type == "Peaceful protest" and m.reasons == []
