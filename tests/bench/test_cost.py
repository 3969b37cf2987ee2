"""The cost estimate follows from the measured throughput, and lands in the doc's table."""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = str(Path(__file__).resolve().parents[2])
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

from bench import cost  # noqa: E402

MEASURED = {
    "n": 200,
    "cpus": 2,
    "gb_per_worker": 0.8,
    "runs": [
        {"engine": "pool", "workers": 1, "articles_per_s": 10.0},
        {"engine": "pool", "workers": 2, "articles_per_s": 18.0},
    ],
}


def test_cpu_hours_and_money_follow_the_best_rate_per_worker() -> None:
    result = cost.estimate(MEASURED, 36_000_000, price=0.05)
    assert result["articles_per_s_per_worker"] == 10.0
    hours = 36_000_000 / 10.0 / 3600 / cost.EFFICIENCY  # 1,111 CPU-hours
    assert result["cpu_hours"] == round(hours)
    assert result["usd_on_demand"] == round(hours * 0.05)
    assert result["usd_spot"] < result["usd_on_demand"]
    assert result["wall_hours"]["64"] == round(hours / 64, 1)
    assert result["cluster_memory_gb"]["256"] == round(256 * 0.8)


def test_main_writes_the_table_between_the_markers(tmp_path: Path) -> None:
    throughput = tmp_path / "throughput.json"
    throughput.write_text(json.dumps(MEASURED))
    doc = tmp_path / "scaling.md"
    doc.write_text("intro\n<!-- cost-table: generated -->\nold\n<!-- /cost-table -->\nend\n")
    result = cost.estimate(MEASURED, 100_000_000, cost.PRICE_VCPU_HOUR)
    assert cost.write_doc(cost.markdown(result), doc)
    text = doc.read_text()
    assert "old" not in text and text.endswith("<!-- /cost-table -->\nend\n")
    assert "| CPU-hours for 100,000,000 articles |" in text
    out = tmp_path / "cost.json"
    assert cost.main(["--throughput", str(throughput), "--output", str(out)]) == 0
    assert json.loads(out.read_text())["cpu_hours"] == result["cpu_hours"]


def test_absent_throughput_is_not_an_error(tmp_path: Path) -> None:
    assert cost.main(["--throughput", str(tmp_path / "none.json")]) == 0
