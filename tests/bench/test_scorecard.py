"""bench.scorecard: reading results files and judging figures against targets."""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = str(Path(__file__).resolve().parents[2])
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

from bench.scorecard import TARGETS, load_results, lookup, main, scorecard  # noqa: E402


def test_lookup() -> None:
    data = {"corpora": {"TR-News": {"acc_161km": 0.91}}}
    assert lookup(data, "corpora.TR-News.acc_161km") == 0.91
    assert lookup(data, "corpora.lgl.acc_161km") is None
    assert lookup(data, "corpora.TR-News.acc_161km.deeper") is None


def test_scorecard_statuses(tmp_path: Path, capsys) -> None:
    (tmp_path / "case2021.json").write_text(json.dumps({"scores": {"weighted_f1": 0.9}}))
    (tmp_path / "acled.json").write_text(
        json.dumps({"scores": {"fields": {"event_type": 0.5}, "sub_event_type_macro_f1": None}})
    )
    (tmp_path / "throughput.json").write_text(json.dumps({"gb_per_worker": 1.2}))
    lines = {line.target.label: line for line in scorecard(load_results(tmp_path))}
    assert len(lines) == len(TARGETS)
    assert lines["CASE 2021 weighted F1 (ACLED types)"].status == "pass"
    assert lines["ACLED event_type accuracy"].status == "FAIL"
    assert lines["ACLED sub_event_type macro-F1"].status == "missing"
    assert lines["geo acc@161 km TR-News"].status == "not run"
    memory = lines["memory per worker (GB)"]  # lower is better
    assert (memory.value, memory.status) == (1.2, "pass")
    assert main([str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "scorecard" in out and "0.900" in out
