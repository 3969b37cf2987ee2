"""A tiny stdlib HTTP server for testing map.js and timeline.js on their own.

It serves the real static folder and a page laid out like the map page's contract, and answers
the two API endpoints from a fixed list of features (filtered like the real API), so the
JavaScript can be tested in a real browser independently of the FastAPI back end. The features
include hostile text to prove the popups never parse data as HTML.
"""

from __future__ import annotations

import json
import mimetypes
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from tests.conftest import serve_http

HOSTILE = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>'

FEATURES: list[dict] = [
    {
        "id": 1,
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Shelling/artillery/missile attack",
        "event_date": "2024-03-01",
        "location": "Kharkiv",
        "country": "UA",
        "fatalities": 3,
        "actor1": "Military Forces of Russia (2000-)",
        "actor2": "Civilians (Ukraine)",
        "status": "confirmed",
        "url": "/events/1",
        "lonlat": (36.25, 49.99),
    },
    {
        "id": 2,
        "event_type": "Violence against civilians",
        "sub_event_type": HOSTILE,
        "event_date": "2024-03-05",
        "location": HOSTILE,
        "country": "AF",
        "fatalities": 0,
        "actor1": HOSTILE,
        "actor2": None,
        "status": "auto",
        "url": "javascript:window.__pwned=1",
        "lonlat": (69.17, 34.53),
    },
    {
        "id": 3,
        "event_type": "Riots",
        "sub_event_type": "Violent demonstration",
        "event_date": "2024-03-10",
        "location": "Bogota",
        "country": "CO",
        "fatalities": 1,
        "actor1": "Rioters (Colombia)",
        "actor2": None,
        "status": "auto",
        "url": "/events/3",
        "lonlat": (-74.08, 4.61),
    },
]

# A 1x1 transparent PNG, for the optional tile layer.
PIXEL = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c6360000002000100e221bc330000000049454e44ae426082"
)

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>map harness</title>
<link rel="stylesheet" href="/static/vendor/leaflet/leaflet.css">
<link rel="stylesheet" href="/static/vendor/leaflet.markercluster/MarkerCluster.css">
<link rel="stylesheet" href="/static/vendor/leaflet.markercluster/MarkerCluster.Default.css">
<link rel="stylesheet" href="/static/vendor/uplot/uPlot.min.css">
<link rel="stylesheet" href="/static/css/app.css">
</head><body><main>
<form id="filters">
  <label>Country <input name="country"></label>
  <label>Since <input type="date" name="since"></label>
  <label>Until <input type="date" name="until"></label>
  <label>Type <select name="event_type"><option value="">any</option>
    <option>Riots</option><option>Violence against civilians</option></select></label>
  <label>Text <input name="q"></label>
  <button type="submit">Filter</button>
</form>
<div id="map" data-geojson="/api/events.geojson"></div>
<div id="timeline" data-histogram="/api/events/histogram"></div>
</main>
<script id="config" type="application/json">__CONFIG__</script>
<script src="/static/vendor/leaflet/leaflet.js"></script>
<script src="/static/vendor/leaflet.markercluster/leaflet.markercluster.js"></script>
<script src="/static/vendor/uplot/uPlot.iife.min.js"></script>
<script src="/static/vendor/topojson-client/topojson-client.min.js"></script>
<script src="/static/js/outlines.js"></script>
<script src="/static/js/map.js"></script>
<script src="/static/js/timeline.js"></script>
</body></html>
"""


def _matches(feature: dict, query: dict[str, str], *, dates: bool) -> bool:
    if query.get("country") and feature["country"] != query["country"]:
        return False
    if query.get("event_type") and feature["event_type"] != query["event_type"]:
        return False
    if query.get("q") and query["q"].lower() not in feature["location"].lower():
        return False
    if dates and query.get("since") and feature["event_date"] < query["since"]:
        return False
    return not (dates and query.get("until") and feature["event_date"] > query["until"])


def geojson(query: dict[str, str]) -> dict:
    """The FeatureCollection the contract describes, for the features matching `query`."""
    keys = (
        "id",
        "event_type",
        "sub_event_type",
        "event_date",
        "location",
        "fatalities",
        "actor1",
        "actor2",
        "status",
        "url",
    )
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": list(f["lonlat"])},
                "properties": {k: f[k] for k in keys},
            }
            for f in FEATURES
            if _matches(f, query, dates=True)
        ],
    }


def histogram(query: dict[str, str]) -> dict:
    """Events per day, as `{"days": [...], "counts": [...]}`."""
    counts = Counter(f["event_date"] for f in FEATURES if _matches(f, query, dates=True))
    days = sorted(counts)
    return {"days": days, "counts": [counts[d] for d in days]}


def _handler(static: Path, log: list[str]) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:  # quiet test output
            return

        def _send(self, status: int, body: bytes, media_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", media_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
            log.append(self.path)
            if parts.path == "/":
                tile = "/tiles/{z}/{x}/{y}.png" if query.get("tiles") else None
                page = PAGE.replace("__CONFIG__", json.dumps({"tile_url": tile}))
                self._send(200, page.encode(), "text/html; charset=utf-8")
            elif parts.path == "/api/events.geojson":
                self._send(200, json.dumps(geojson(query)).encode(), "application/geo+json")
            elif parts.path == "/api/events/histogram":
                self._send(200, json.dumps(histogram(query)).encode(), "application/json")
            elif parts.path.startswith("/tiles/"):
                self._send(200, PIXEL, "image/png")
            elif parts.path.startswith("/static/"):
                target = (static / parts.path.removeprefix("/static/")).resolve()
                if static.resolve() in target.parents and target.is_file():
                    kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
                    self._send(200, target.read_bytes(), kind)
                else:
                    self._send(404, b"not found", "text/plain")
            else:
                self._send(404, b"not found", "text/plain")

    return Handler


@contextmanager
def serve(static: Path) -> Iterator[tuple[str, list[str]]]:
    """Serve on a free loopback port; yields the base URL and the log of requested paths."""
    log: list[str] = []
    with serve_http(_handler(static, log)) as server:
        yield server.base, log
