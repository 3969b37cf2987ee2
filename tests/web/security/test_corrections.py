"""Issue 16, point 7: every field of a correction has its range or vocabulary.

Before, fatalities -5, latitude 999, geo_precision 42, inter 99, a date in 1066 were stored,
country "ZZZ" was cut to "ZZ" and fatalities 1e30 was a 500. One rule
(`review.check_correction`) now answers 422 naming the field, in the API, the review form
and `dateline correct`."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from typer.testing import CliRunner

from dateline.cli import app as cli
from tests.web.conftest import csrf_of

BAD = [
    ("fatalities", -5),
    ("fatalities", 1e30),
    ("fatalities", "1e30"),
    ("fatalities", 2.5),
    ("fatalities", True),
    ("fatalities", "three"),
    ("latitude", 999),
    ("latitude", "nan"),
    ("longitude", -180.5),
    ("longitude", "inf"),
    ("geo_precision", 42),
    ("geo_precision", 0),
    ("time_precision", -7),
    ("actor1_inter", 99),
    ("actor2_inter", 0),
    ("country", "ZZZ"),
    ("country", "QQ"),
    ("country", "1A"),
    ("event_date", "1066-10-14"),
    ("event_date", "2999-01-01"),
    ("event_date", "soon"),
    ("actor1", "x" * 301),
    ("actor1", "Rebels\x00"),
    ("location", "Aleppo\nDamascus"),
    ("notes", "n" * 10_001),
    ("actor2", {"name": "nested"}),
    ("sub_event_type", "Picnic"),
    ("event_type", "Protests"),
    ("id", 7),
]
GOOD = {
    "fatalities": "4",
    "latitude": "-1.5",
    "longitude": 29.2,
    "geo_precision": 2,
    "time_precision": 3.0,
    "actor1_inter": "2",
    "country": "sy",
    "event_date": "2024-05-09",
    "notes": "First line.\nSecond line.",
}


@pytest.fixture
def analyst(as_role) -> TestClient:
    return as_role("analyst")


@pytest.mark.parametrize(("field", "value"), BAD)
def test_api_refuses_a_bad_value_naming_the_field(analyst: TestClient, field, value) -> None:
    before = analyst.get("/api/events/3").json()
    response = analyst.post("/api/events/3/correct", json={"values": {field: value}})
    assert response.status_code == 422, response.text
    assert response.json()["detail"].startswith(f"{field}:")
    after = analyst.get("/api/events/3").json()
    assert after["status"] == "auto" and after["history"] == before["history"]


def test_api_accepts_values_in_range(analyst: TestClient) -> None:
    response = analyst.post("/api/events/3/correct", json={"values": GOOD})
    assert response.status_code == 200, response.text
    event = response.json()
    assert event["fatalities"] == 4 and event["latitude"] == -1.5
    assert event["time_precision"] == 3 and event["actor1_inter"] == 2
    assert event["country"] == "SY" and event["event_date"] == "2024-05-09"
    cleared = analyst.post("/api/events/3/correct", json={"values": {"fatalities": ""}})
    assert cleared.json()["fatalities"] is None


@pytest.mark.parametrize(
    ("field", "value"), [("fatalities", "-5"), ("latitude", "999"), ("country", "ZZZ")]
)
def test_review_form_uses_the_same_rule(analyst: TestClient, field, value) -> None:
    token = csrf_of(analyst.get("/events/3").text)
    response = analyst.post(
        "/events/3/review",
        data={
            "csrf_token": token,
            "action": "correct",
            "sub_event_type": "Armed clash",
            field: value,
        },
        follow_redirects=False,
    )
    assert response.status_code == 422 and field in response.text
    assert analyst.get("/api/events/3").json()["status"] == "auto"


def test_cli_uses_the_same_rule(filled: Engine, users) -> None:
    db = ["--db", filled.url.render_as_string(hide_password=False)]
    runner = CliRunner()
    bad = runner.invoke(cli, ["correct", "3", "fatalities=-5", "--user", "analyst", *db])
    assert bad.exit_code == 1 and "fatalities:" in bad.output
    viewer = runner.invoke(cli, ["correct", "3", "fatalities=5", "--user", "viewer", *db])
    assert viewer.exit_code == 1 and "analyst" in viewer.output
    good = runner.invoke(
        cli, ["correct", "3", "fatalities=5", "country=ke", "--user", "analyst", *db]
    )
    assert good.exit_code == 0, good.output
    assert "fatalities" in good.output and "country" in good.output
    shown = runner.invoke(cli, ["show", "3", "--format", "json", *db])
    assert '"fatalities": 5' in shown.output and '"status": "corrected"' in shown.output
