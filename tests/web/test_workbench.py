"""The analyst's workbench, round two (issue 17), through the API and the pages: rounded
coordinates, threaded replies, the review form's fields, filters, sorting, the dashboard,
merging and splitting, map labels and ACLED actor names."""

from __future__ import annotations

import csv
import io

from sqlalchemy import Engine, update

from dateline.store.schema import events

NOISY_LAT, NOISY_LON = 22.123456789012, 95.29545999999999


def _noisy(engine: Engine, event_id: int = 1) -> None:
    with engine.begin() as conn:
        conn.execute(
            update(events)
            .where(events.c.id == event_id)
            .values(latitude=NOISY_LAT, longitude=NOISY_LON)
        )


def test_coordinates_print_to_five_places(as_role, filled: Engine) -> None:
    _noisy(filled)
    viewer = as_role("viewer")
    one = viewer.get("/api/events/1").json()
    assert (one["latitude"], one["longitude"]) == (22.12346, 95.29546)
    listed = next(e for e in viewer.get("/api/events").json()["events"] if e["id"] == 1)
    assert listed["longitude"] == 95.29546
    feature = next(f for f in viewer.get("/api/events.geojson").json()["features"] if f["id"] == 1)
    assert feature["geometry"]["coordinates"] == [95.29546, 22.12346]
    rows = list(csv.DictReader(io.StringIO(viewer.get("/api/events.csv").text)))
    row = next(r for r in rows if r["event_id"] == "1")
    assert (row["latitude"], row["longitude"]) == ("22.12346", "95.29546")
    page = viewer.get("/events/1").text
    assert "95.29546" in page and "95.29545999" not in page
    assert "22.123456789" not in viewer.get("/api/events.json").text
