"""Issue 16, point 9: an integer too large for the database is a 4xx, never a 500.

Python reads any number of digits, but SQLite's and PostgreSQL's drivers overflow; before
the bounds, `offset=2**63` or `/api/events/99999999999999999999` raised OverflowError."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from dateline.cli import app as cli

HUGE = "99999999999999999999"
INT64 = str(2**63)

GETS = [
    f"/api/events?offset={INT64}",
    f"/api/articles?offset={INT64}",
    f"/api/events/{HUGE}",
    f"/api/events/-{HUGE}",
    f"/api/events/{2**31}",
    f"/events?page={HUGE}",
    f"/articles?page={HUGE}",
    f"/events/{HUGE}",
]
POSTS = [
    (f"/api/events/{HUGE}/confirm", None),
    (f"/api/events/{HUGE}/reject", None),
    (f"/api/events/{HUGE}/correct", {"values": {"fatalities": 1}}),
    (f"/api/events/{HUGE}/tags", {"tag": "x"}),
    (f"/api/events/{HUGE}/comments", {"body": "x"}),
    ("/api/events/1/comments", {"body": "x", "parent_id": int(HUGE)}),
]


@pytest.fixture
def analyst(as_role) -> TestClient:
    return as_role("analyst")


@pytest.mark.parametrize("path", GETS)
def test_huge_numbers_in_reads_are_422(analyst: TestClient, path: str) -> None:
    response = analyst.get(path)
    assert response.status_code == 422, response.text


@pytest.mark.parametrize(("path", "body"), POSTS)
def test_huge_numbers_in_writes_are_422(analyst: TestClient, path: str, body) -> None:
    response = analyst.post(path, json=body)
    assert response.status_code == 422, response.text


def test_huge_numbers_in_deletes_are_422(analyst: TestClient) -> None:
    assert analyst.delete(f"/api/events/{HUGE}/tags/x").status_code == 422
    assert analyst.delete(f"/api/tokens/{HUGE}").status_code == 422


def test_the_largest_allowed_numbers_are_simply_not_found(analyst: TestClient) -> None:
    assert analyst.get(f"/api/events/{2**31 - 1}").status_code == 404
    assert analyst.get("/api/events", params={"offset": 2**31 - 1}).json()["events"] == []
    assert analyst.get("/events", params={"page": 2**31 // 50 - 1}).status_code == 200


def test_cli_show_refuses_a_huge_id(tmp_path) -> None:
    result = CliRunner().invoke(cli, ["show", HUGE, "--db", f"sqlite:///{tmp_path / 'x.db'}"])
    assert result.exit_code == 1 and "not an event id" in result.output
    assert not isinstance(result.exception, OverflowError)
