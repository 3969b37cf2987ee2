"""Watched sources in the store and on the command line (issue 18, point 1): added, listed
with their health, shown, removed; a poll's outcome and the items it listed are kept."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from dateline.cli import app
from dateline.errors import StoreError
from dateline.store import sources as store

runner = CliRunner()


def test_a_source_is_due_at_once_then_after_its_interval(engine: Engine) -> None:
    with engine.begin() as conn:
        source_id = store.add_source(conn, "wire", "feed", "http://127.0.0.1/f.xml", "en", "ok", 15)
    later = datetime.now(UTC) + timedelta(seconds=1)
    with engine.begin() as conn:
        assert [s["name"] for s in store.due_sources(conn, later)] == ["wire"]
        store.record_poll(conn, source_id, later, 3, None)
        assert store.due_sources(conn, later + timedelta(minutes=14)) == []
        assert store.due_sources(conn, later + timedelta(minutes=15))
        store.record_poll(conn, source_id, later, 0, "answered 500")
        store.record_poll(conn, source_id, later, 0, "answered 500")
        wire = store.find_source(conn, "wire")
    assert wire["errors"] == 2 and wire["last_error"] == "answered 500"
    assert wire["items_total"] == 3 and wire["last_new_items"] == 0
    assert wire["next_poll_at"] == later + timedelta(minutes=15)


def test_items_are_new_once_across_sources(engine: Engine) -> None:
    at = datetime.now(UTC)
    with engine.begin() as conn:
        one = store.add_source(conn, "one", "feed", "http://127.0.0.1/1.xml")
        two = store.add_source(conn, "two", "sitemap", "http://127.0.0.1/2.xml")
        assert store.add_items(conn, one, ["http://a/1", "http://a/2", "http://a/1"], at) == [
            "http://a/1",
            "http://a/2",
        ]
        assert store.add_items(conn, two, ["http://a/2", "http://a/3"], at) == ["http://a/3"]
        store.finish_item(conn, "http://a/1", "done", at, document_id="d1")
        store.finish_item(conn, "http://a/2", "failed", at, reason="answered 500")
        store.add_alias(conn, one, "http://a/canonical", "d1", at)
        assert store.add_items(conn, two, ["http://a/canonical"], at) == []
        assert store.pending_items(conn, one) == []
        assert store.pending_items(conn, two) == ["http://a/3"]
        detail = store.source_detail(conn, "one")
    assert detail["items"] == {"done": 1, "failed": 1, "alias": 1}
    assert detail["failed_items"][0]["reason"] == "answered 500"


def test_validators_are_kept_per_url(engine: Engine) -> None:
    at = datetime.now(UTC)
    with engine.begin() as conn:
        store.save_validators(conn, "http://a/feed", '"v1"', "Mon, 01 Jan 2024 00:00:00 GMT", at)
        store.save_validators(conn, "http://a/feed", '"v2"', None, at)
        assert store.get_validators(conn, "http://a/feed") == ('"v2"', None)
        assert store.get_validators(conn, "http://a/other") == (None, None)


@pytest.mark.parametrize(
    ("name", "kind", "url", "minutes", "field"),
    [
        ("", "feed", "http://a/", 5, "name"),
        ("x", "podcast", "http://a/", 5, "kind"),
        ("x", "feed", "file:///etc/passwd", 5, "url"),
        ("x", "feed", "http://a/", 0, "poll_minutes"),
    ],
)
def test_bad_sources_are_refused(engine, name, kind, url, minutes, field) -> None:
    with engine.begin() as conn, pytest.raises(StoreError, match=field):
        store.add_source(conn, name, kind, url, poll_minutes=minutes)


def test_the_sources_commands(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'w.db'}"
    added = runner.invoke(
        app,
        ["sources", "add", "wire", "http://127.0.0.1:9/feed.xml", "--every", "15", "--db", db],
    )
    assert added.exit_code == 0, added.output
    again = runner.invoke(app, ["sources", "add", "wire", "http://127.0.0.1:9/x", "--db", db])
    assert again.exit_code == 1 and "exists already" in again.output
    assert (
        runner.invoke(
            app,
            ["sources", "add", "map", "http://127.0.0.1:9/s.xml", "--kind", "sitemap", "--db", db],
        ).exit_code
        == 0
    )
    listed = runner.invoke(app, ["sources", "list", "--db", db])
    assert "wire" in listed.output and "15 min" in listed.output and "sitemap" in listed.output
    rows = json.loads(
        runner.invoke(app, ["sources", "list", "--format", "json", "--db", db]).output
    )
    assert [r["name"] for r in rows] == ["map", "wire"]
    shown = json.loads(runner.invoke(app, ["sources", "show", "wire", "--db", db]).output)
    assert shown["url"] == "http://127.0.0.1:9/feed.xml" and shown["items"] == {}
    assert runner.invoke(app, ["sources", "remove", "wire", "--db", db]).exit_code == 0
    missing = runner.invoke(app, ["sources", "show", "wire", "--db", db])
    assert missing.exit_code == 1 and "no source" in missing.output
