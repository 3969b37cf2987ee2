"""Shared fixtures: where the evaluation data lives, and skipping cleanly without it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]
SHARED = PROJECT.parent / "shared"
SAMPLES = PROJECT / "samples"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """`../shared` (evaluation data nobody here wrote); tests using it skip when it is absent."""
    if not SHARED.is_dir():
        pytest.skip("../shared is absent: evaluation data not available")
    return SHARED


@pytest.fixture(scope="session")
def palmyra_text(shared_dir: Path) -> str:
    path = shared_dir / "corpus" / "palmyra.txt"
    if not path.is_file():
        pytest.skip("../shared/corpus/palmyra.txt is absent")
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def palmyra_gold(shared_dir: Path) -> dict:
    path = shared_dir / "eval" / "events" / "palmyra.gold.json"
    if not path.is_file():
        pytest.skip("palmyra.gold.json is absent")
    return json.loads(path.read_text(encoding="utf-8"))
