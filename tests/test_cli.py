"""The `dateline` command: ingest, events (table, csv, json, geojson), export and show."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

import dateline.cli as cli
from dateline.cli import app
from dateline.errors import ExtractError
from dateline.model import Actor, Article, Document, Mention, Place, Span

NAIROBI = Place("Nairobi", 0, 7, 184745, "Nairobi", "KE", "Nairobi Area", -1.283, 36.817)
ALEPPO = Place("Aleppo", 0, 6, 170063, "Aleppo", "SY", "Aleppo", 36.202, 37.158)

runner = CliRunner()


def fake_analyze(document: Document, settings=None) -> Article:
    """Deterministic stand-in for `analyze`: keywords decide the mentions."""
    body = document.raw.decode("utf-8", "replace")
    if not body.strip():
        raise ExtractError("document is empty (0 bytes): nothing to analyse")
    if "boom" in body:
        raise RuntimeError("boom")
    found = []
    for sentence in body.split(". "):
        if "arrested" in sentence:
            found.append(
                Mention(
                    "Strategic developments",
                    "Arrests",
                    Span(sentence, 0, len(sentence)),
                    actor1=Actor("Police Forces of Kenya", 1),
                    place=NAIROBI,
                    date=date(2024, 5, 6),
                    time_precision=1,
                )
            )
        if "shelled" in sentence:
            found.append(
                Mention(
                    "Explosions/Remote violence",
                    "Shelling/artillery/missile attack",
                    Span(sentence, 0, len(sentence)),
                    place=ALEPPO,
                    date=date(2024, 6, 1),
                    fatalities=3,
                )
            )
    return Article(
        document_id=document.id,
        text=body,
        title=document.hints.get("title", "A title"),
        url=document.hints.get("url"),
        site="news.example",
        credit="AFP",
        mentions=found,
    )


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "analyze", fake_analyze)


@pytest.fixture
def pages(tmp_path: Path) -> Path:
    root = tmp_path / "pages"
    root.mkdir()
    (root / "a.txt").write_text("Police arrested 5 protesters in Nairobi on Monday.")
    (root / "b.html").write_text("<p>Five people were arrested in Nairobi.</p>")
    (root / "c.txt").write_text("Rebels shelled Aleppo, killing 3.")
    (root / "d.jsonl").write_text(
        json.dumps({"text": "Nothing happened.", "url": "https://e/quiet", "title": "Quiet"})
        + "\n{broken\n"
    )
    (root / "e.txt").write_text("")
    (root / "f.txt").write_text("boom")
    (root / "g.pdf").write_bytes(b"%PDF")
    return root


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'cli.db'}"


def count(output: str, label: str) -> int:
    return int(re.search(rf"{label}\W+(\d+)", output).group(1))


def test_ingest_summary_and_rerun(fake, pages: Path, db: str) -> None:
    result = runner.invoke(app, ["ingest", str(pages), "--db", db])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert count(out, "documents read") == 7
    assert count(out, "new") == 4
    assert count(out, "already known") == 0
    assert count(out, "failed") == 3
    assert count(out, "skipped") == 1
    assert count(out, "events in the database") == 2
    assert "seconds" in out
    assert "#L2" in out and "invalid JSON" in out
    assert "e.txt" in out and "(extract) document is empty" in out
    assert "f.txt" in out and "(analyze) RuntimeError: boom" in out
    assert "g.pdf" in out and "'.pdf'" in out
    assert "Traceback" not in result.output

    again = runner.invoke(app, ["ingest", str(pages), "--db", db])
    assert again.exit_code == 0
    assert count(again.stdout, "new") == 0
    assert count(again.stdout, "already known") == 4
    assert count(again.stdout, "events in the database") == 2


def test_ingest_with_no_existing_path_exits_non_zero(db: str, tmp_path: Path) -> None:
    result = runner.invoke(app, ["ingest", str(tmp_path / "nope"), "--db", db])
    assert result.exit_code == 1
    assert "no such file or directory" in result.output
    assert "Traceback" not in result.output


def test_ingest_with_a_bad_database_url_exits_non_zero(pages: Path) -> None:
    result = runner.invoke(app, ["ingest", str(pages), "--db", "nosuchdialect://x"])
    assert result.exit_code == 1
    assert "database" in result.output and "Traceback" not in result.output


def test_database_url_from_the_environment(
    fake, pages: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "env.db"
    monkeypatch.setenv("DATELINE_DATABASE_URL", f"sqlite:///{path}")
    assert runner.invoke(app, ["ingest", str(pages / "a.txt")]).exit_code == 0
    assert path.is_file()
    # the flag wins over the environment (and names a database that does not exist)
    other = tmp_path / "flag.db"
    result = runner.invoke(app, ["events", "--db", f"sqlite:///{other}", "--format", "json"])
    assert result.exit_code == 1 and "no database at" in result.output
    assert len(json.loads(runner.invoke(app, ["events", "--format", "json"]).stdout)) == 1


@pytest.fixture
def filled(fake, pages: Path, db: str) -> str:
    assert runner.invoke(app, ["ingest", str(pages), "--db", db]).exit_code == 0
    return db


def test_events_table(filled: str) -> None:
    result = runner.invoke(app, ["events", "--db", filled])
    assert result.exit_code == 0
    assert "2 events" in result.stdout
    assert "Arrests" in result.stdout and "Aleppo" in result.stdout


def test_events_csv_has_acled_columns(filled: str) -> None:
    result = runner.invoke(app, ["events", "--db", filled, "--format", "csv"])
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 2
    acled = (
        "event_id_cnty event_date time_precision event_type sub_event_type actor1 inter1 actor2 "
        "inter2 country admin1 location latitude longitude geo_precision fatalities sources notes"
    )
    for column in acled.split(" "):
        assert column in rows[0]
    arrests = rows[0]
    assert arrests["event_id_cnty"] == "KE1"
    assert arrests["event_date"] == "2024-05-06"
    assert arrests["actor1"] == "Police Forces of Kenya (2022-)" and arrests["inter1"] == "1"
    assert arrests["country"] == "Kenya" and arrests["iso"] == "KE"
    assert arrests["sources"] == "2"
    assert arrests["notes"].startswith("Police arrested 5")
    assert rows[1]["fatalities"] == "3"


def test_events_filters(filled: str) -> None:
    def ids(*args: str) -> list[int]:
        result = runner.invoke(app, ["events", "--db", filled, "--format", "json", *args])
        assert result.exit_code == 0, result.output
        return [e["id"] for e in json.loads(result.stdout)]

    assert ids() == [1, 2]
    assert ids("--country", "sy") == [2]
    assert ids("--since", "2024-05-07") == [2]
    assert ids("--until", "2024-05-06") == [1]
    assert ids("--type", "ARRESTS") == [1]
    assert ids("--type", "explosions/remote violence") == [2]
    assert ids("--type", "riots") == []


def test_events_bad_options(filled: str) -> None:
    result = runner.invoke(app, ["events", "--db", filled, "--since", "last May"])
    assert result.exit_code != 0 and "YYYY-MM-DD" in result.output
    result = runner.invoke(app, ["events", "--db", filled, "--format", "xml"])
    assert result.exit_code != 0 and "geojson" in result.output


def test_events_geojson(filled: str) -> None:
    result = runner.invoke(app, ["events", "--db", filled, "--format", "geojson"])
    collection = json.loads(result.stdout)
    assert collection["type"] == "FeatureCollection"
    first = collection["features"][0]
    assert first["geometry"] == {"type": "Point", "coordinates": [36.817, -1.283]}
    assert first["properties"]["sub_event_type"] == "Arrests"


def test_events_on_a_fresh_database(db: str) -> None:
    from dateline.store import connect

    connect(db).dispose()
    result = runner.invoke(app, ["events", "--db", db])
    assert result.exit_code == 0
    assert "No events" in result.stdout


READ_ONLY = [
    ["events"],
    ["events", "--format", "csv"],
    ["show", "1"],
    ["export", "{out}"],
    ["users", "token", "rita"],
    ["users", "password", "rita", "--password-stdin"],
    ["users", "disable", "rita"],
    ["correct", "1", "fatalities=2", "--user", "rita"],
]


@pytest.mark.parametrize("command", READ_ONLY, ids=lambda c: " ".join(c[:2]))
def test_commands_that_need_a_database_refuse_a_mistyped_path(
    tmp_path: Path, command: list[str]
) -> None:
    """Issue 16, point 10: `dateline events --db sqlite:///mistyped/path.db` made the folder
    and an empty database, and said there were no events."""
    missing = tmp_path / "mistyped" / "dateline.db"
    line = [part.format(out=tmp_path / "out.csv") for part in command]
    result = runner.invoke(app, [*line, "--db", f"sqlite:///{missing}"], input="a long pass\n")
    assert result.exit_code == 1, result.output
    assert "no database at" in result.output and "Traceback" not in result.output
    assert not missing.parent.exists()


def test_ingest_still_creates_its_database(fake, pages: Path, tmp_path: Path) -> None:
    target = tmp_path / "new" / "folder" / "dateline.db"
    result = runner.invoke(app, ["ingest", str(pages / "a.txt"), "--db", f"sqlite:///{target}"])
    assert result.exit_code == 0, result.output
    assert target.is_file()


def test_export_writes_each_format_from_the_file_name(filled: str, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    for name in ("events.csv", "events.json", "events.geojson", "events.parquet"):
        target = tmp_path / name
        result = runner.invoke(app, ["export", str(target), "--db", filled, "--country", "KE"])
        assert result.exit_code == 0, result.output
        assert target.stat().st_size > 0
        assert not list(tmp_path.glob(".*.partial"))
    rows = list(csv.DictReader(io.StringIO((tmp_path / "events.csv").read_text())))
    assert [r["event_id_cnty"] for r in rows] == ["KE1"]
    assert [e["id"] for e in json.loads((tmp_path / "events.json").read_text())] == [1]
    features = json.loads((tmp_path / "events.geojson").read_text())["features"]
    assert features[0]["geometry"]["coordinates"] == [36.817, -1.283]
    table = pq.read_table(tmp_path / "events.parquet")
    assert table.num_rows == 1
    assert table.column("sub_event_type").to_pylist() == ["Arrests"]


def test_export_refuses_an_unknown_format_and_writes_nothing(filled: str, tmp_path: Path) -> None:
    target = tmp_path / "events.xlsx"
    result = runner.invoke(app, ["export", str(target), "--db", filled])
    assert result.exit_code != 0 and "parquet" in result.output
    assert not target.exists()
    result = runner.invoke(app, ["export", str(target), "--format", "csv", "--db", filled])
    assert result.exit_code == 0 and target.read_text().startswith("event_id_cnty")


def test_export_to_a_missing_folder_is_a_clear_error(filled: str, tmp_path: Path) -> None:
    result = runner.invoke(app, ["export", str(tmp_path / "no" / "e.csv"), "--db", filled])
    assert result.exit_code == 1 and "cannot write" in result.output


def test_show_prints_evidence_and_sources(filled: str) -> None:
    for ident in ("1", "KE1"):
        result = runner.invoke(app, ["show", ident, "--db", filled])
        assert result.exit_code == 0, result.output
        out = result.stdout
        assert "Event KE1" in out and "Arrests" in out
        assert "2 mentions" in out
        assert "Police arrested 5 protesters in Nairobi on Monday." in out
        assert "Five people were arrested in Nairobi" in out
        assert "a.txt" in out and "b.html" in out and "credit: AFP" in out
    data = json.loads(runner.invoke(app, ["show", "2", "--db", filled, "--format", "json"]).stdout)
    assert data["mentions"][0]["evidence"] == "Rebels shelled Aleppo, killing 3."


def test_show_unknown_event(filled: str) -> None:
    result = runner.invoke(app, ["show", "99", "--db", filled])
    assert result.exit_code == 1 and "no event 99" in result.output
    result = runner.invoke(app, ["show", "abc", "--db", filled])
    assert result.exit_code == 1 and "not an event id" in result.output


def test_ingest_with_the_real_analyze(tmp_path: Path, db: str) -> None:
    """No stand-in: the whole pipeline runs; the document is stored whatever it finds."""
    page = tmp_path / "page.txt"
    page.write_text("Police arrested 5 protesters in Nairobi on Monday.")
    result = runner.invoke(app, ["ingest", str(page), "--db", db])
    assert result.exit_code == 0, result.output
    assert count(result.stdout, "new") == 1
    assert count(result.stdout, "failed") == 0
    listed = runner.invoke(app, ["events", "--db", db, "--format", "json"])
    assert listed.exit_code == 0
