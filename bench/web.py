"""Web API speed on a large database: `python -m bench.web [--events N] [--db URL]`.

Fills a fresh database with N synthetic events (straight into the events table: this measures
the API and the exports, not the analysis), then times one page of the list, the histogram,
and the streamed exports (CSV, JSON, GeoJSON, Parquet) through the real app in-process.
Writes bench/results/web.json.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
import tracemalloc
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import insert

from dateline.settings import Settings
from dateline.store import connect
from dateline.store.schema import events
from dateline.store.users import create_token, create_user
from dateline.web.app import create_app
from dateline.web.config import WebSettings

RESULTS = Path(__file__).resolve().parent / "results"


def fill(url: str, count: int) -> str:
    """N events over two years in a grid of places; returns an API token."""
    engine = connect(url)
    stamp = datetime.now(UTC)
    rows = [
        {
            "event_type": "Battles",
            "sub_event_type": "Armed clash",
            "actor1": f"Group {n % 37}",
            "location": f"Place {n % 500}",
            "country": ("SY", "KE", "UA", "SO")[n % 4],
            "latitude": -30 + (n % 600) / 10,
            "longitude": -20 + (n % 900) / 10,
            "event_date": date(2023, 1, 1) + timedelta(days=n % 730),
            "fatalities": n % 7,
            "notes": f"Fighting reported in place {n % 500}.",
            "sources": 1,
            "status": "auto",
            "created_at": stamp,
            "updated_at": stamp,
        }
        for n in range(count)
    ]
    with engine.begin() as conn:
        for start in range(0, count, 5000):
            conn.execute(insert(events), rows[start : start + 5000])
        user_id = create_user(conn, "bench", None, "viewer")
        token = create_token(conn, user_id, "bench")
    engine.dispose()
    return token


def timed(client: TestClient, path: str) -> dict[str, Any]:
    tracemalloc.start()
    started = time.perf_counter()
    size = 0
    with client.stream("GET", path) as response:
        assert response.status_code == 200, path
        for chunk in response.iter_bytes():
            size += len(chunk)
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"seconds": round(seconds, 3), "bytes": size, "peak_python_mb": round(peak / 2**20, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=50_000)
    parser.add_argument("--db", help="database URL (default: a temporary SQLite file)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.db or f"sqlite:///{Path(folder) / 'bench.db'}"
        token = fill(url, args.events)
        app = create_app(WebSettings(core=Settings(database_url=url)))
        client = TestClient(app, headers={"Authorization": f"Bearer {token}"})
        paths = {
            "list_page_100": "/api/events?limit=100&offset=1000",
            "list_filtered": "/api/events?country=KE&since=2024-01-01&limit=100",
            "histogram": "/api/events/histogram",
            "export_csv": "/api/events.csv",
            "export_json": "/api/events.json",
            "export_geojson": "/api/events.geojson",
            "export_parquet": "/api/events.parquet",
        }
        timings = {name: timed(client, path) for name, path in paths.items()}
        app.state.engine.dispose()
    result = {"events": args.events, "backend": url.split(":", 1)[0], "timings": timings}
    print(f"{args.events:,} events on {result['backend']}")
    print(f"{'request':<16}{'seconds':>9}{'MB':>9}{'peak MB':>9}{'events/s':>11}")
    for name, item in timings.items():
        rate = args.events / item["seconds"] if name.startswith("export") else 0
        print(
            f"{name:<16}{item['seconds']:>9.3f}{item['bytes'] / 2**20:>9.1f}"
            f"{item['peak_python_mb']:>9.1f}{rate:>11,.0f}"
        )
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "web.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
