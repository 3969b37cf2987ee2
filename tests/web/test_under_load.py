"""What `python -m bench.load` found in the server itself (issue 16, load)."""

from __future__ import annotations

import gc

from fastapi.testclient import TestClient


def test_the_server_exempts_what_it_holds_from_start_from_the_cycle_collector(app) -> None:
    """A full collection walked spaCy, the gazetteer and the routes (about 200,000 objects)
    while every request waited: 50-100 ms every few seconds under load. Once the app has
    started they are frozen, and a full collection walks only what came after."""
    gc.unfreeze()
    try:
        with TestClient(app) as client:
            frozen = gc.get_freeze_count()
            assert client.get("/login").status_code == 200
            assert frozen > 10_000 and len(gc.get_objects()) < frozen / 2  # left to walk
    finally:
        gc.unfreeze()
