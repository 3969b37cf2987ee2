"""Benchmarks run the real pipeline: make sure no installed classifier changes its output."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def no_classifier(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATELINE_CLASSIFIER_DIR", str(tmp_path / "no-classifier"))
