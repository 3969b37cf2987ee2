"""bench.load runs end to end, tiny: a real Uvicorn server on loopback, a few clients, a
JSON result with every endpoint's rate and latencies; and it refuses unbounded runs."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = str(Path(__file__).resolve().parents[2])
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

from bench.load import fill, main  # noqa: E402
from bench.scorecard import scorecard  # noqa: E402
from dateline.store import connect  # noqa: E402
from dateline.store.queries import EventFilter, count_matching, event_detail  # noqa: E402

ENDPOINTS = {"list_filtered", "histogram", "export_csv", "event_one"}


def test_a_tiny_run_writes_its_results(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    output = tmp_path / "load.json"
    argv = ["--events", "200", "--clients", "2", "--duration", "2", "--output", str(output)]
    assert main(argv) == 0
    result = json.loads(output.read_text())
    assert (result["events"], result["clients"], result["workers"]) == (200, 2, 1)
    assert set(result["endpoints"]) == ENDPOINTS
    for name, item in result["endpoints"].items():
        assert item["requests"] > 0 and item["errors"] == 0, name
        assert 0 < item["p50_ms"] <= item["p99_ms"], name
    assert result["total"]["requests"] == sum(i["requests"] for i in result["endpoints"].values())
    assert result["total"]["requests_per_s"] > 0
    assert "list_filtered" in capsys.readouterr().out  # the table was printed
    lines = [line for line in scorecard({"load": result}) if line.target.benchmark == "load"]
    first = [line for line in lines if "first run" in line.target.label]
    assert len(first) == 3 and all(line.status in ("pass", "FAIL") for line in first)
    two = [line for line in lines if "2 workers" in line.target.label]
    assert two and all(line.status == "missing" for line in two)  # no run on 2 workers here


def test_a_run_with_an_ingest_reports_the_writes_beside_it(tmp_path: Path) -> None:
    """--with-ingest: `dateline ingest` stores stories during the run while an analyst
    corrects, tags and replies; none of those writes fails or meets a locked database."""
    output = tmp_path / "load.json"
    argv = ["--events", "200", "--clients", "2", "--duration", "2", "--with-ingest"]
    assert main([*argv, "--output", str(output)]) == 0
    result = json.loads(output.read_text())
    assert result["with_ingest"] is True and set(result["runs"]) == {"1", "1+ingest"}
    assert "writes" not in result["runs"]["1"]  # the first run reads alone
    beside = result["during_ingest"]
    assert set(beside["writes"]) == {"review", "tag", "reply", "during_ingest", "all"}
    writes = beside["writes"]["all"]
    assert writes["requests"] > 0 and writes["errors"] == 0
    assert 0 < writes["p50_ms"] <= writes["p99_ms"]
    assert beside["writes"]["during_ingest"]["requests"] > 0
    assert beside["ingest"]["stored"] >= 1 and beside["ingest"]["locked"] == 0
    assert beside["endpoints"]["list_filtered"]["errors"] == 0
    assert {"server_ms_per_request", "clients_ms_per_request", "other_cores"} <= set(result["cpu"])
    assert beside["cpu"]["ingest_cores"] > 0


def test_the_database_holds_events_with_their_sources(tmp_path: Path) -> None:
    engine = connect(f"sqlite:///{tmp_path / 'load.db'}")
    fill(engine, 120)
    with engine.connect() as conn:
        assert count_matching(conn, EventFilter()) == 120
        assert count_matching(conn, EventFilter(q="Militia")) == 120
        event = event_detail(conn, 7)
    engine.dispose()
    assert event is not None and len(event["sources_list"]) == 1
    assert event["mentions"][0]["evidence"] == event["notes"]


@pytest.mark.parametrize(
    "argv", [["--clients", "1000"], ["--duration", "0"], ["--events", "-5"], ["--workers", "9"]]
)
def test_unbounded_runs_are_refused(argv: list[str]) -> None:
    with pytest.raises(SystemExit):
        main(argv)

